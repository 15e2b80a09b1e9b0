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
mod help;
mod limits;
mod methods;
mod min;
mod out;
mod plot;
mod render_progress;
mod schema;
#[cfg(feature = "serve")]
mod serve;
mod trace;

use std::io::{IsTerminal, Read};
use std::time::{Duration, Instant};

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use nabla::i18n::Lang;
use nabla::{fmt_number, tr, Error, Formula, Function, ParseError};

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

/// The items of a comma- (or semicolon-) separated list, trimmed, empty ones left out: the one
/// reading of the lists that points, boxes, `--init` and `--bounds` are written as.
pub(crate) fn list_items(text: &str) -> Vec<&str> {
    text.split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
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
            other => error_line(other),
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
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    // `--lang`, else the environment's language, before clap reads the arguments: the value
    // parsers' messages (`--iters abc`) are nabla's, in the reader's language (clap's own words
    // around them stay English).
    let lang = lang_in_args(&args).unwrap_or_else(Lang::from_env);
    nabla::i18n::set_lang(lang);
    let parsed = if lang == Lang::En {
        Cli::try_parse_from(&args)
    } else {
        // `--help` in the language: the descriptions and headings from the catalog.
        let mut cmd = Cli::command();
        cmd.build();
        help::localize(cmd, lang)
            .try_get_matches_from(&args)
            .and_then(|m| Cli::from_arg_matches(&m))
    };
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            if let Err(w) = e.print() {
                eprintln!(
                    "{}",
                    error_line(tr!("cli-cannot-write-output", error = w.to_string()))
                );
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
        eprintln!(
            "{}",
            error_line(tr!("cli-cannot-write-output-full", error = e.to_string()))
        );
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

/// The language `--lang X` or `--lang=X` names among `args` (the last one given, before a `--`);
/// `None` when none does, or names no language nabla speaks (clap then says so).
fn lang_in_args(args: &[std::ffi::OsString]) -> Option<Lang> {
    let mut found = None;
    let mut it = args.iter().skip(1).map(|a| a.to_str());
    while let Some(a) = it.next() {
        match a {
            Some("--") => break,
            Some("--lang") => found = it.next().flatten().and_then(|v| v.parse().ok()),
            Some(a) => {
                if let Some(v) = a.strip_prefix("--lang=") {
                    found = v.parse().ok();
                }
            }
            None => {}
        }
    }
    found
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
        .map_err(|e| usage(tr!("cli-cannot-read", what = what, error = e.to_string())))?;
    if bytes.len() as u64 > limits::MAX_FORMULA_BYTES {
        return Err(usage(tr!(
            "cli-too-long",
            what = what,
            mib = (limits::MAX_FORMULA_BYTES >> 20).to_string()
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        usage(tr!(
            "cli-not-utf8",
            what = what,
            offset = e.utf8_error().valid_up_to().to_string()
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
                let shown = path.display().to_string();
                let file = std::fs::File::open(path).map_err(|e| {
                    usage(tr!(
                        "cli-cannot-read-file",
                        path = &shown,
                        error = e.to_string()
                    ))
                })?;
                read_limited(file, &tr!("cli-what-file", path = &shown))
            }
            (Some(f), None) if f == "-" => read_limited(std::io::stdin(), &tr!("cli-what-stdin")),
            (Some(f), None) => Ok(f.clone()),
            (None, None) => Err(usage(tr!("cli-no-formula"))),
        }
    }

    /// The formula as typed on the command line (not read from a file or standard input), for
    /// a picture's title.
    pub fn typed(&self) -> Option<&str> {
        match (&self.formula, &self.file) {
            (Some(f), None) if f != "-" => Some(f.as_str()),
            _ => None,
        }
    }

    /// The parsed formula with the requested variable order.
    pub fn formula(&self) -> Result<Formula, CliError> {
        let src = self.source()?;
        let f = match &self.vars {
            Some(v) => Formula::parse_with_vars(&src, v)?,
            None => Formula::parse(&src)?,
        };
        note_full_width(f.full_width());
        for w in f.warnings() {
            eprintln!("{}", tr!("warning-line", message = w.to_string()));
            // The library names the variable list; on the command line it is `--vars`.
            if let nabla::FormulaWarning::ConstantAsVariable(c) = &w {
                let flag = format!("--vars {}", c.vars_with_it.replace(' ', ""));
                eprintln!("{}", tr!("hint-line", message = flag));
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
    let text = &read_full_width(text);
    let example = example_point(flag, names);
    let parts: Vec<&str> = list_items(text);
    let value = |s: &str| constant(s, text, &example);
    let named = parts.iter().any(|p| p.contains('='));
    if !named {
        if parts.len() != names.len() {
            return Err(usage(tr!(
                "cli-point-count",
                text = text,
                values = parts.len(),
                vars = names.len(),
                names = names.join(", "),
                example = &example,
            )));
        }
        return parts.iter().map(|p| value(p)).collect();
    }
    let mut out: Vec<Option<f64>> = vec![None; names.len()];
    for p in &parts {
        let Some((n, v)) = p.split_once('=') else {
            return Err(usage(tr!(
                "cli-point-unnamed",
                part = *p,
                text = text,
                example = &example
            )));
        };
        let n = n.trim();
        let Some(k) = names.iter().position(|m| *m == n) else {
            return Err(usage(tr!(
                "cli-point-unknown",
                name = n,
                text = text,
                names = names.join(", ")
            )));
        };
        if out[k].is_some() {
            return Err(usage(tr!("cli-point-twice", name = n, text = text)));
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
        return Err(usage(tr!(
            "cli-point-missing",
            text = text,
            missing = missing.join(", "),
            example = &example,
        )));
    }
    Ok(out.into_iter().flatten().collect())
}

/// `error: {message}` in the current language (`錯誤：...`).
pub fn error_line(message: impl std::fmt::Display) -> String {
    tr!("error-line", message = message.to_string())
}

/// A usage error (exit 2) whose message is `message` after `error: `.
pub fn usage(message: impl std::fmt::Display) -> CliError {
    CliError::Usage(error_line(message))
}

/// Says on standard error, once, which full-width forms (typed with a CJK input method) were
/// read as which ASCII characters: `note: read full-width （ ） ＋ as ( ) +`. Nothing for none.
pub fn note_full_width(forms: &[(char, char)]) {
    if forms.is_empty() {
        return;
    }
    let join = |pick: fn(&(char, char)) -> char| {
        forms
            .iter()
            .map(|p| pick(p).to_string())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let note = tr!(
        "parse-full-width-note",
        fullwidth = join(|p| p.0),
        ascii = join(|p| p.1)
    );
    eprintln!("{}", tr!("note-line", message = note));
}

/// A point or box argument with its full-width forms (`x＝１，y＝２`) read as ASCII, noted on
/// standard error when there are any.
fn read_full_width(text: &str) -> String {
    let forms = nabla::full_width_forms(text);
    if forms.is_empty() {
        return text.to_string();
    }
    note_full_width(&forms);
    text.chars()
        .map(|c| nabla::ascii_equivalent(c).unwrap_or(c))
        .collect()
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
            Err(e) => {
                return Err(CliError::Numeric(error_line(tr!(
                    "cli-cannot-write-json",
                    error = e.to_string()
                ))))
            }
        }
    } else {
        text();
    }
    match verdict.exit {
        nabla::answer::Exit::Success => Ok(()),
        exit => {
            eprintln!("{}", error_line(&verdict.sentence));
            Err(CliError::Answered(exit))
        }
    }
}

/// Prints a JSON value on stdout.
pub fn print_json(v: &serde_json::Value) {
    match serde_json::to_string_pretty(v) {
        Ok(s) => outln!("{s}"),
        Err(e) => eprintln!(
            "{}",
            error_line(tr!("cli-cannot-write-json", error = e.to_string()))
        ),
    }
}

/// Parses `--box`: one `lo..hi` for every axis, one per variable in order, or `name=lo..hi` for
/// each variable. Ends may be constant expressions (`-pi..pi`). Returns one `(lo, hi)` per name,
/// each finite with `lo < hi`: `-1..2` for `[x, y]` is `[(-1, 2), (-1, 2)]`, and `y=0..1,x=-1..1`
/// is `[(-1, 1), (0, 1)]`.
pub fn parse_box(text: &str, names: &[&str]) -> Result<Vec<(f64, f64)>, CliError> {
    let text = &read_full_width(text);
    let example = example_box(names);
    let parts: Vec<&str> = list_items(text);
    if parts.is_empty() {
        return Err(usage(tr!("cli-box-empty", text = text, example = &example)));
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
            n => Err(usage(tr!(
                "cli-box-count",
                text = text,
                ranges = n,
                vars = names.len().to_string(),
                names = names.join(", "),
                example = &example
            ))),
        };
    }
    let mut out: Vec<Option<(f64, f64)>> = vec![None; names.len()];
    for p in &parts {
        let Some((n, r)) = p.split_once('=') else {
            return Err(usage(tr!(
                "cli-box-unnamed",
                part = *p,
                text = text,
                example = &example
            )));
        };
        let n = n.trim();
        let Some(k) = names.iter().position(|m| *m == n) else {
            return Err(usage(tr!(
                "cli-box-unknown",
                name = n,
                text = text,
                names = names.join(", ")
            )));
        };
        if out[k].is_some() {
            return Err(usage(tr!("cli-box-twice", name = n, text = text)));
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
        return Err(usage(tr!(
            "cli-box-missing",
            text = text,
            missing = missing.join(", "),
            example = &example
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
        return Err(usage(tr!(
            "cli-range-not-range",
            range = r,
            text = text,
            example = example
        )));
    };
    let (lo, hi) = (constant(lo, text, example)?, constant(hi, text, example)?);
    if lo > hi {
        return Err(usage(tr!("cli-range-empty", range = r, text = text)));
    }
    Ok((lo, hi))
}

/// A finite constant expression (`1.5`, `-pi/2`, `1e-3`), a part of the argument `text`; the
/// messages suggest `example` (such as `--at x=1,y=1`), the argument as it should be written.
pub fn constant(s: &str, text: &str, example: &str) -> Result<f64, CliError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(usage(tr!(
            "cli-number-missing",
            text = text,
            example = example
        )));
    }
    let f = Formula::parse(s).map_err(|e| {
        let head = error_line(tr!("cli-number-unreadable", number = s, text = text));
        CliError::Usage(format!("{head}\n{e}"))
    })?;
    if !f.vars().is_empty() {
        return Err(usage(tr!(
            "cli-number-not-number",
            number = s,
            text = text,
            example = example
        )));
    }
    let v = f.graph().eval(f.root(), &[]);
    if !v.is_finite() {
        return Err(usage(tr!(
            "cli-number-not-finite",
            number = s,
            text = text,
            example = example
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
