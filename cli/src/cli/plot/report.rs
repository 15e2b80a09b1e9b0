//! What `nabla plot` says after drawing: each run's line, the verdict, the written files and
//! the notes on standard error; or, with `--json`, the library's answer
//! ([`nabla::answer::PlotAnswer`]) on standard output, with each run's recorded `path` (iteration,
//! point, value) and each picture's summary.
//!
//! Invariants: everything said comes from the library's answer and scene; this file only words
//! it. With
//! `-o -` (the destination [`nabla::plot::IN_MEMORY`]) no file is written: the SVG goes to
//! standard output, or, with `--json`, inline in the file entry's `svg`, beside its `frame`. No
//! NaN is printed: a non-finite number is `null` in JSON.

use nabla::answer::{Answer, PlotAnswer, PlotScene};
use nabla::fmt_short as short;
use nabla::i18n::{pad, width};
use nabla::tr;

use super::PlotArgs;
use crate::cli::render;

/// Prints the runs, the written files and the notes (stderr), or the JSON answer (stdout), in
/// the current language (the JSON's keys and kinds stay English).
pub(super) fn report(a: &PlotArgs, scene: &PlotScene, answer: PlotAnswer) {
    if a.formula.json() {
        // The plot's verdict is always exit 0: the picture is the answer.
        let _ = render(&Answer::Plot(answer), true, || {});
        return;
    }
    let labels = &scene.labels;
    let columns = labels.iter().map(|l| width(l)).max().unwrap_or(0);
    for (r, label) in scene.runs.iter().zip(labels) {
        let lr = r.method.params.lr.unwrap_or_else(|| r.method.default_lr());
        // A label that already names the step (`gd lr=0.01`) needs no second one.
        let lr = if r.method.kind.is_first_order() && !label.contains(" lr=") {
            format!("{}  ", tr!("plot-run-lr", lr = short(lr)))
        } else {
            String::new()
        };
        let line = tr!(
            "plot-run-line",
            iterations = r.report.iters,
            value = short(r.report.f),
            point = short_tuple(&r.report.x),
            stop = r.report.stop.to_string()
        );
        eprintln!("{}  {lr}{line}", pad(label, columns));
    }
    if let Some(text) = scene.verdict.text() {
        eprintln!("{text}");
    }
    if a.minima {
        let list: Vec<String> = scene.minima.iter().map(|m| short_tuple(m)).collect();
        match list.len() {
            0 => eprintln!("{}", tr!("plot-minima-none")),
            n => eprintln!(
                "{}",
                tr!("plot-minima-found", count = n, list = list.join(", "))
            ),
        }
    }
    for file in &answer.files {
        match &file.svg {
            Some(svg) => out!("{svg}"),
            None => eprintln!(
                "{}",
                tr!(
                    "plot-wrote",
                    file = &file.file,
                    kind = kind_words(&file.kind)
                )
            ),
        }
    }
    for n in &answer.notes {
        eprintln!("{}", tr!("plot-note-line", message = n));
    }
}

/// A picture's kind (`contour map`, as the JSON names it) in the current language.
pub(super) fn kind_words(kind: &str) -> String {
    match kind {
        "curve" => tr!("plot-kind-curve"),
        "contour map" => tr!("plot-kind-contour-map"),
        "surface" => tr!("plot-kind-surface"),
        "loss chart" => tr!("plot-kind-loss-chart"),
        "curves" => tr!("plot-kind-curves"),
        other => other.to_string(),
    }
}

/// `(1, 2.5)`, each number short.
fn short_tuple(v: &[f64]) -> String {
    let parts: Vec<String> = v.iter().map(|x| short(*x)).collect();
    format!("({})", parts.join(", "))
}
