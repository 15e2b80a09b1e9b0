//! What `nabla plot` says after drawing: each run's line, the verdict, the written files and
//! the notes on standard error; or, with `--json`, the library's answer
//! ([`nabla::answer::PlotAnswer`]) on standard output, with each run's recorded `path` (iteration,
//! point, value) and each picture's summary.
//!
//! Invariants: with `-o -` (the destination [`nabla::plot::IN_MEMORY`]) no file is written: the
//! SVG goes to standard output, or, with `--json`, inline in the file entry's `svg`, beside its
//! `frame` (the plotting area's pixel rectangle and the ranges it shows, so a click maps to a
//! point). No NaN is printed: a non-finite number is `null` in JSON.

use nabla::answer::{plot_verdict, Answer, PlotAnswer, PlotFile, PlotRun, Star};

use super::verdict::{verdict_text, Findings, Verdict};
use super::{short, short_tuple, PlotArgs, Run, Written};
use crate::cli::render;

/// Prints the runs, the written files and the notes (stderr), or the JSON summary (stdout).
pub(super) fn report(
    a: &PlotArgs,
    formula: Option<String>,
    names: &[&str],
    start: Option<&[f64]>,
    runs: &[Run],
    found: &Findings,
    written: &[Written],
) {
    let (labels, verdict, minima) = (&found.labels, &found.verdict, &found.minima);
    let minimum = verdict.star();
    let mut notes: Vec<String> = Vec::new();
    if a.surface && !runs.is_empty() {
        notes.push(
            "the paths are not drawn on the surface; leave out --surface to see them on the contour map"
                .to_string(),
        );
    }
    for (_, _, s) in written {
        if let Some(n) = s.note() {
            if !notes.contains(&n) {
                notes.push(n);
            }
        }
    }
    if a.formula.json() {
        let runs_json: Vec<PlotRun> = runs
            .iter()
            .zip(labels)
            .map(|(r, label)| PlotRun::new(&r.method, r.iters, label, &r.report))
            .collect();
        let files: Vec<PlotFile> = written
            .iter()
            .map(|(p, kind, s)| PlotFile::new(p, kind, s))
            .collect();
        let answer = PlotAnswer::new(
            formula,
            names.iter().map(|n| n.to_string()).collect(),
            start.map(<[f64]>::to_vec),
            runs_json,
            minimum.map(<[f64]>::to_vec),
            minima.clone(),
            files,
            notes,
            star_verdict(verdict),
        );
        // The plot's verdict is always exit 0: the picture is the answer.
        let _ = render(&Answer::Plot(answer), true, || {});
        return;
    }
    let width = labels.iter().map(String::len).max().unwrap_or(0);
    for (r, label) in runs.iter().zip(labels) {
        let lr = r.method.params.lr.unwrap_or_else(|| r.method.default_lr());
        // A label that already names the step (`gd lr=0.01`) needs no second one.
        let lr = if r.method.kind.is_first_order() && !label.contains(" lr=") {
            format!("lr {}  ", short(lr))
        } else {
            String::new()
        };
        let x: Vec<f64> = r.report.x.clone();
        eprintln!(
            "{:<width$}  {lr}{} iterations, f = {} at {} ({})",
            label,
            r.report.iters,
            short(r.report.f),
            short_tuple(&x),
            r.report.stop
        );
    }
    if let Some(text) = verdict_text(verdict) {
        eprintln!("{text}");
    }
    if a.minima {
        let list: Vec<String> = minima.iter().map(|m| short_tuple(m)).collect();
        match list.len() {
            0 => eprintln!("no local minimum found inside the box"),
            n => eprintln!(
                "{n} local minim{} inside the box: {}",
                if n == 1 { "um" } else { "a" },
                list.join(", ")
            ),
        }
    }
    for (p, kind, s) in written {
        match &s.svg {
            Some(svg) => out!("{svg}"),
            None => eprintln!("wrote {} ({kind})", p.display()),
        }
    }
    for n in notes {
        eprintln!("note: {n}");
    }
}

/// The plot's verdict: the library's judgement of the best end point ([`nabla::answer::judge`],
/// the path `nabla min` takes) as the picture's finding, which the library turns into the
/// verdict's kind and exit class ([`nabla::answer::plot_verdict`]).
fn star_verdict(v: &Verdict) -> nabla::answer::Verdict {
    let star = match v {
        Verdict::Given(_) => Star::Given,
        Verdict::NoRuns => Star::NoRuns,
        Verdict::Judged(_, j) if j.is_minimum() => Star::Minimum,
        Verdict::Judged(_, j) if j.unbounded.is_some() => Star::Unbounded,
        Verdict::Judged(..) => Star::NotMinimum,
    };
    plot_verdict(star, verdict_text(v))
}
