//! `nabla plot`: pictures of a formula. This file parses the arguments into the library's
//! [`PlotRequest`] and words its errors with the flags; the library's [`nabla::answer::plot`]
//! checks the request, runs the optimizers, judges the star and draws; [`report`] renders the
//! answer.
//!
//! Two variables give a contour map (filled bands, or lines with `--lines`; log-spaced levels;
//! `--quiver` adds descent arrows from the compiled gradient), or the 3-D surface with
//! `--surface`. One variable gives the curve. `--from POINT --methods LIST` runs each optimizer
//! from the start point and draws its path; `--loss` also writes `<stem>-loss.<ext>`, each run's
//! value against its iteration (`--log-x`: on a log iteration axis, which leaves out iteration 0).
//!
//! `-o -` writes no file: the SVG goes to standard output, or with `--json` inline in the JSON
//! beside the plotting area's `frame` (what `nabla serve` uses); `--json` also gives each run's
//! recorded path ([`report`]).
//!
//! Three or more variables: `--at z=3` holds the named variables at those values and draws the
//! others (one or two; `--axes y,x` orders them, and then every other variable must be held);
//! the library's [`nabla::Formula::hold`] substitutes the values, so the picture, `--from`,
//! `--box` and the runs are those of the slice.
//!
//! `--stall N` is `nabla min`'s stall rule (0: never). `--minima` finds the local minima inside
//! the box (multi-start L-BFGS, kept when classified as local minima) and marks each.
//!
//! Several formulas (`"f; g"`) or `--with derivative` draw curves on one chart (`formulas.rs`);
//! `--panels` draws one panel per method side by side; `--view` turns the surface, on which the
//! paths are drawn.
//!
//! Invariants:
//! - Every input error (extension, box, size, grid, method list, variable count) is found before
//!   any optimizer runs or any file is written, and is a [`CliError::Usage`] (exit 2); so is a
//!   start where the function or its gradient is not finite, as in `nabla min`.
//! - Limits (also under `--help`): `--size` at most 8192 pixels per side and 50 megapixels,
//!   `--grid` at most 4096 (400 for `--surface`), each `--box` range with a finite width of at
//!   least 1e-12 times its larger end.
//! - Every decision (limits, defaults, the star's verdict, the notes) is the library's; this
//!   file only names the flags in its messages.
//! - The star and "minimum found" appear only when the polished best end point is classified as
//!   a local minimum; otherwise the report says "unbounded below" (with the evidence of
//!   `probe_unbounded`) or "no minimum found", and no star is drawn. `--star` is drawn as given.
//! - Runs of the same method are labelled with the settings that tell them apart (`gd (lr=0.01)`).
//! - Paths are recorded at most about 5,000 points per run (`record_every`); the plotting
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
use nabla::answer::{PlotKind, PlotMethod, PlotRequest, PlotRequestError, PlotTarget};
use nabla::optim::HyperParams;
use nabla::plot::{self, ImageFormat, Interval, LevelScale, PlotError};
use nabla::{tr, Formula, Function};

use super::methods::parse_methods;

mod formulas;
mod report;
use super::{parse_box, parse_point, parse_point_for, CliError, FormulaArgs};
use report::report;

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
does not overflow and at least 1e-12 times its larger end; at most 8 curves on one chart of
formulas; --panels at most 12 (the whole picture within the size limits); --view elevation 0 to
90 and azimuth -360 to 360 degrees.

Examples:
  nabla plot \"x^2 + 3y^2\" -o bowl.png
  nabla plot \"(1.5-x+x*y)^2+(2.25-x+x*y^2)^2+(2.625-x+x*y^3)^2\" --from x=3,y=4 \\
      --methods gd,momentum,adagrad,adadelta,rmsprop,adam -o beale.svg --loss
  nabla plot \"x^3 - 3x^2 - 9x + 2\" --from 1 --box -3..4 --iters 200 -o descent.svg
  nabla plot \"x^2 + 2*y^2 + 3*z^2 + x*y*z\" --at z=3 -o slice.svg   # the slice at z = 3
  nabla plot \"x^3 - 3x^2 - 9x + 2\" --with derivative --box -3..4 -o derivative.svg
  nabla plot \"x^2\" --from 5 --methods gd:lr=0.1,gd:lr=0.9,gd:lr=1.01 --iters 20 --panels -o lr.svg
  nabla plot \"x^2 + 3y^2\" --surface --view 50,-50 --from 2,1 --methods gd,momentum -o bowl.png";

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
    /// The loss chart's iteration axis on a log scale; iteration 0 (the start) cannot be drawn
    /// there and is left out (the note says so).
    #[arg(long = "log-x", requires = "loss")]
    log_x: bool,
    /// Title above the picture (default: the formula, when it is short).
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// Hold variables at values and draw the others, by name: `--at z=3` draws the slice of a
    /// function of x, y, z at z = 3 (three or more variables).
    #[arg(long, value_name = "POINT", allow_hyphen_values = true)]
    at: Option<String>,
    /// The variables drawn, in order (horizontal, then vertical): `--axes y,x`; every other
    /// variable must be held with `--at` [default: those not held, in the formula's order].
    #[arg(long, value_name = "NAMES")]
    axes: Option<String>,
    /// Also draw the formula's derivative on the same chart (one variable; computed
    /// symbolically, as `nabla diff` prints it). Several formulas: separate them with `;`
    /// (at most 8 curves on one chart).
    #[arg(long = "with", value_name = "WHAT", value_parser = ["derivative"])]
    with: Option<String>,
    /// One panel per method, side by side in one picture (at most 12: up to 3 in a row, more on
    /// a grid of at most 4 columns), each titled with the method's settings; --size is each
    /// panel's.
    #[arg(long)]
    panels: bool,
    /// Where --surface is seen from: ELEVATION,AZIMUTH in degrees (elevation 0 to 90, azimuth
    /// -360 to 360; default about 25.8,45.8).
    #[arg(long, value_name = "ELEV,AZIM", allow_hyphen_values = true)]
    view: Option<String>,
}

