//! `nabla graph`: the expression DAG drawn with a layered layout (the library's
//! [`nabla::draw_graph`]), one box per step of the trace with its operation and, given `--at`, its
//! value and adjoint, one arrow per operand labelled with the local partial (and its value);
//! `--dot` prints Graphviz DOT instead of drawing; `--json` prints the library's answer
//! (`nabla::answer::graph`: the nodes and edges with values and adjoints, and the picture drawn).
//!
//! Invariants: at most [`nabla::MAX_DRAWN_NODES`] steps are drawn and [`MAX_TRACE_STEPS`] exported
//! as DOT; a larger formula is a usage error (exit 2) found by counting, before the trace is built,
//! so a 100,000-node formula answers at once. The output's extension is checked before anything
//! is computed; the picture goes to a temporary file renamed into place.

use std::path::PathBuf;

use clap::Args;
use nabla::answer::Answer;
use nabla::plot::{ImageFormat, PlotError};
use nabla::{tr, GraphDrawError, Trace, MAX_DRAWN_NODES};

use super::eval::point;
use super::limits::MAX_TRACE_STEPS;
use super::{render, CliError, FormulaArgs};

/// Arguments of `nabla graph`.
#[derive(Args, Debug)]
#[command(after_help = "\
Limits: at most 200 nodes drawn (variables and operations; constants are written inside the
nodes), 10000 with --dot; --digits 1 to 17.

Examples:
  nabla graph \"x*y + sin(x)\" --at x=2,y=3 -o graph.svg
  nabla graph \"(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2\" -o beale.png
  nabla graph \"x*y + sin(x)\" --dot | dot -Tpdf > graph.pdf")]
pub struct GraphArgs {
    #[command(flatten)]
    formula: FormulaArgs,
    /// Show each node's value and adjoint at this point: `x=2,y=3` by name, or `2,3` in variable
    /// order.
    #[arg(long, value_name = "POINT", allow_hyphen_values = true)]
    at: Option<String>,
    /// Output picture: `.svg` or `.png`.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE",
        default_value = "graph.svg"
    )]
    output: PathBuf,
    /// Print the graph as Graphviz DOT on standard output instead of drawing it.
    #[arg(long, conflicts_with_all = ["output", "json"])]
    dot: bool,
    /// Round the values, adjoints and partials shown to N significant digits (1 to 17; default:
    /// every digit).
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = super::limits::count(1, super::limits::MAX_DIGITS))]
    digits: Option<usize>,
}

fn plot_error(e: PlotError) -> CliError {
    CliError::of(e.exit(), error_line(e))
}

/// `error: ...` (or `錯誤：...`) for a message.
fn error_line(message: impl std::fmt::Display) -> String {
    tr!("error-line", message = message.to_string())
}

/// Runs `nabla graph`.
pub fn run(a: &GraphArgs) -> Result<(), CliError> {
    if !a.dot {
        ImageFormat::from_path(&a.output).map_err(plot_error)?;
    }
    let formula = a.formula.formula()?;
    let count = Trace::count_steps(&formula);
    let max = if a.dot {
        MAX_TRACE_STEPS
    } else {
        MAX_DRAWN_NODES
    };
    if count > max {
        let (count, max) = (count.to_string(), max.to_string());
        let message = if a.dot {
            tr!("graph-err-too-many-nodes-dot", count = count, max = max)
        } else {
            tr!("graph-err-too-many-nodes", count = count, max = max)
        };
        return Err(CliError::Usage(error_line(message)));
    }
    let names: Vec<String> = formula.var_names().iter().map(|s| s.to_string()).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let x = match &a.at {
        Some(_) => Some(point(&a.at, &names)?),
        None => None,
    };
    let mut answer =
        nabla::answer::graph(&formula, x.as_deref()).map_err(|e| CliError::Usage(error_line(e)))?;
    let Some((trace, eval)) = answer.parts() else {
        return Err(CliError::Numeric(error_line(tr!("graph-err-no-trace"))));
    };
    // Drawn or printed even where a value is NaN or infinite (the picture shows where it
    // starts); the verdict then names that step (exit 1), as `trace`'s does.
    if a.dot {
        let dot = trace.to_dot_digits(eval, a.digits);
        return render(&Answer::Graph(answer.clone()), false, || outln!("{dot}"));
    }
    let summary = answer
        .draw_digits(&a.output, a.digits)
        .map_err(|e| match e {
            GraphDrawError::Plot(p) => plot_error(p),
            other => CliError::Usage(error_line(other)),
        })?;
    let text = || {
        eprintln!(
            "{}",
            tr!(
                "graph-wrote",
                file = a.output.display().to_string(),
                nodes = summary.nodes.to_string(),
                edges = summary.edges,
                layers = summary.layers.to_string(),
                crossings = summary.crossings
            )
        );
    };
    render(&Answer::Graph(answer.clone()), a.formula.json(), text)
}
