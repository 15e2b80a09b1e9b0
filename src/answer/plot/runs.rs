//! The work of a plot before drawing: each optimizer run from the start, the star's verdict (is
//! the polished best end point a local minimum, or is the function unbounded below?), the legend
//! labels that tell runs of one method apart, and the local minima inside the box.
//!
//! The judgement itself (classify, probe for unboundedness, the words) is [`super::super::judge`],
//! the path `nabla min` takes.
//!
//! Invariants: every method is built before any run, so a bad setting stops the plot before any
//! work; the start must give a finite value and gradient; the star is never given to a point that
//! `classify` does not call a local minimum; paths are recorded at most about [`MAX_RECORDED`]
//! points per run (the start and end always): every k-th iterate and, between two of them, the
//! lowest and the highest ([`StopRule::record_extremes`]), so the loss chart shows every
//! extreme of the run.

use crate::optim::{self, Method, MethodKind, OptimReport, StopRule};
use crate::plot::{PathSeries, PlotBox};
use crate::{fmt_short, Function};

use super::super::{judge, Judgement, Star};
use super::{PlotRequest, PlotRequestError};

/// Roughly how many points of each run are recorded (the start and end always are).
pub(super) const MAX_RECORDED: usize = 5000;

/// Starts of the multi-start L-BFGS search for the local minima inside the box.
pub(super) const MINIMA_STARTS: usize = 128;

/// One finished run: the method with the settings it ran with (defaults resolved for the start),
/// its iteration limit and the optimizer's report.
#[derive(Clone, Debug)]
pub struct PlotRunReport {
    /// The method as it ran.
    pub method: Method,
    /// Its iteration limit.
    pub iters: usize,
    /// What the optimizer reported, with the recorded path.
    pub report: OptimReport,
}

/// What a plot says about the star.
#[derive(Clone, Debug)]
pub enum StarVerdict {
    /// The star was given.
    Given(Vec<f64>),
    /// No runs: nothing to say.
    NoRuns,
    /// The polished best end point and what the library concluded about it.
    Judged(Vec<f64>, Box<Judgement>),
}

impl StarVerdict {
    /// The point to mark with the star, if any: the given one, or the judged one when it is a
    /// local minimum.
    pub fn star(&self) -> Option<&[f64]> {
        match self {
            StarVerdict::Given(x) => Some(x),
            StarVerdict::Judged(x, j) if j.is_minimum() => Some(x),
            _ => None,
        }
    }

    /// The line about the star: `minimum found at ...`, `no minimum: the function is unbounded
    /// below ...` or `no minimum found: ...`; `None` when the star was given or nothing ran.
    pub fn text(&self) -> Option<String> {
        match self {
            StarVerdict::Given(_) | StarVerdict::NoRuns => None,
            StarVerdict::Judged(x, j) => Some(j.short_text(x, &fmt_short)),
        }
    }

    /// The finding the answer's verdict words ([`super::plot_verdict`]).
    pub fn finding(&self) -> Star {
        match self {
            StarVerdict::Given(_) => Star::Given,
            StarVerdict::NoRuns => Star::NoRuns,
            StarVerdict::Judged(_, j) if j.is_minimum() => Star::Minimum,
            StarVerdict::Judged(_, j) if j.unbounded.is_some() => Star::Unbounded,
            StarVerdict::Judged(..) => Star::NotMinimum,
        }
    }
}

/// Runs each method of `req` from `x0` (which must give a finite value and gradient); every
/// method is built first, so a bad setting stops the plot before any run.
pub(super) fn run_methods(
    f: &mut Function,
    req: &PlotRequest,
    x0: &[f64],
) -> Result<Vec<PlotRunReport>, PlotRequestError> {
    let names: Vec<String> = f.var_names().iter().map(|s| s.to_string()).collect();
    let mut g = vec![0.0; names.len()];
    let v = f.value_and_grad(x0, &mut g);
    let bad = if v.is_finite() {
        g.iter().find(|d| !d.is_finite()).map(|d| ("gradient", *d))
    } else {
        Some(("value", v))
    };
    if let Some((what, value)) = bad {
        return Err(PlotRequestError::StartNotFinite {
            what,
            value,
            names,
            start: x0.to_vec(),
        });
    }
    let gd = [super::PlotMethod::new(Method::new(MethodKind::Gd))];
    let specs = if req.methods.is_empty() {
        &gd[..]
    } else {
        &req.methods[..]
    };
    let methods: Vec<(Method, usize)> = specs
        .iter()
        .map(|s| {
            (
                s.method.with_start_defaults(req.lr, &g),
                s.iters.unwrap_or(req.iters),
            )
        })
        .collect();
    for (m, _) in &methods {
        m.build()?;
    }
    let mut runs = Vec::with_capacity(methods.len());
    // Progress counts the iterations asked of all methods; a run that stops early jumps to its end.
    let total: u64 = methods.iter().map(|(_, i)| *i as u64).sum();
    let progress = crate::progress::Counter::new(crate::progress::Stage::Runs, total);
    let mut before = 0u64;
    for (method, iters) in methods {
        let stop = StopRule::default()
            .max_iters(iters)
            .stall(req.stall, 0.0)
            // Every k-th iterate and, between two of them, the lowest and the highest: every
            // extreme of the run reaches the loss chart, in at most about MAX_RECORDED points.
            .record_every((iters / (MAX_RECORDED / 3)).max(1))
            .record_extremes(true);
        let report = optim::minimize_with_progress(f, x0, &method, &stop, &mut |k, _| {
            progress.reach(before + k as u64)
        })?;
        before += iters as u64;
        progress.reach(before);
        runs.push(PlotRunReport {
            method,
            iters,
            report,
        });
    }
    Ok(runs)
}

