//! `nabla plot`: pictures of a formula, written with the library's plotting module.
//!
//! Two variables give a contour map (filled bands, or lines with `--lines`; log-spaced levels;
//! `--quiver` adds descent arrows from the compiled gradient), or the 3-D surface with
//! `--surface`. One variable gives the curve. `--from POINT --methods LIST` runs each optimizer
//! from the start point and draws its path; `--loss` also writes `<stem>-loss.<ext>`, each run's
//! value against its iteration.
//!
//! `-o -` writes no file: the SVG goes to standard output, or with `--json` inline in the JSON
//! beside the plotting area's `frame` (what `nabla serve` uses); `--json` also gives each run's
//! recorded path ([`report`]).
//!
//! `--stall N` is `nabla min`'s stall rule (0: never). `--minima` finds the local minima inside
//! the box (multi-start L-BFGS, kept when classified as local minima) and marks each.
//!
//! Invariants:
//! - Every input error (extension, box, size, grid, method list, variable count) is found before
//!   any optimizer runs or any file is written, and is a [`CliError::Usage`] (exit 2); so is a
//!   start where the function or its gradient is not finite, as in `nabla min`.
//! - Limits (also under `--help`): `--size` at most 8192 pixels per side and 50 megapixels,
//!   `--grid` at most 4096 (400 for `--surface`), each `--box` range with a finite width of at
//!   least 1e-12 times its larger end.
//! - Grids are evaluated through the compiled tapes' batch entry point, one call per grid, split
//!   on all cores by the library (`Program::eval_batch_par`).
//! - The star and "minimum found" appear only when the polished best end point is classified as
//!   a local minimum; otherwise the report says "unbounded below" (with the evidence of
//!   `probe_unbounded`) or "no minimum found", and no star is drawn. `--star` is drawn as given.
//! - Runs of the same method are labelled with the settings that tell them apart (`gd (lr=0.01)`).
//! - Paths are recorded at most [`MAX_RECORDED`]-ish points per run (`record_every`); the plotting
//!   module thins them further for drawing, never for computing.
//! - No NaN is ever printed: reports hold finite points, and the summary's note says once when
//!   part of the picture is blank.
//!
//! Default settings (each overridable by `--lr` for all methods or `method:lr=...` for one) are
//! the book's for its Beale experiments from (3, 4) where it gives them, chosen so that all six of
//! its methods draw visible, distinct paths in the default 10,000 iterations:
//! - `gd`, `momentum`, `nesterov`: `lr = min(0.01, 0.3 / max|grad f(start)|)` rounded down to one
//!   significant digit (the first step moves at most 0.3): the book's 5e-6 for Beale from (3, 4)
//!   and its 0.01 for `x^3 - 3x^2 - 9x + 2` from 1; `momentum` uses the book's coefficient 0.8;
//! - `adagrad`: the book's `lr` 0.1; `adadelta`: the book's `lr` 1, `rho` 0.9 (the suite's too);
//! - `adam`: the book's `lr` 0.001 with `beta2` 0.8 (it reaches Beale's minimum);
//! - `rmsprop`: `lr` 0.001 (the suite's 0.01 runs far out along Beale's left valley);
//! - everything else: the optimizer suite's defaults.
//!
//! From (3, 4) the sign-like adaptive methods (adagrad, adadelta, rmsprop) head for the valley on
//! the left where Beale's function tends to a small value as x goes to minus infinity; that is
//! their behaviour, not a tuning artefact, and the picture shows it.

use std::path::{Path, PathBuf};

use clap::Args;
use nabla::optim::{self, HyperParams, Method, OptimError, OptimReport, StopRule};
use nabla::plot::{
    self, ChartOptions, ContourOptions, ContourStyle, CurveOptions, ImageFormat, Interval,
    LevelScale, PathSeries, PlotBox, PlotError, PlotSummary, SurfaceOptions, MAX_GRID,
    MAX_SURFACE_GRID,
};
use nabla::{Function, Program};

