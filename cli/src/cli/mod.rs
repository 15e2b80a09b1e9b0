//! Command-line interface: clap definitions, the shared argument groups (formula source, variable
//! order, points), error reporting and exit codes. One file per subcommand. The library never
//! depends on this module.
//!
//! Exit codes: 0 success; 1 a numerical failure, a failed check, or standard output that cannot
//! be written (`out.rs`); 2 a usage or parse error (the caret message goes to stderr); 3 an
//! answer double precision cannot decide (a verdict of class `inconclusive`, through
//! [`CliError::Answered`]).

/// `println!` that cannot panic: see [`out`].
macro_rules! outln {
    () => {
        $crate::cli::out::write_fmt(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::cli::out::write_fmt(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!` that cannot panic: see [`out`].
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::out::write_fmt(format_args!($($arg)*))
    };
}

mod check;
mod diff;
mod eval;
mod fit;
mod graph;
mod limits;
mod methods;
mod min;
mod out;
mod plot;
mod schema;
#[cfg(feature = "serve")]
mod serve;
mod trace;

use std::io::{IsTerminal, Read};
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use nabla::i18n::Lang;
use nabla::{fmt_number, Error, Formula, Function, ParseError};

/// Exact derivatives of typed formulas, and what to do with them.
#[derive(Parser, Debug)]
#[command(name = "nabla", version, about, long_about = None, arg_required_else_help = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Language of the text output, errors and pictures: `en` or `zh-TW` (default: from
    /// LC_ALL, LC_MESSAGES or LANG; English when they name another language). `--json` keys and
    /// values stay English.
    #[arg(long, global = true, value_name = "en|zh-TW", value_parser = parse_lang)]
    lang: Option<Lang>,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse().map_err(|e: nabla::i18n::LangError| e.to_string())
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Evaluate a formula at a point.
    Eval(eval::EvalArgs),
    /// Value, gradient and the symbolic partial derivatives at a point.
    Grad(eval::GradArgs),
    /// Print derivatives as formulas (infix or LaTeX), optionally the Hessian.
    Diff(diff::DiffArgs),
    /// Find a minimum: L-BFGS by default, any method of the suite, multi-start, comparisons.
    Min(Box<min::MinArgs>),
    /// Draw the function: contour map or curve, optimizer paths, surface, loss chart.
    Plot(Box<plot::PlotArgs>),
    /// Check the gradient against central differences, or verify hand-derived partials.
    Check(Box<check::CheckArgs>),
    /// Fit a formula's parameters to the columns of a CSV file with mini-batch optimizers.
    Fit(Box<fit::FitArgs>),
    /// The evaluation trace at a point: forward sweep, reverse sweep's adjoints, gradient, costs.
    Trace(Box<trace::TraceArgs>),
    /// Draw the expression graph (SVG or PNG), with values and adjoints; or print Graphviz DOT.
    Graph(Box<graph::GraphArgs>),
    /// Print the JSON Schema of the answers that `--json` prints (of one command's, if named).
    Schema(schema::SchemaArgs),
    /// The playground in the browser: a local web server for the page and its JSON API.
    #[cfg(feature = "serve")]
    Serve(Box<serve::ServeArgs>),
}

/// Where the formula comes from and how its variables are ordered.
#[derive(Args, Debug, Clone)]
pub struct FormulaArgs {
    /// The formula, e.g. "x^2 + 3*x*y" (use `-` to read it from standard input).
    #[arg(allow_hyphen_values = true)]
    formula: Option<String>,
    /// Read the formula from a file.
    #[arg(
        short = 'f',
        long = "file",
        value_name = "PATH",
        conflicts_with = "formula"
    )]
    file: Option<std::path::PathBuf>,
    /// Variable order, comma-separated (default: the definition's, else order of appearance).
    #[arg(long, value_name = "x,y,...", value_delimiter = ',')]
    vars: Option<Vec<String>>,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
}

/// A failure of a subcommand, with its exit code.
#[derive(Debug)]
pub enum CliError {
    /// Bad usage or unparsable input: exit 2.
    Usage(String),
    /// A numerical failure or a failed check: exit 1.
    Numeric(String),
    /// The answer is printed, its verdict said: exit with the verdict's class.
    Answered(nabla::answer::Exit),
}

impl From<ParseError> for CliError {
    fn from(e: ParseError) -> Self {
        CliError::Usage(e.to_string())
    }
}

impl From<Error> for CliError {
    fn from(e: Error) -> Self {
        // The exit class is the library's ([`Error::exit`]); a parse error carries its own
        // `error:` line and caret.
        let message = match &e {
            Error::Parse(p) => p.to_string(),
            other => format!("error: {other}"),
        };
        CliError::of(e.exit(), message)
    }
}

impl CliError {
    /// A failure of the library's exit class `exit` with the message to print.
    pub fn of(exit: nabla::answer::Exit, message: String) -> CliError {
        match exit {
            nabla::answer::Exit::Usage => CliError::Usage(message),
            _ => CliError::Numeric(message),
        }
    }
}

/// The command that starts this command line again (for `nabla serve`'s children), set once by
/// [`run`].
static SELF_COMMAND: std::sync::OnceLock<crate::SelfCommand> = std::sync::OnceLock::new();

/// How to start this command line again as a child process (what [`run`] was given).
#[cfg_attr(not(feature = "serve"), allow(dead_code))]
pub(crate) fn self_command() -> crate::SelfCommand {
    SELF_COMMAND
        .get()
        .cloned()
        .unwrap_or_else(crate::SelfCommand::current_exe)
}

/// Runs the command line on `args` (the first is the program's name, as in
/// [`std::env::args_os`]) and returns the exit code; `me` says how `nabla serve` starts its
/// child processes (the first call's is kept).
pub fn run<I, T>(args: I, me: crate::SelfCommand) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let _ = SELF_COMMAND.set(me);
    // The environment's language until `--lang` is read (for clap's own errors, which stay
    // English, and anything printed before).
    nabla::i18n::set_lang(Lang::from_env());
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            if let Err(w) = e.print() {
                eprintln!("error: cannot write the output: {w}");
                return 1;
            }
            return code;
        }
    };
    if let Some(lang) = cli.lang {
        nabla::i18n::set_lang(lang);
    }
    let result = match cli.command {
        Command::Eval(a) => eval::run_eval(&a),
        Command::Grad(a) => eval::run_grad(&a),
        Command::Diff(a) => diff::run(&a),
        Command::Min(a) => min::run(&a),
        Command::Plot(a) => {
            remove_pictures_on_interrupt();
            plot::run(&a)
        }
        Command::Check(a) => check::run(&a),
        Command::Fit(a) => fit::run(&a),
        Command::Trace(a) => trace::run(&a),
        Command::Graph(a) => {
            remove_pictures_on_interrupt();
            graph::run(&a)
        }
        Command::Schema(a) => schema::run(&a),
        #[cfg(feature = "serve")]
        Command::Serve(a) => serve::run(&a),
    };
    if let Err(e) = out::finish() {
        // Standard output could not be written (a full disk): whatever the command concluded,
        // its answer did not reach the reader.
        eprintln!("error: cannot write the output: {e}; free some space or write elsewhere");
        return 1;
    }
    match result {
        Ok(()) => 0,
        Err(CliError::Usage(m)) => {
            eprintln!("{m}");
            2
        }
        Err(CliError::Numeric(m)) => {
            eprintln!("{m}");
            1
        }
        Err(CliError::Answered(exit)) => exit.code(),
    }
}

/// Ctrl-C (SIGINT) or SIGTERM while a picture is written removes its temporary file, then ends
/// the process as the signal would (exit 130 or 143); the old picture stays as it was.
#[cfg(unix)]
fn remove_pictures_on_interrupt() {
    extern "C" fn on_signal(sig: libc::c_int) {
        nabla::plot::remove_unfinished_output();
        // SAFETY: `_exit` is async-signal-safe.
        unsafe { libc::_exit(128 + sig) }
    }
    let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
    // SAFETY: the handler only calls async-signal-safe functions (`unlink`, `_exit`); it is
    // installed before any picture is written.
    unsafe {
        libc::signal(libc::SIGINT, handler);
        libc::signal(libc::SIGTERM, handler);
    }
}

#[cfg(not(unix))]
fn remove_pictures_on_interrupt() {}

/// Reads a formula from `r`, at most [`limits::MAX_FORMULA_BYTES`] bytes (so `-f /dev/zero` is an
/// error, not an exhausted memory), as UTF-8 without a leading byte-order mark.
fn read_limited(r: impl Read, what: &str) -> Result<String, CliError> {
    let mut bytes = Vec::new();
    r.take(limits::MAX_FORMULA_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| CliError::Usage(format!("error: cannot read {what}: {e}")))?;
    if bytes.len() as u64 > limits::MAX_FORMULA_BYTES {
        return Err(CliError::Usage(format!(
            "error: {what} is longer than {} MiB; a formula must be at most that long",
            limits::MAX_FORMULA_BYTES >> 20
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        CliError::Usage(format!(
            "error: {what} is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

impl FormulaArgs {
    /// The formula text from the argument, the file, or standard input.
    pub fn source(&self) -> Result<String, CliError> {
        match (&self.formula, &self.file) {
            (_, Some(path)) => {
                let file = std::fs::File::open(path).map_err(|e| {
                    CliError::Usage(format!(
                        "error: cannot read formula file `{}`: {e}",
                        path.display()
                    ))
                })?;
                read_limited(file, &format!("formula file `{}`", path.display()))
            }
            (Some(f), None) if f == "-" => read_limited(std::io::stdin(), "standard input"),
            (Some(f), None) => Ok(f.clone()),
            (None, None) => Err(CliError::Usage(
                "error: no formula given; pass it as an argument, with `-f PATH`, or `-` for standard input"
                    .to_string(),
            )),
        }
    }

    /// The parsed formula with the requested variable order.
    pub fn formula(&self) -> Result<Formula, CliError> {
        let src = self.source()?;
        let f = match &self.vars {
            Some(v) => Formula::parse_with_vars(&src, v)?,
            None => Formula::parse(&src)?,
        };
        for w in f.warnings() {
            eprintln!("warning: {w}");
            // The library names the variable list; on the command line it is `--vars`.
            if let nabla::FormulaWarning::ConstantAsVariable(c) = &w {
                eprintln!("hint: --vars {}", c.vars_with_it.replace(' ', ""));
            }
        }
        Ok(f)
    }

    /// The compiled function.
    pub fn function(&self) -> Result<Function, CliError> {
        Ok(Function::new(self.formula()?)?)
    }

    /// Whether `--json` was given.
    pub fn json(&self) -> bool {
        self.json
    }
}

/// Parses a point: `x=1,y=2` (any order, by name) or `1,2` (in variable order). Values may be
/// constant expressions (`x=pi/2`, `y=-1e-3`). Messages give examples without a flag (`x=1,y=1`);
/// [`parse_point_for`] names the flag.
pub fn parse_point(text: &str, names: &[&str]) -> Result<Vec<f64>, CliError> {
    point(None, text, names)
}

/// [`parse_point`] for the flag `flag` (`--at`, `--from`), which the messages' examples name.
pub fn parse_point_for(flag: &str, text: &str, names: &[&str]) -> Result<Vec<f64>, CliError> {
    point(Some(flag), text, names)
}

fn point(flag: Option<&str>, text: &str, names: &[&str]) -> Result<Vec<f64>, CliError> {
    let example = example_point(flag, names);
    let parts: Vec<&str> = text
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let value = |s: &str| constant(s, text, &example);
    let named = parts.iter().any(|p| p.contains('='));
    if !named {
        if parts.len() != names.len() {
            return Err(CliError::Usage(format!(
                "error: the point `{text}` has {} but the formula has {} ({}); give one per variable or use names: {example}",
                nabla::plural(parts.len(), "value"),
                nabla::plural(names.len(), "variable"),
                names.join(", "),
            )));
        }
        return parts.iter().map(|p| value(p)).collect();
    }
    let mut out: Vec<Option<f64>> = vec![None; names.len()];
    for p in &parts {
        let Some((n, v)) = p.split_once('=') else {
            return Err(CliError::Usage(format!(
                "error: `{p}` in `{text}` has no name; write every coordinate as name=value, e.g. {example}"
            )));
        };
        let n = n.trim();
        let Some(k) = names.iter().position(|m| *m == n) else {
            return Err(CliError::Usage(format!(
                "error: unknown variable `{n}` in `{text}`; the formula's variables are: {}",
                names.join(", ")
            )));
        };
        if out[k].is_some() {
            return Err(CliError::Usage(format!(
                "error: `{n}` is given twice in `{text}`"
            )));
        }
        out[k] = Some(value(v)?);
    }
    let missing: Vec<&str> = names
        .iter()
        .zip(&out)
        .filter(|(_, v)| v.is_none())
        .map(|(n, _)| *n)
        .collect();
    if !missing.is_empty() {
        return Err(CliError::Usage(format!(
            "error: the point `{text}` leaves out {}; give every variable, e.g. {example}",
            missing.join(", "),
        )));
    }
    Ok(out.into_iter().flatten().collect())
}

/// `--from x=1,y=1` (or `x=1,y=1` without a flag).
fn example_point(flag: Option<&str>, names: &[&str]) -> String {
    let body: Vec<String> = names.iter().map(|n| format!("{n}=1")).collect();
    match flag {
        Some(flag) => format!("{flag} {}", body.join(",")),
        None => body.join(","),
    }
}

/// `(x, y)` for a list of names.
pub fn tuple_names(names: &[&str]) -> String {
    format!("({})", names.join(", "))
}

/// `(3, 4)` for a list of numbers.
pub fn tuple_values(v: &[f64]) -> String {
    let parts: Vec<String> = v.iter().map(|x| fmt_number(*x)).collect();
    format!("({})", parts.join(", "))
}

/// Renders an answer: its JSON document with `json`, else its text by `text`; a verdict that is
/// not a success is said on stderr (`error: ...`), and the verdict's class is the exit code.
pub fn render(
    answer: &nabla::answer::Answer,
    json: bool,
    text: impl FnOnce(),
) -> Result<(), CliError> {
    let verdict = answer.verdict();
    if json {
        match serde_json::to_value(answer) {
            Ok(v) => print_json(&v),
            Err(e) => return Err(CliError::Numeric(format!("error: cannot write JSON: {e}"))),
        }
    } else {
        text();
    }
    match verdict.exit {
        nabla::answer::Exit::Success => Ok(()),
        exit => {
            eprintln!("{}", nabla::tr!("error-line", message = &verdict.sentence));
            Err(CliError::Answered(exit))
        }
    }
}

/// Prints a JSON value on stdout.
pub fn print_json(v: &serde_json::Value) {
    match serde_json::to_string_pretty(v) {
        Ok(s) => outln!("{s}"),
        Err(e) => eprintln!("error: cannot write JSON: {e}"),
    }
}

/// Parses `--box`: one `lo..hi` for every axis, one per variable in order, or `name=lo..hi` for
/// each variable. Ends may be constant expressions (`-pi..pi`). Returns one `(lo, hi)` per name,
/// each finite with `lo < hi`: `-1..2` for `[x, y]` is `[(-1, 2), (-1, 2)]`, and `y=0..1,x=-1..1`
/// is `[(-1, 1), (0, 1)]`.
pub fn parse_box(text: &str, names: &[&str]) -> Result<Vec<(f64, f64)>, CliError> {
    let example = example_box(names);
    let parts: Vec<&str> = text
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return Err(CliError::Usage(format!(
            "error: the box `{text}` is empty; give a range such as {example}"
        )));
    }
    let named = parts.iter().any(|p| p.contains('='));
    if !named {
        let ranges: Vec<(f64, f64)> = parts
            .iter()
            .map(|p| parse_range(p, text, &example))
            .collect::<Result<_, _>>()?;
        return match ranges.len() {
            1 => Ok(vec![ranges[0]; names.len()]),
            n if n == names.len() => Ok(ranges),
            n => Err(CliError::Usage(format!(
                "error: the box `{text}` has {} but the formula has {} ({}); give one range for all, one per variable, or name them: {example}",
                nabla::plural(n, "range"),
                names.len(),
                names.join(", ")
            ))),
        };
    }
    let mut out: Vec<Option<(f64, f64)>> = vec![None; names.len()];
    for p in &parts {
        let Some((n, r)) = p.split_once('=') else {
            return Err(CliError::Usage(format!(
                "error: `{p}` in the box `{text}` has no name; name every range, e.g. {example}"
            )));
        };
        let n = n.trim();
        let Some(k) = names.iter().position(|m| *m == n) else {
            return Err(CliError::Usage(format!(
                "error: unknown variable `{n}` in the box `{text}`; the formula's variables are: {}",
                names.join(", ")
            )));
        };
        if out[k].is_some() {
            return Err(CliError::Usage(format!(
                "error: `{n}` is given twice in the box `{text}`"
            )));
        }
        out[k] = Some(parse_range(r.trim(), text, &example)?);
    }
    let missing: Vec<&str> = names
        .iter()
        .zip(&out)
        .filter(|(_, r)| r.is_none())
        .map(|(n, _)| *n)
        .collect();
    if !missing.is_empty() {
        return Err(CliError::Usage(format!(
            "error: the box `{text}` leaves out {}; give a range for every variable, e.g. {example}",
            missing.join(", ")
        )));
    }
    Ok(out.into_iter().flatten().collect())
}

fn example_box(names: &[&str]) -> String {
    let body: Vec<String> = names.iter().map(|n| format!("{n}=-2..2")).collect();
    format!("--box {}", body.join(","))
}

/// `lo..hi` with constant-expression ends, finite, `lo <= hi` (`1..1` holds one point).
fn parse_range(r: &str, text: &str, example: &str) -> Result<(f64, f64), CliError> {
    let Some((lo, hi)) = r.split_once("..") else {
        return Err(CliError::Usage(format!(
            "error: `{r}` in the box `{text}` is not a range; write ranges as lo..hi, e.g. {example}"
        )));
    };
    let (lo, hi) = (constant(lo, text, example)?, constant(hi, text, example)?);
    if lo > hi {
        return Err(CliError::Usage(format!(
            "error: the range `{r}` in the box `{text}` is empty; put the lower end first, e.g. -2..2"
        )));
    }
    Ok((lo, hi))
}

/// A finite constant expression (`1.5`, `-pi/2`, `1e-3`), a part of the argument `text`; the
/// messages suggest `example` (such as `--at x=1,y=1`), the argument as it should be written.
pub fn constant(s: &str, text: &str, example: &str) -> Result<f64, CliError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(CliError::Usage(format!(
            "error: a number is missing in `{text}`; give numbers such as {example}"
        )));
    }
    let f = Formula::parse(s).map_err(|e| {
        CliError::Usage(format!(
            "error: cannot read the number `{s}` in `{text}`:\n{e}"
        ))
    })?;
    if !f.vars().is_empty() {
        return Err(CliError::Usage(format!(
            "error: `{s}` in `{text}` is not a number; give numbers such as {example} (or constant expressions such as pi/2)"
        )));
    }
    let v = f.graph().eval(f.root(), &[]);
    if !v.is_finite() {
        return Err(CliError::Usage(format!(
            "error: `{s}` in `{text}` is not a finite number; give numbers such as {example}"
        )));
    }
    Ok(v)
}

/// A progress bar on stderr, shown only when stdout is a terminal and the run passes a second
/// (`nabla min` counts iterations, `nabla fit` epochs).
pub(crate) struct Progress {
    bar: ProgressBar,
    start: Instant,
    shown: bool,
    terminal: bool,
}

impl Progress {
    /// A hidden bar of `total` steps, labelled like `{pos}/{len} {unit}  {value} = {msg}`.
    pub(crate) fn new(total: usize, unit: &str, value: &str) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
        let template = format!("{{bar:40}} {{pos}}/{{len}} {unit}  {value} = {{msg}}");
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style);
        }
        Progress {
            bar,
            start: Instant::now(),
            shown: false,
            terminal: std::io::stdout().is_terminal(),
        }
    }

    /// Moves to step `pos` showing `value`; draws from the first update after one second.
    pub(crate) fn update(&mut self, pos: usize, value: f64) {
        if self.terminal && !self.shown && self.start.elapsed() > Duration::from_secs(1) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
        }
        self.bar.set_position(pos as u64);
        self.bar.set_message(fmt_number(value));
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Clap's own consistency checks (argument ids named by `conflicts_with`, `requires`, ...),
    /// which release builds skip at run time.
    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn box_for_all_variables() {
        assert_eq!(
            parse_box("-5..5", &["x", "y"]).unwrap(),
            vec![(-5.0, 5.0), (-5.0, 5.0)]
        );
        assert_eq!(parse_box(" 0 .. 1 ", &["t"]).unwrap(), vec![(0.0, 1.0)]);
    }

    #[test]
    fn box_by_name_in_any_order() {
        assert_eq!(
            parse_box("y=0..1, x=-4.5..4.5", &["x", "y"]).unwrap(),
            vec![(-4.5, 4.5), (0.0, 1.0)]
        );
        let b = parse_box("x=-pi..pi", &["x"]).unwrap();
        assert_eq!(b, vec![(-std::f64::consts::PI, std::f64::consts::PI)]);
    }

    #[test]
    fn bad_boxes_are_usage_errors() {
        for bad in [
            "5..-5",
            "x=0..1",
            "z=0..1,x=0..1,y=0..1",
            "1",
            "x=0..1,x=0..2,y=0..1",
            "a..b",
        ] {
            assert!(
                matches!(parse_box(bad, &["x", "y"]), Err(CliError::Usage(_))),
                "{bad}"
            );
        }
    }
}