/// Parses `--size WIDTHxHEIGHT` (64 to 8192 pixels per side, at most 50 megapixels).
pub fn parse_size(text: &str) -> Result<(u32, u32), CliError> {
    let bad = || CliError::Usage(error_line(tr!("plot-cli-size", text = text)));
    let (w, h) = text.trim().split_once(['x', 'X']).ok_or_else(bad)?;
    let w: u32 = w.trim().parse().map_err(|_| bad())?;
    let h: u32 = h.trim().parse().map_err(|_| bad())?;
    plot::check_size((w, h)).map_err(|_| bad())?;
    Ok((w, h))
}

/// Parses `--view ELEVATION,AZIMUTH` (degrees, checked by the library).
fn parse_view(text: &str) -> Result<plot::SurfaceView, CliError> {
    let bad = || CliError::Usage(error_line(tr!("plot-cli-view", text = text)));
    let (e, az) = text.split_once(',').ok_or_else(bad)?;
    let e: f64 = e.trim().parse().map_err(|_| bad())?;
    let az: f64 = az.trim().parse().map_err(|_| bad())?;
    plot::SurfaceView::degrees(e, az).map_err(plot_error)
}

/// `error: <message>` in the current language.
fn error_line(message: String) -> String {
    tr!("error-line", message = message)
}

fn plot_error(e: PlotError) -> CliError {
    CliError::of(e.exit(), error_line(e.to_string()))
}

/// The library's error in the command line's words: the checks that concern a flag name it.
fn request_error(e: PlotRequestError) -> CliError {
    use PlotRequestError as E;
    let usage = |m: String| CliError::Usage(error_line(m));
    match e {
        E::TooManyVariables { names } => usage(tr!(
            "plot-cli-too-many-variables",
            count = names.len(),
            names = names.join(", ")
        )),
        E::KindNeedsVariables {
            kind: PlotKind::Surface,
            ..
        } => usage(tr!("plot-cli-surface-needs-two")),
        E::QuiverNeedsMap { .. } => usage(tr!("plot-cli-quiver-needs-two")),
        E::MinimaNeedMap { .. } => usage(tr!("plot-cli-minima-need-map")),
        E::PanelsNeedRuns => usage(tr!("plot-cli-panels-need-runs")),
        E::ViewNeedsSurface => usage(tr!("plot-cli-view-needs-surface")),
        E::DerivativeTwoD { names } => usage(tr!(
            "plot-cli-derivative-two-d",
            count = names.len(),
            names = names.join(", ")
        )),
        E::FormulasOption { what } => usage(tr!(
            "plot-cli-formulas-option",
            flag = formulas::flag_of(what)
        )),
        E::Grid { n, kind } => usage(tr!(
            "plot-cli-grid",
            n = n,
            max = kind.max_grid(),
            kind = if kind == PlotKind::Surface {
                "surface"
            } else {
                "other"
            },
            example = if kind == PlotKind::Surface { 60 } else { 200 }
        )),
        E::Levels { n } => usage(tr!("plot-cli-levels", n = n, max = plot::MAX_LEVELS)),
        // A start outside the domain is bad input: exit 2, as in `nabla min`.
        e @ E::StartNotFinite { .. } => usage(tr!("plot-cli-from", message = e.to_string())),
        E::Range { axis, source } => usage(tr!(
            "plot-cli-box",
            axis = axis,
            message = source.to_string()
        )),
        other => CliError::of(other.exit(), error_line(other.to_string())),
    }
}

/// Runs `nabla plot`: parses the request, has the library run and draw it, then reports.
pub fn run(a: &PlotArgs) -> Result<(), CliError> {
    if formulas::several(a) {
        return formulas::run(a);
    }
    let (mut f, req) = resolve(a)?;
    // Long grids and runs show a bar on stderr (a terminal only).
    let (answer, scene) = super::render_progress::with_bar(|| nabla::answer::plot(&mut f, &req))
        .map_err(request_error)?;
    report(a, &scene, answer);
    Ok(())
}

