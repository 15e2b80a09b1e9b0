//! What `nabla plot` says after drawing: each run's line, the verdict, the written files and
//! the notes on standard error; or, with `--json`, one JSON object on standard output with each
//! run's recorded path (points, values, iteration numbers) and each picture's summary.
//!
//! Invariants: with `-o -` (the destination [`nabla::plot::IN_MEMORY`]) no file is written: the
//! SVG goes to standard output, or, with `--json`, inline in the file entry's `svg`, beside its
//! `frame` (the plotting area's pixel rectangle and the ranges it shows, so a click maps to a
//! point). No NaN is printed: a non-finite number is `null` in JSON.

use nabla::plot::Frame;
use serde_json::json;

use super::verdict::{verdict_text, Findings};
use super::{short, short_tuple, PlotArgs, Run, Written};
use crate::cli::print_json;

/// Prints the runs, the written files and the notes (stderr), or the JSON summary (stdout).
pub(super) fn report(
    a: &PlotArgs,
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
        let runs_json: Vec<serde_json::Value> = runs
            .iter()
            .zip(labels)
            .map(|(r, label)| {
                json!({
                    "method": r.method.name(),
                    "label": label,
                    "lr": r.method.params.lr.unwrap_or_else(|| r.method.default_lr()),
                    "settings": r.method.params,
                    "max_iters": r.iters,
                    "iters": r.report.iters,
                    "stop": r.report.stop.to_string(),
                    "x": r.report.x,
                    "f": r.report.f,
                    "grad_norm": finite_or_null(r.report.grad_norm),
                    "recorded_points": r.report.path.len(),
                    "path": path_json(r),
                })
            })
            .collect();
        let files: Vec<serde_json::Value> = written
            .iter()
            .map(|(p, kind, s)| {
                let range = s
                    .range
                    .map(|b| json!({"x": [b.x.lo, b.x.hi], "y": [b.y.lo, b.y.hi]}));
                let mut entry = json!({
                    "path": p.display().to_string(),
                    "kind": kind,
                    "format": s.format.map(|f| f.extension()),
                    "evaluated": s.evaluated,
                    "non_finite": s.non_finite,
                    "drawn_points": s.drawn_points,
                    "range": range,
                    "frame": s.frame.map(frame_json),
                });
                if let (Some(svg), Some(obj)) = (&s.svg, entry.as_object_mut()) {
                    obj.insert("svg".to_string(), json!(svg));
                }
                entry
            })
            .collect();
        print_json(&json!({
            "vars": names,
            "from": start,
            "runs": runs_json,
            "minimum": minimum,
            "verdict": verdict_text(verdict),
            "minima": minima,
            "files": files,
            "notes": notes,
        }));
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

fn finite_or_null(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// A run's recorded path in the schema of `nabla min --json`'s `report.path`: `dim`, the
/// points flat (`dim` numbers each), `f` at each, and their iteration numbers.
fn path_json(r: &Run) -> serde_json::Value {
    serde_json::to_value(&r.report.path).unwrap_or(serde_json::Value::Null)
}

/// The plotting area and its ranges: pixel `(px, py)` is
/// `x = x[0] + (px - left) / (right - left) * (x[1] - x[0])`,
/// `y = y[1] - (py - top) / (bottom - top) * (y[1] - y[0])`.
fn frame_json(f: Frame) -> serde_json::Value {
    json!({
        "width": f.width,
        "height": f.height,
        "left": f.left,
        "top": f.top,
        "right": f.right,
        "bottom": f.bottom,
        "x": [f.x.lo, f.x.hi],
        "y": [f.y.lo, f.y.hi],
    })
}