use super::methods::{parse_methods, with_defaults, MethodSpec};

mod report;
mod verdict;
use super::{not_finite, parse_box, parse_point, CliError, FormulaArgs};
use report::report;
use verdict::{judge, local_minima, minima_box, run_labels, Findings, Verdict};

/// Roughly how many points of each run are recorded (the start and end always are).
pub const MAX_RECORDED: usize = 5000;

/// Starts of the multi-start L-BFGS search behind `--minima`.
const MINIMA_STARTS: usize = 128;

/// The per-method defaults, shown under `nabla plot --help`.
const DEFAULTS_HELP: &str = "\
Default settings per method (override with --lr for all, or e.g. --methods gd:lr=1e-4):
  gd, momentum, nesterov  lr = min(0.01, 0.3 / max|grad f(start)|), one significant digit
                          (5e-6 on Beale from (3, 4)); momentum coefficient 0.8
  adagrad                 lr 0.1
  adadelta                lr 1, rho 0.9
  rmsprop                 lr 0.001
  adam                    lr 0.001, beta2 0.8
  others                  the optimizer suite's defaults
Settings: lr, decay, momentum, beta1, beta2, rho, alpha, eps, initial_accumulator,
momentum_decay, memory, c1, c2, centered, iters (e.g. adam:lr=0.01:beta2=0.9:iters=500).

Limits: --size at most 8192 pixels per side and 50 megapixels; --grid at most 4096 points per
axis (curves and contour maps) and 400 (surfaces); each --box range finite, with a width that
does not overflow and at least 1e-12 times its larger end.

Examples:
  nabla plot \"x^2 + 3y^2\" -o bowl.png
  nabla plot \"(1.5-x+x*y)^2+(2.25-x+x*y^2)^2+(2.625-x+x*y^3)^2\" --from x=3,y=4 \\
      --methods gd,momentum,adagrad,adadelta,rmsprop,adam -o beale.svg --loss
  nabla plot \"x^3 - 3x^2 - 9x + 2\" --from 1 --box -3..4 --iters 200 -o descent.svg";

