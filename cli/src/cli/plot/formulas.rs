//! `nabla plot "f; g"` and `nabla plot FORMULA --with derivative`: several formulas of one
//! variable as curves on one chart (the book's figures 2-1 and 2-2). This file reads the
//! formulas and the flags that apply to a chart of curves (`-o`, `--box`, `--size`, `--grid`,
//! `--title`) into the library's [`nabla::answer::plot_formulas`], which checks and draws them,
//! and reports what was written.
//!
//! Invariants: the formula text is read once (argument, file or standard input); each formula
//! is parsed as `nabla plot` parses one (with `--vars`, warnings on standard error); every
//! error is found before anything is drawn and exits 2, naming the flag where one is at fault.

use std::path::Path;

use nabla::answer::{plot_formulas, split_formulas, Answer, PlotRequest, PlotTarget};
use nabla::plot::{self, ImageFormat, LevelScale};
use nabla::{tr, Formula};

use super::report::kind_words;
use super::{parse_size, plot_error, request_error, PlotArgs};
use crate::cli::{parse_box, render, CliError};

/// Whether this plot is a chart of several formulas: `--with` given, or a formula argument
/// with a `;` between formulas.
pub(super) fn several(a: &PlotArgs) -> bool {
    let literal = a.formula.formula.as_deref().filter(|t| *t != "-");
    a.with.is_some() || literal.is_some_and(|t| split_formulas(t).len() > 1)
}

/// The flag that asks for what the library names (`runs`, `a surface`, ...).
pub(super) fn flag_of(what: &str) -> &'static str {
    match what {
        "runs" => "--from",
        "a surface" => "--surface",
        "arrows" => "--quiver",
        "the local minima" => "--minima",
        "panels" => "--panels",
        "a view" => "--view",
        _ => "--star",
    }
}

/// Draws the formulas as curves on one chart and reports the file written.
pub(super) fn run(a: &PlotArgs) -> Result<(), CliError> {
    let in_memory = a.output == Path::new(plot::IN_MEMORY);
    let output = if in_memory {
        PlotTarget::InMemory
    } else {
        ImageFormat::from_path(&a.output).map_err(plot_error)?;
        PlotTarget::File(a.output.clone())
    };
    let source = a.formula.source()?;
    let mut formulas = Vec::new();
    for text in split_formulas(&source) {
        let f = match &a.formula.vars {
            Some(v) => Formula::parse_with_vars(text, v)?,
            None => Formula::parse(text)?,
        };
        for w in f.warnings() {
            eprintln!("{}", tr!("warning-line", message = w.to_string()));
        }
        formulas.push(f);
    }
    let var = formulas
        .iter()
        .flat_map(|f| f.var_names().into_iter().map(str::to_string))
        .next()
        .unwrap_or_else(|| "x".to_string());
    let req = PlotRequest {
        kind: a.surface.then_some(nabla::answer::PlotKind::Surface),
        size: parse_size(&a.size)?,
        grid: a.grid,
        levels: a.levels,
        lines: a.lines,
        scale: if a.linear {
            LevelScale::Linear
        } else {
            LevelScale::Log
        },
        quiver: a.quiver,
        minima: a.minima,
        loss: a.loss,
        title: a.title.clone(),
        output,
        panels: a.panels,
        start: a.from.as_ref().map(|_| Vec::new()),
        star: a.star.as_ref().map(|_| Vec::new()),
        view: a.view.as_ref().map(|_| plot::SurfaceView::default()),
        range: a
            .range
            .as_deref()
            .map(|t| parse_box(t, &[var.as_str()]))
            .transpose()?,
        ..PlotRequest::default()
    };
    let answer = plot_formulas(&formulas, a.with.is_some(), &req).map_err(request_error)?;
    if a.formula.json() {
        return render(&Answer::Plot(answer), true, || {});
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
    Ok(())
}