/// Parses the formula and every argument into the library's request, checking each as it is
/// read (so the first error reported is the first the user typed, named by its flag).
fn resolve(a: &PlotArgs) -> Result<(Function, PlotRequest), CliError> {
    let in_memory = a.output == Path::new(plot::IN_MEMORY);
    if in_memory && a.loss {
        return Err(CliError::Usage(error_line(tr!("plot-cli-loss-in-memory"))));
    }
    let output = if in_memory {
        PlotTarget::InMemory
    } else {
        ImageFormat::from_path(&a.output).map_err(plot_error)?;
        PlotTarget::File(a.output.clone())
    };
    let size = parse_size(&a.size)?;
    let (sliced, held) = slice(a, a.formula.formula()?)?;
    let f: Function = Function::new(sliced)?;
    let owned: Vec<String> = f.var_names().iter().map(|s| s.to_string()).collect();
    let names: Vec<&str> = owned.iter().map(String::as_str).collect();
    let mut req = PlotRequest {
        kind: a.surface.then_some(PlotKind::Surface),
        size,
        grid: a.grid,
        levels: a.levels,
        lines: a.lines,
        scale: if a.linear {
            LevelScale::Linear
        } else {
            LevelScale::Log
        },
        quiver: a.quiver,
        lr: a.lr,
        iters: a.iters,
        stall: a.stall,
        minima: a.minima,
        loss: a.loss,
        log_x: a.log_x,
        title: a.title.clone(),
        formula_text: a.formula.typed().map(str::to_string),
        held,
        output,
        panels: a.panels,
        view: a.view.as_deref().map(parse_view).transpose()?,
        ..PlotRequest::default()
    };
    req.check_shape(&names).map_err(request_error)?;
    req.range = a
        .range
        .as_deref()
        .map(|t| parse_box(t, &names))
        .transpose()?;
    for (name, (lo, hi)) in names.iter().zip(req.range.iter().flatten()) {
        Interval::new(*lo, *hi).map_err(|e| {
            CliError::Usage(error_line(tr!(
                "plot-cli-box",
                axis = *name,
                message = e.to_string()
            )))
        })?;
    }
    req.star = a
        .star
        .as_deref()
        .map(|t| parse_point(t, &names))
        .transpose()?;
    req.start = a
        .from
        .as_deref()
        .map(|t| parse_point(t, &names))
        .transpose()?;
    if req.start.is_some() {
        req.methods = parse_methods(&a.methods, &HyperParams::default())?
            .into_iter()
            .map(|s| PlotMethod {
                method: s.method,
                iters: s.iters,
            })
            .collect();
    }
    Ok((f, req))
}

/// The formula with the variables of `--at` held at their values, its variables ordered as
/// `--axes` says, and the held variables with their values (for the title); the formula itself
/// and none without either flag.
fn slice(a: &PlotArgs, f: Formula) -> Result<(Formula, Vec<(String, f64)>), CliError> {
    if a.at.is_none() && a.axes.is_none() {
        return Ok((f, Vec::new()));
    }
    let names: Vec<String> = f.var_names().iter().map(|s| s.to_string()).collect();
    let usage = |m: String| CliError::Usage(error_line(m));
    let mut held: Vec<(String, f64)> = Vec::new();
    for item in a.at.as_deref().map(super::list_items).unwrap_or_default() {
        let Some((name, _)) = item.split_once('=') else {
            return Err(usage(tr!("plot-cli-at-by-name", item = item)));
        };
        let name = name.trim();
        if !names.iter().any(|n| n == name) {
            return Err(usage(tr!(
                "plot-cli-at-unknown",
                name = name,
                known = names.join(", ")
            )));
        }
        let value = parse_point_for("--at", item, &[name])?;
        held.push((name.to_string(), value[0]));
    }
    let axes: Vec<String> = match a.axes.as_deref() {
        Some(text) => super::list_items(text)
            .into_iter()
            .map(|n| n.trim().to_string())
            .collect(),
        None => names
            .iter()
            .filter(|n| !held.iter().any(|(h, _)| h == *n))
            .cloned()
            .collect(),
    };
    for name in &axes {
        if !names.contains(name) {
            return Err(usage(tr!(
                "plot-cli-axes-unknown",
                name = name.as_str(),
                known = names.join(", ")
            )));
        }
        if held.iter().any(|(h, _)| h == name) {
            return Err(usage(tr!("plot-cli-axes-held", name = name.as_str())));
        }
    }
    if a.axes.is_some() {
        if axes.is_empty() || axes.len() > 2 {
            return Err(usage(tr!("plot-cli-axes-count", count = axes.len())));
        }
        if let Some(free) = names
            .iter()
            .find(|n| !axes.contains(n) && !held.iter().any(|(h, _)| h == *n))
        {
            return Err(usage(tr!("plot-cli-axes-free", name = free.as_str())));
        }
    }
    let pairs: Vec<(&str, f64)> = held.iter().map(|(n, v)| (n.as_str(), *v)).collect();
    let sliced = f.hold(&pairs)?.with_vars(&axes)?;
    Ok((sliced, held))
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
    }
}