/// Arguments of `nabla plot`.
#[derive(Args, Debug)]
#[command(after_help = DEFAULTS_HELP)]
pub struct PlotArgs {
    #[command(flatten)]
    formula: FormulaArgs,
    /// Output picture: `.svg` (text stays text) or `.png`; `-` writes the SVG to standard output
    /// (with `--json`, inline in the JSON) and no file.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE",
        default_value = "plot.svg"
    )]
    output: PathBuf,
    /// Range shown: `-4.5..4.5` for every axis, `x=-4.5..4.5,y=-1..2` by name, or `-4.5..4.5,-1..2`
    /// in variable order (default: around the start, the path ends and the minimum; -5..5 when
    /// there is none).
    #[arg(long = "box", value_name = "RANGE", allow_hyphen_values = true)]
    range: Option<String>,
    /// Picture size in pixels, WIDTHxHEIGHT (64 to 8192 per side, at most 50 megapixels).
    #[arg(long, value_name = "WxH", default_value = "900x600")]
    size: String,
    /// Grid points per axis (default: 200 for a contour map, 60 for a surface, 400 for a curve;
    /// at most 4096, or 400 for a surface).
    #[arg(long, allow_negative_numbers = true, value_name = "N")]
    grid: Option<usize>,
    /// Number of contour levels.
    #[arg(
        long,
        allow_negative_numbers = true,
        value_name = "N",
        default_value_t = 30
    )]
    levels: usize,
    /// Contour lines on white instead of filled bands.
    #[arg(long)]
    lines: bool,
    /// Space levels and colours linearly instead of logarithmically.
    #[arg(long)]
    linear: bool,
    /// Draw the descent direction (-grad f) as arrows over the contour map.
    #[arg(long)]
    quiver: bool,
    /// Draw the 3-D surface instead of the contour map (two variables).
    #[arg(long, conflicts_with_all = ["lines", "quiver"])]
    surface: bool,
    /// Start point of the optimizer paths: `x=3,y=4` by name, or `3,4` in variable order.
    #[arg(long, value_name = "POINT", allow_hyphen_values = true)]
    from: Option<String>,
    /// Methods to run from `--from`, comma-separated, each with optional settings:
    /// `gd,momentum,adam` or `gd:lr=1e-4,adam:lr=0.01:beta2=0.8` [default: gd].
    #[arg(long, value_name = "LIST", requires = "from")]
    methods: Vec<String>,
    /// Step size for every method (default: per method, listed below).
    #[arg(long, value_name = "LR", allow_hyphen_values = true)]
    lr: Option<f64>,
    /// Iteration limit for every method (at most 100,000,000).
    #[arg(long, allow_negative_numbers = true, value_name = "N", default_value_t = 10_000, value_parser = super::limits::count(0, super::limits::MAX_ITERS))]
    iters: usize,
    /// Stop a run when its value has not decreased for this many iterations (0: never), as in
    /// `nabla min`.
    #[arg(long, allow_negative_numbers = true, value_name = "N", default_value_t = 1000, value_parser = super::limits::count(0, super::limits::MAX_ITERS))]
    stall: usize,
    /// The minimum to mark with a star (default: the best path end, polished with L-BFGS, when it
    /// is a local minimum).
    #[arg(long, value_name = "POINT", allow_hyphen_values = true)]
    star: Option<String>,
    /// Find the local minima inside the box (multi-start L-BFGS) and mark each with a star
    /// (contour maps).
    #[arg(long, conflicts_with_all = ["star", "surface"])]
    minima: bool,
    /// Also write each run's value against its iteration (log scale) to `<stem>-loss.<ext>`.
    #[arg(long, requires = "from")]
    loss: bool,
    /// Title above the picture (default: the formula, when it is short).
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
}

/// Parses `--size WIDTHxHEIGHT` (64 to 8192 pixels per side, at most 50 megapixels).
pub fn parse_size(text: &str) -> Result<(u32, u32), CliError> {
    let bad = || {
        CliError::Usage(format!(
            "error: cannot use the size `{text}`; write WIDTHxHEIGHT in pixels, each 64 to 8192 and at most 50 megapixels in all, e.g. --size 900x600"
        ))
    };
    let (w, h) = text.trim().split_once(['x', 'X']).ok_or_else(bad)?;
    let w: u32 = w.trim().parse().map_err(|_| bad())?;
    let h: u32 = h.trim().parse().map_err(|_| bad())?;
    plot::check_size((w, h)).map_err(|_| bad())?;
    Ok((w, h))
}

/// One finished run.
struct Run {
    method: Method,
    iters: usize,
    report: OptimReport,
}

/// Every optimizer error here is about the input (a start outside the domain, a bad setting):
/// exit 2, as in `nabla min`.
fn optim_error(e: OptimError) -> CliError {
    CliError::Usage(format!("error: {e}"))
}

fn plot_error(e: PlotError) -> CliError {
    CliError::of(e.exit(), format!("error: {e}"))
}

/// `out.svg` → `out-loss.svg`.
fn sibling(path: &Path, suffix: &str, format: ImageFormat) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plot".to_string());
    path.with_file_name(format!("{stem}-{suffix}.{}", format.extension()))
}

/// A short number for summaries: six significant digits at most.
fn short(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 || (1e-3..1e6).contains(&a) {
        let digits = 6usize.saturating_sub(a.log10().floor().max(0.0) as usize + 1);
        let s = format!("{v:.digits$}");
        let s = if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        };
        if s == "-0" {
            "0".to_string()
        } else {
            s
        }
    } else {
        let s = format!("{v:.3e}");
        match s.split_once('e') {
            Some((m, e)) if m.contains('.') => {
                format!("{}e{e}", m.trim_end_matches('0').trim_end_matches('.'))
            }
            _ => s,
        }
    }
}

