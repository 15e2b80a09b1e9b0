//! What `nabla plot` says after drawing: each run's line, the verdict, the written files and
//! the notes on standard error; or, with `--json`, the library's answer
//! ([`nabla::answer::PlotAnswer`]) on standard output, with each run's recorded `path` (iteration,
//! point, value) and each picture's summary.
//!
//! Invariants: everything said comes from the library's answer and scene; this file only words
//! it, and names the flag in the one note that points to another picture (`--surface`). With
//! `-o -` (the destination [`nabla::plot::IN_MEMORY`]) no file is written: the SVG goes to
//! standard output, or, with `--json`, inline in the file entry's `svg`, beside its `frame`. No
//! NaN is printed: a non-finite number is `null` in JSON.

use nabla::answer::{Answer, PlotAnswer, PlotScene, PATHS_NOT_ON_SURFACE};
use nabla::fmt_short as short;

use super::PlotArgs;
use crate::cli::render;

/// The surface's note, naming the flag that draws the paths.
const SURFACE_NOTE: &str =
    "the paths are not drawn on the surface; leave out --surface to see them on the contour map";

/// Prints the runs, the written files and the notes (stderr), or the JSON answer (stdout).
pub(super) fn report(a: &PlotArgs, scene: &PlotScene, mut answer: PlotAnswer) {
    for n in &mut answer.notes {
        if n == PATHS_NOT_ON_SURFACE {
            *n = SURFACE_NOTE.to_string();
        }
    }
    if a.formula.json() {
        // The plot's verdict is always exit 0: the picture is the answer.
        let _ = render(&Answer::Plot(answer), true, || {});
        return;
    }
    let labels = &scene.labels;
    let width = labels.iter().map(String::len).max().unwrap_or(0);
    for (r, label) in scene.runs.iter().zip(labels) {
        let lr = r.method.params.lr.unwrap_or_else(|| r.method.default_lr());
        // A label that already names the step (`gd lr=0.01`) needs no second one.
        let lr = if r.method.kind.is_first_order() && !label.contains(" lr=") {
            format!("lr {}  ", short(lr))
        } else {
            String::new()
        };
        eprintln!(
            "{:<width$}  {lr}{} iterations, f = {} at {} ({})",
            label,
            r.report.iters,
            short(r.report.f),
            short_tuple(&r.report.x),
            r.report.stop
        );
    }
    if let Some(text) = scene.verdict.text() {
        eprintln!("{text}");
    }
    if a.minima {
        let list: Vec<String> = scene.minima.iter().map(|m| short_tuple(m)).collect();
        match list.len() {
            0 => eprintln!("no local minimum found inside the box"),
            n => eprintln!(
                "{n} local minim{} inside the box: {}",
                if n == 1 { "um" } else { "a" },
                list.join(", ")
            ),
        }
    }
    for file in &answer.files {
        match &file.svg {
            Some(svg) => out!("{svg}"),
            None => eprintln!("wrote {} ({})", file.file, file.kind),
        }
    }
    for n in &answer.notes {
        eprintln!("note: {n}");
    }
}

/// `(1, 2.5)`, each number short.
fn short_tuple(v: &[f64]) -> String {
    let parts: Vec<String> = v.iter().map(|x| short(*x)).collect();
    format!("({})", parts.join(", "))
}
