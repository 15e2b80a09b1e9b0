//! The verdicts of `nabla plot` beside its pictures: whether the polished best end point earns
//! the star (a classified local minimum) or the function is unbounded below, the legend labels
//! that tell runs of one method apart, and the local minima `--minima` marks.
//!
//! The judgement itself (classify, probe for unboundedness, the words) is the library's
//! [`nabla::answer::judge`], the same path `nabla min` takes.
//!
//! Invariants: the star is never given to a point that `classify` does not call a local minimum;
//! labels are the method's name alone unless another run has the same name, and then carry
//! exactly the settings (including `iters`) in which those runs differ.

use nabla::answer::Judgement;
use nabla::optim::{self, Method, MethodKind, StopRule};
use nabla::plot::{PathSeries, PlotBox};
use nabla::Function;

use super::{optim_error, plot_error, short, Request, Run, MINIMA_STARTS};
use crate::cli::CliError;

/// What the command found besides the runs: their legend labels, the star's verdict and the
/// `--minima`.
pub(super) struct Findings {
    pub(super) labels: Vec<String>,
    pub(super) verdict: Verdict,
    pub(super) minima: Vec<Vec<f64>>,
}

/// What the command says about the star.
pub(super) enum Verdict {
    /// `--star` was given.
    Given(Vec<f64>),
    /// No runs: nothing to say.
    NoRuns,
    /// The polished best end point and what the library concluded about it.
    Judged(Vec<f64>, Box<Judgement>),
}

impl Verdict {
    /// The point to mark with the star, if any.
    pub(super) fn star(&self) -> Option<&[f64]> {
        match self {
            Verdict::Given(x) => Some(x),
            Verdict::Judged(x, j) if j.is_minimum() => Some(x),
            _ => None,
        }
    }
}

/// Judges the polished best end point ([`nabla::answer::judge`]): a star only for a local
/// minimum.
pub(super) fn judge(f: &mut Function, runs: &[Run]) -> Verdict {
    let Some(x) = found_minimum(f, runs) else {
        return Verdict::NoRuns;
    };
    let j = nabla::answer::judge(f, &x, None, None);
    Verdict::Judged(x, Box::new(j))
}

/// Legend labels: the library's [`nabla::optim::run_labels`] (the method's name, plus the
/// resolved settings that tell apart runs of the same method: `gd (lr=0.001)`).
pub(super) fn run_labels(runs: &[Run]) -> Vec<String> {
    let runs: Vec<(nabla::optim::Method, usize)> =
        runs.iter().map(|r| (r.method.clone(), r.iters)).collect();
    nabla::optim::run_labels(&runs)
}

/// The box `--minima` searches: `--box`, else the picture's default box.
pub(super) fn minima_box(
    req: &Request,
    series: &[PathSeries],
    minimum: Option<&[f64]>,
) -> Result<PlotBox, CliError> {
    if let Some(r) = &req.range {
        return PlotBox::new(r[0], r[1]).map_err(plot_error);
    }
    if req.start.is_none() && minimum.is_none() {
        return PlotBox::new((-5.0, 5.0), (-5.0, 5.0)).map_err(plot_error);
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
pub(super) fn local_minima(f: &Function, b: &PlotBox) -> Result<Vec<Vec<f64>>, CliError> {
    let bounds = [(b.x.lo, b.x.hi), (b.y.lo, b.y.hi)];
    let stop = StopRule::default().max_iters(2000).grad_tol(1e-10);
    // Plain multi-start: every basin the starts fall in, to list all the minima.
    let opts = nabla::global::GlobalOptions::new(bounds.to_vec())
        .strategy(nabla::global::Strategy::MultiStart {
            starts: MINIMA_STARTS,
        })
        .seed(1)
        .method(Method::new(MethodKind::Lbfgs))
        .stop(stop);
    let report = nabla::global::minimize_global(|| f.clone(), &opts).map_err(optim_error)?;
    Ok(report
        .minima
        .into_iter()
        .filter(|m| m.kind.is_minimum() && b.contains((m.x[0], m.x[1])))
        .map(|m| m.x)
        .collect())
}

/// The lowest finite run end, moved to the local minimum L-BFGS finds from there when that is
/// lower still. `None` without runs.
pub(super) fn found_minimum(f: &mut Function, runs: &[Run]) -> Option<Vec<f64>> {
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

/// The line about the star: `minimum found at ...`, `unbounded below ...` or `no minimum found`;
/// `None` when the star was given or nothing ran.
pub(super) fn verdict_text(v: &Verdict) -> Option<String> {
    match v {
        Verdict::Given(_) | Verdict::NoRuns => None,
        Verdict::Judged(x, j) => Some(j.short_text(x, &short)),
    }
}