/// Runs `nabla plot`: checks the request, runs the optimizers, draws the picture (and the loss
/// chart), then reports.
pub fn run(a: &PlotArgs) -> Result<(), CliError> {
    let (mut f, mut req) = resolve(a)?;
    let owned = req.names.clone();
    let names: Vec<&str> = owned.iter().map(String::as_str).collect();
    let runs = match &req.start {
        Some(x0) => run_methods(&mut f, a, &names, x0, &req.specs)?,
        None => Vec::new(),
    };
    // The star: given, else the best run end polished by L-BFGS, when that is a local minimum.
    let verdict = match &req.star {
        Some(s) => Verdict::Given(s.clone()),
        None => judge(&mut f, &runs),
    };
    let minimum = verdict.star().map(<[f64]>::to_vec);
    let labels = run_labels(&runs);
    let series: Vec<PathSeries> = runs
        .iter()
        .zip(&labels)
        .map(|(r, l)| path_series(r, l))
        .collect();
    let minima = if a.minima {
        let b = minima_box(&req, &series, minimum.as_deref())?;
        req.range = Some(vec![(b.x.lo, b.x.hi), (b.y.lo, b.y.hi)]);
        local_minima(&f, &b)?
    } else {
        Vec::new()
    };
    let written = render(a, &f, &req, &series, minimum.as_deref(), &minima)?;
    let found = Findings {
        labels,
        verdict,
        minima,
    };
    let formula = f.formula().to_infix().ok();
    report(
        a,
        formula,
        &names,
        req.start.as_deref(),
        &runs,
        &found,
        &written,
    );
    Ok(())
}

/// What the command line asks for, every part checked.
struct Request {
    size: (u32, u32),
    /// The formula's variables (one or two).
    names: Vec<String>,
    /// `--range`, one interval per variable.
    range: Option<Vec<(f64, f64)>>,
    /// `--star`.
    star: Option<Vec<f64>>,
    /// `--from`.
    start: Option<Vec<f64>>,
    /// `--methods`, parsed only with a start point.
    specs: Vec<MethodSpec>,
    /// Where `--loss` writes its chart.
    loss_path: Option<PathBuf>,
}

/// Parses the formula and checks everything the user typed, before any work.
fn resolve(a: &PlotArgs) -> Result<(Function, Request), CliError> {
    let in_memory = a.output == Path::new(plot::IN_MEMORY);
    if in_memory && a.loss {
        return Err(CliError::Usage(
            "error: --loss writes a second picture to a file, so it needs a file name; give -o NAME.svg, or leave out --loss with -o -".to_string(),
        ));
    }
    let format = if in_memory {
        ImageFormat::Svg
    } else {
        ImageFormat::from_path(&a.output).map_err(plot_error)?
    };
    let size = parse_size(&a.size)?;
    let f: Function = a.formula.function()?;
    let owned: Vec<String> = f.var_names().iter().map(|s| s.to_string()).collect();
    let names: Vec<&str> = owned.iter().map(String::as_str).collect();
    check_shape(a, &names)?;
    let range = a
        .range
        .as_deref()
        .map(|t| parse_box(t, &names))
        .transpose()?;
    for (name, (lo, hi)) in names.iter().zip(range.iter().flatten()) {
        Interval::new(*lo, *hi)
            .map_err(|e| CliError::Usage(format!("error: --box {name}: {e}")))?;
    }
    let star = a
        .star
        .as_deref()
        .map(|t| parse_point(t, &names))
        .transpose()?;
    let start = a
        .from
        .as_deref()
        .map(|t| parse_point(t, &names))
        .transpose()?;
    let specs = match start {
        Some(_) => parse_methods(&a.methods, &HyperParams::default())?,
        None => Vec::new(),
    };
    let loss_path = a.loss.then(|| sibling(&a.output, "loss", format));
    let req = Request {
        size,
        names: owned,
        range,
        star,
        start,
        specs,
        loss_path,
    };
    Ok((f, req))
}