/// Judges the polished best end point ([`super::super::judge`]): a star only for a local minimum.
pub(super) fn judge_runs(f: &mut Function, runs: &[PlotRunReport]) -> StarVerdict {
    let Some(x) = found_minimum(f, runs) else {
        return StarVerdict::NoRuns;
    };
    let j = judge(f, &x, None, None);
    StarVerdict::Judged(x, Box::new(j))
}

/// Legend labels: the library's [`crate::optim::run_labels`] (the method's name, plus the
/// resolved settings that tell apart runs of the same method: `gd (lr=0.001)`).
pub(super) fn run_labels(runs: &[PlotRunReport]) -> Vec<String> {
    let runs: Vec<(Method, usize)> = runs.iter().map(|r| (r.method.clone(), r.iters)).collect();
    crate::optim::run_labels(&runs)
}

/// Labels in the pictures' legends: the library's [`crate::optim::legend_labels`] (the method's
/// name and the settings it ran with: `gd lr=5e-6`, `adam lr=0.001 beta2=0.8`).
pub(super) fn legend_labels(runs: &[PlotRunReport]) -> Vec<String> {
    let runs: Vec<(Method, usize)> = runs.iter().map(|r| (r.method.clone(), r.iters)).collect();
    crate::optim::legend_labels(&runs)
}

/// A run as the plotting module draws it: its recorded points, values and iteration numbers.
pub(super) fn path_series(r: &PlotRunReport, label: &str) -> PathSeries {
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

/// The box the local minima are searched in: the range asked, else the picture's default box.
pub(super) fn minima_box(
    req: &PlotRequest,
    series: &[PathSeries],
    minimum: Option<&[f64]>,
) -> Result<PlotBox, PlotRequestError> {
    if let Some(r) = &req.range {
        return Ok(PlotBox::new(r[0], r[1])?);
    }
    if req.start.is_none() && minimum.is_none() {
        return Ok(PlotBox::new((-5.0, 5.0), (-5.0, 5.0))?);
    }
    let mut pts: Vec<[f64; 2]> = minimum.map(|m| [m[0], m[1]]).into_iter().collect();
    for s in series {
        for q in [s.points.first(), s.points.last()].into_iter().flatten() {
            pts.push([q[0], q[1]]);
        }
    }
    Ok(PlotBox::around(pts))
}

/// The local minima inside `b`: multi-start L-BFGS from starts spread over the box, keeping the
/// distinct end points classified as local minima.
pub(super) fn local_minima(f: &Function, b: &PlotBox) -> Result<Vec<Vec<f64>>, PlotRequestError> {
    let bounds = [(b.x.lo, b.x.hi), (b.y.lo, b.y.hi)];
    let stop = StopRule::default().max_iters(2000).grad_tol(1e-10);
    // Plain multi-start: every basin the starts fall in, to list all the minima.
    let opts = crate::global::GlobalOptions::new(bounds.to_vec())
        .strategy(crate::global::Strategy::MultiStart {
            starts: MINIMA_STARTS,
        })
        .seed(1)
        .method(Method::new(MethodKind::Lbfgs))
        .stop(stop);
    let report = crate::global::minimize_global(|| f.clone(), &opts)?;
    Ok(report
        .minima
        .into_iter()
        .filter(|m| m.kind.is_minimum() && b.contains((m.x[0], m.x[1])))
        .map(|m| m.x)
        .collect())
}

/// The lowest finite run end, moved to the local minimum L-BFGS finds from there when that is
/// lower still. `None` without runs.
fn found_minimum(f: &mut Function, runs: &[PlotRunReport]) -> Option<Vec<f64>> {
    let best = runs
        .iter()
        .filter(|r| r.report.f.is_finite())
        .min_by(|p, q| p.report.f.total_cmp(&q.report.f))?;
    let mut x = best.report.x.clone();
    let stop = StopRule::default().max_iters(500).grad_tol(1e-10);
    if let Ok(r) = optim::minimize(f, &x, &Method::new(MethodKind::Lbfgs), &stop) {
        if r.f.is_finite() && r.f <= best.report.f && r.x.iter().all(|v| v.is_finite()) {
            x = r.x;
        }
    }
    Some(x)
}