/// The variable count against the kind of picture, and the grid and level counts.
fn check_shape(a: &PlotArgs, names: &[&str]) -> Result<(), CliError> {
    let dim = names.len();
    if dim == 0 {
        return Err(CliError::Usage(
            "error: the formula has no variables, so there is nothing to plot; give a formula of one or two variables, e.g. \"x^2 + y^2\"".to_string(),
        ));
    }
    if dim > 2 {
        return Err(CliError::Usage(format!(
            "error: `nabla plot` draws functions of one or two variables, but this formula has {dim} ({}); replace the others by numbers",
            names.join(", ")
        )));
    }
    if a.surface && dim != 2 {
        return Err(CliError::Usage(
            "error: --surface needs a function of two variables; leave it out to draw the curve"
                .to_string(),
        ));
    }
    if a.quiver && dim != 2 {
        return Err(CliError::Usage(
            "error: --quiver needs a function of two variables; leave it out to draw the curve"
                .to_string(),
        ));
    }
    if a.minima && (dim != 2 || a.surface) {
        return Err(CliError::Usage(
            "error: --minima marks the minima on a contour map; give a function of two variables and leave out --surface"
                .to_string(),
        ));
    }
    if let Some(n) = a.grid {
        let (max, what) = if a.surface {
            (MAX_SURFACE_GRID, "a surface")
        } else {
            (MAX_GRID, "a curve or a contour map")
        };
        if !(2..=max).contains(&n) {
            return Err(CliError::Usage(format!(
                "error: --grid {n} is out of range; use 2 to {max} points per axis for {what}, e.g. --grid {}",
                if a.surface { 60 } else { 200 }
            )));
        }
    }
    if !(2..=200).contains(&a.levels) {
        return Err(CliError::Usage(format!(
            "error: --levels {} is out of range; use 2 to 200 levels, e.g. --levels 30",
            a.levels
        )));
    }
    Ok(())
}

/// Runs each method from `x0` (which must give a finite value and gradient); every method is
/// built first, so a bad setting stops the command before any run.
fn run_methods(
    f: &mut Function,
    a: &PlotArgs,
    names: &[&str],
    x0: &[f64],
    specs: &[MethodSpec],
) -> Result<Vec<Run>, CliError> {
    let mut g = vec![0.0; names.len()];
    let v = f.value_and_grad(x0, &mut g);
    let bad = if v.is_finite() {
        g.iter().find(|d| !d.is_finite()).map(|d| ("gradient", *d))
    } else {
        Some(("value", v))
    };
    if let Some((what, d)) = bad {
        // A start outside the domain is bad input: exit 2, as in `nabla min`.
        return Err(match not_finite(what, d, names, x0) {
            CliError::Numeric(m) | CliError::Usage(m) => CliError::Usage(format!(
                "{m}; start the paths inside the function's domain (--from)"
            )),
            other => other,
        });
    }
    let methods: Vec<(Method, usize)> = specs
        .iter()
        .map(|s| (with_defaults(s, a.lr, &g), s.iters.unwrap_or(a.iters)))
        .collect();
    for (m, _) in &methods {
        m.build().map_err(optim_error)?;
    }
    let mut runs = Vec::with_capacity(methods.len());
    for (method, iters) in methods {
        let stop = StopRule::default()
            .max_iters(iters)
            .stall(a.stall, 0.0)
            .record_every((iters / MAX_RECORDED).max(1));
        let report = optim::minimize(f, x0, &method, &stop).map_err(optim_error)?;
        runs.push(Run {
            method,
            iters,
            report,
        });
    }
    Ok(runs)
}

/// A written file: its path, what it shows, and the plotting module's summary.
type Written = (PathBuf, &'static str, PlotSummary);

/// Draws the picture (curve, surface or contour map) and, with `--loss`, the loss chart.
fn render(
    a: &PlotArgs,
    f: &Function,
    req: &Request,
    series: &[PathSeries],
    minimum: Option<&[f64]>,
    minima: &[Vec<f64>],
) -> Result<Vec<Written>, CliError> {
    let scene = Scene {
        names: &req.names,
        size: req.size,
        title: title(a, f, req.size),
        range: req.range.as_deref(),
        // Without a start or a star the box has nothing to centre on.
        default_box: req.start.is_none() && minimum.is_none(),
        scale: if a.linear {
            LevelScale::Linear
        } else {
            LevelScale::Log
        },
        series,
        minimum,
        minima,
    };
    let tape = f.value_tape();
    let mut value = |p: &[f64], out: &mut [f64]| par_batch(tape, p, out);
    let picture = if req.names.len() == 1 {
        draw_curve(a, &scene, &mut value)?
    } else if a.surface {
        draw_surface(a, &scene, &mut value)?
    } else {
        draw_contour_map(a, f, &scene, &mut value)?
    };
    let mut written = vec![picture];
    if let Some(lp) = &req.loss_path {
        written.push(write_loss_chart(lp, req.size, series)?);
    }
    Ok(written)
}

/// What every picture shares.
struct Scene<'s> {
    /// The variables (one or two).
    names: &'s [String],
    size: (u32, u32),
    title: Option<String>,
    /// `--range`, one interval per variable.
    range: Option<&'s [(f64, f64)]>,
    /// Use -5..5 on each axis when no `--range` is given.
    default_box: bool,
    scale: LevelScale,
    /// The optimizer paths.
    series: &'s [PathSeries],
    /// The star.
    minimum: Option<&'s [f64]>,
    /// `--minima`: the local minima found in the box.
    minima: &'s [Vec<f64>],
}

/// Evaluates a batch of points on all cores (the library's [`Program::eval_batch_par`]); the
/// plot module makes one call per grid, with whole points of the formula's inputs.
fn par_batch(tape: &Program, points: &[f64], out: &mut [f64]) {
    if let Err(e) = tape.eval_batch_par(points, out) {
        // The grids are built from the formula's own inputs; a mismatch is a bug, shown as
        // values that are not numbers rather than a crash.
        debug_assert!(false, "plot batch: {e}");
        out.fill(f64::NAN);
    }
}

/// `--title`, else `f = <formula>` when it fits the width.
fn title(a: &PlotArgs, f: &Function, size: (u32, u32)) -> Option<String> {
    a.title.clone().or_else(|| {
        f.formula()
            .to_infix()
            .ok()
            .filter(|t| t.chars().count() + 4 <= usize::try_from(size.0 / 12).unwrap_or(0))
            .map(|t| format!("f = {t}"))
    })
}

/// The box of a two-variable picture: `--range`, else -5..5 when nothing else decides it.
fn plot_box(scene: &Scene) -> Result<Option<PlotBox>, CliError> {
    Ok(match scene.range {
        Some(r) => Some(PlotBox::new(r[0], r[1]).map_err(plot_error)?),
        None if scene.default_box => {
            Some(PlotBox::new((-5.0, 5.0), (-5.0, 5.0)).map_err(plot_error)?)
        }
        None => None,
    })
}

/// The curve of a function of one variable.
fn draw_curve(
    a: &PlotArgs,
    scene: &Scene,
    value: &mut plot::BatchEval,
) -> Result<Written, CliError> {
    let range = match scene.range {
        Some(r) => Some(Interval::new(r[0].0, r[0].1).map_err(plot_error)?),
        None if scene.default_box => Some(Interval { lo: -5.0, hi: 5.0 }),
        None => None,
    };
    let opts = CurveOptions {
        size: scene.size,
        title: scene.title.clone(),
        var_name: scene.names[0].clone(),
        range,
        samples: a.grid.unwrap_or(400),
        minimum: scene.minimum.map(|m| m[0]),
        ..Default::default()
    };
    let s = plot::curve(&a.output, value, scene.series, &opts).map_err(plot_error)?;
    Ok((a.output.clone(), "curve", s))
}

/// The 3-D surface of a function of two variables; without a box, one around the star and the
/// paths' ends.
fn draw_surface(
    a: &PlotArgs,
    scene: &Scene,
    value: &mut plot::BatchEval,
) -> Result<Written, CliError> {
    let star = scene.minimum.map(|m| [m[0], m[1]]);
    let range = plot_box(scene)?.or_else(|| {
        let mut pts: Vec<[f64; 2]> = star.into_iter().collect();
        for s in scene.series {
            for q in [s.points.first(), s.points.last()].into_iter().flatten() {
                pts.push([q[0], q[1]]);
            }
        }
        Some(PlotBox::around(pts))
    });
    let opts = SurfaceOptions {
        size: scene.size,
        title: scene.title.clone(),
        var_names: [scene.names[0].clone(), scene.names[1].clone()],
        range,
        grid: a.grid.map_or((60, 60), |n| (n, n)),
        scale: scene.scale,
        minimum: star,
        ..Default::default()
    };
    let s = plot::surface(&a.output, value, &opts).map_err(plot_error)?;
    Ok((a.output.clone(), "surface", s))
}

/// The contour map of a function of two variables, with the paths and, with `--quiver`, descent
/// arrows from the compiled gradient.
fn draw_contour_map(
    a: &PlotArgs,
    f: &Function,
    scene: &Scene,
    value: &mut plot::BatchEval,
) -> Result<Written, CliError> {
    let opts = ContourOptions {
        size: scene.size,
        title: scene.title.clone(),
        var_names: [scene.names[0].clone(), scene.names[1].clone()],
        range: plot_box(scene)?,
        grid: a.grid.map_or((200, 200), |n| (n, n)),
        levels: a.levels,
        scale: scene.scale,
        style: if a.lines {
            ContourStyle::Lines
        } else {
            ContourStyle::Filled
        },
        minimum: scene.minimum.map(|m| [m[0], m[1]]),
        minima: scene.minima.iter().map(|m| [m[0], m[1]]).collect(),
        ..Default::default()
    };
    let gtape = f.value_grad_tape();
    let stride = gtape.n_outputs();
    let mut buf: Vec<f64> = Vec::new();
    let mut grad = |p: &[f64], out: &mut [f64]| {
        buf.resize(p.len() / 2 * stride, 0.0);
        par_batch(gtape, p, &mut buf);
        for (o, row) in out.chunks_exact_mut(2).zip(buf.chunks_exact(stride)) {
            o.copy_from_slice(&row[1..3]);
        }
    };
    let grad_arg: Option<&mut plot::BatchEval> = if a.quiver { Some(&mut grad) } else { None };
    let s =
        plot::contour_map(&a.output, value, grad_arg, scene.series, &opts).map_err(plot_error)?;
    Ok((a.output.clone(), "contour map", s))
}

/// Each run's value against its iteration (`--loss`).
fn write_loss_chart(
    path: &Path,
    size: (u32, u32),
    series: &[PathSeries],
) -> Result<Written, CliError> {
    let opts = ChartOptions {
        size,
        title: Some("f by iteration".to_string()),
        ..Default::default()
    };
    let s = plot::loss_chart(path, series, &opts).map_err(plot_error)?;
    Ok((path.to_path_buf(), "loss chart", s))
}

fn path_series(r: &Run, label: &str) -> PathSeries {
    let p = &r.report.path;
    let points: Vec<Vec<f64>> = p
        .points
        .chunks_exact(p.dim.max(1))
        .map(<[f64]>::to_vec)
        .collect();
    PathSeries::new(label, points)
        .with_values(p.values.clone())
        .with_iters(p.iters.clone())
}

fn short_tuple(v: &[f64]) -> String {
    let parts: Vec<String> = v.iter().map(|x| short(*x)).collect();
    format!("({})", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use nabla::optim::MethodKind;

    #[test]
    fn box_forms() {
        let xy = ["x", "y"];
        assert_eq!(
            parse_box("-4.5..4.5", &xy).ok(),
            Some(vec![(-4.5, 4.5), (-4.5, 4.5)])
        );
        assert_eq!(
            parse_box("y=0..1, x=-1..1", &xy).ok(),
            Some(vec![(-1.0, 1.0), (0.0, 1.0)])
        );
        assert_eq!(
            parse_box("-1..1,0..2", &xy).ok(),
            Some(vec![(-1.0, 1.0), (0.0, 2.0)])
        );
        let pi = parse_box("-pi..pi", &["t"]).ok().unwrap_or_default();
        assert_eq!(pi, vec![(-std::f64::consts::PI, std::f64::consts::PI)]);
        // `1..1` is a box (certify and the global search take width-0 boxes); `plot` refuses
        // it itself, as a range to draw.
        assert!(parse_box("1..1", &["x"]).is_ok());
        for bad in [
            "",
            "2..1",
            "x=0..1",
            "z=0..1,x=0..1,y=0..1",
            "0..1,0..1,0..1",
            "a..b",
            "0:1",
            "x=0..1,x=0..2",
            "0..inf",
        ] {
            assert!(
                matches!(parse_box(bad, &xy), Err(CliError::Usage(_))),
                "`{bad}` accepted"
            );
        }
    }

    #[test]
    fn methods_with_settings() {
        let specs = parse_methods(
            &["gd:lr=1e-4,adam:lr=0.01,beta2=0.8:iters=50".to_string()],
            &HyperParams::default(),
        )
        .ok()
        .unwrap_or_default();
        assert_eq!(specs.len(), 2);
        assert_eq!(specs[0].method.params.lr, Some(1e-4));
        assert_eq!(specs[1].method.kind, MethodKind::Adam);
        assert_eq!(specs[1].method.params.beta2, Some(0.8));
        assert_eq!(specs[1].iters, Some(50));
        for bad in [
            "adma",
            "lr=1",
            "gd:lr",
            "gd:speed=3",
            "gd:lr=fast",
            "adam:iters=-1",
        ] {
            assert!(
                matches!(
                    parse_methods(&[bad.to_string()], &HyperParams::default()),
                    Err(CliError::Usage(_))
                ),
                "`{bad}` accepted"
            );
        }
        let default = parse_methods(&[], &HyperParams::default())
            .ok()
            .unwrap_or_default();
        assert_eq!(default[0].method.kind, MethodKind::Gd);
    }

    #[test]
    fn default_steps_follow_the_book() {
        use nabla::optim::capped_lr;
        assert_eq!(capped_lr(0.01, 0.3, 57519.0), 5e-6);
        assert_eq!(capped_lr(0.01, 0.3, 12.0), 0.01);
        assert_eq!(capped_lr(0.01, 0.3, 0.0), 0.01);
        assert_eq!(capped_lr(0.01, 0.3, 40.0), 7e-3);
    }

    #[test]
    fn sizes_and_numbers() {
        assert_eq!(parse_size("900x600").ok(), Some((900, 600)));
        assert!(parse_size("900").is_err() && parse_size("10x10").is_err());
        assert_eq!(short(0.1 + 0.2), "0.3");
        assert_eq!(short(5e-6), "5e-6");
        assert_eq!(short(7.3171e-8), "7.317e-8");
        assert_eq!(short(-0.0), "0");
        assert_eq!(short(57519.26), "57519.3");
    }
}
