//! Errors of the engine: the parse error with its caret renderer, and the engine's error enum.
//!
//! [`Error`] is the engine's error (parsing, variables, dimensions, printing limits, compiled
//! programs, native code). The solvers' errors sit above it and wrap it ([`crate::CheckError`],
//! [`crate::optim::OptimError`], `FitError`, `PlotError`); nothing below wraps them back, so the
//! layers compose upward without a cycle. [`crate::AnyError`] joins them all for a function that
//! `?`s across layers.
//!
//! A [`ParseError`] is a kind, a byte span and the source it points into. Its `Display` renders
//! the message with the offending line and a caret under the span, with 1-based line and column
//! numbers counted in characters (not bytes), so non-ASCII input does not misalign the caret:
//!
//! ```text
//! error: unknown function `sinn` (did you mean `sin`?)
//!  --> 1:5
//!   |
//! 1 | 2*x+sinn(y)
//!   |     ^^^^
//! ```
//!
//! Messages are lower-case and say how to fix the problem.

use std::fmt;
use std::ops::Range;

use crate::tr;

/// What went wrong while parsing a formula.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The formula has nothing in it.
    #[error("{}", tr!("parse-empty"))]
    Empty,
    /// An `=` that is not a definition `f(x) = ...`: an equation.
    #[error("{}", tr!("parse-equation"))]
    Equation,
    /// A token other than the one the grammar needs here.
    #[error("{}", tr!("parse-expected", expected = .expected.to_string(), found = found_text(*.found)))]
    Expected {
        /// What the grammar accepts at this position.
        expected: Expectation,
        /// The character there instead (as typed), `None` at the end of input.
        found: Option<char>,
    },
    /// A `(` that is never closed.
    #[error("{}", tr!("parse-unclosed"))]
    Unclosed,
    /// A `)` without its `(`.
    #[error("{}", tr!("parse-unmatched"))]
    Unmatched,
    /// A call of a function nabla does not know.
    #[error("{}", match .suggestion { Some(s) => tr!("parse-unknown-function-suggest", name = .name, suggestion = s), None => tr!("parse-unknown-function", name = .name) })]
    UnknownFunction {
        /// The name as written.
        name: String,
        /// The nearest known function name, if one is close.
        suggestion: Option<String>,
    },
    /// A module prefix other than `np.`, `numpy.`, `math.` or `torch.`.
    #[error("{}", tr!("parse-unknown-prefix", prefix = .prefix))]
    UnknownPrefix {
        /// The prefix as written.
        prefix: String,
    },
    /// A function called with the wrong number of arguments.
    #[error("{}", tr!("parse-arity", name = .name, expected = .expected.to_string(), found = *.found))]
    Arity {
        /// The function name.
        name: String,
        /// The accepted numbers of arguments.
        expected: ArgCount,
        /// The number of arguments written.
        found: usize,
    },
    /// A function name used without arguments.
    #[error("{}", tr!("parse-function-without-call", name = .name))]
    FunctionWithoutCall {
        /// The function name.
        name: String,
    },
    /// A variable followed by `(`, which reads as a call.
    #[error("{}", tr!("parse-not-a-function", name = .name))]
    NotAFunction {
        /// The variable name.
        name: String,
    },
    /// A name that cannot be a variable or parameter (a constant or function name).
    #[error("{}", tr!("parse-reserved", name = .name))]
    Reserved {
        /// The name.
        name: String,
    },
    /// A variable that is not among the parameters of `f(x, y) = ...` or `lambda x, y: ...`.
    #[error("{}", tr!("parse-undeclared", name = .name, params = .params))]
    Undeclared {
        /// The variable name.
        name: String,
        /// The declared parameters, comma-separated.
        params: String,
    },
    /// A parameter listed twice.
    #[error("{}", tr!("parse-duplicate-parameter", name = .name))]
    DuplicateParameter {
        /// The parameter name.
        name: String,
    },
    /// A number too large for a double.
    #[error("{}", tr!("parse-number-too-large", text = .text))]
    NumberTooLarge {
        /// The number as written.
        text: String,
    },
    /// Parentheses or calls nested deeper than [`crate::MAX_DEPTH`].
    #[error("{}", tr!("parse-too-deep", limit = .limit.to_string()))]
    TooDeep {
        /// The nesting limit.
        limit: usize,
    },
}

/// What the grammar accepts where a [`ParseErrorKind::Expected`] error points; its `Display` is
/// the phrase in the current language (`a parameter name`).
///
/// ```
/// assert_eq!(nabla::Expectation::ParameterName.to_string(), "a parameter name");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Expectation {
    /// A binary operator, after a complete operand: `an operator such as `+`, `*` or `^``.
    Operator,
    /// An operand: `a number, a variable, a function call or `(``.
    Operand,
    /// A name in a definition's parameter list: `a parameter name`.
    ParameterName,
    /// What follows a lambda parameter: `` `,` or `:` after a lambda parameter``.
    LambdaParameterEnd,
    /// What follows a parameter of `f(x, y) = ...`: `` `,` or `)` ``.
    ParameterEnd,
    /// What follows an operand inside parentheses: `` `)` or an operator``.
    CloseOrOperator,
    /// What follows a function's argument: `` `,`, `)` or an operator``.
    ArgumentEnd,
}

impl fmt::Display for Expectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            Expectation::Operator => tr!("parse-expect-operator"),
            Expectation::Operand => tr!("parse-expect-operand"),
            Expectation::ParameterName => tr!("parse-expect-parameter-name"),
            Expectation::LambdaParameterEnd => tr!("parse-expect-lambda-parameter-end"),
            Expectation::ParameterEnd => tr!("parse-expect-parameter-end"),
            Expectation::CloseOrOperator => tr!("parse-expect-close-or-operator"),
            Expectation::ArgumentEnd => tr!("parse-expect-argument-end"),
        })
    }
}

/// How many arguments a function takes, for a [`ParseErrorKind::Arity`] error; its `Display` is
/// the count in words in the current language (`1 argument`).
///
/// ```
/// assert_eq!(nabla::ArgCount::OneOrTwo.to_string(), "1 or 2 arguments");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ArgCount {
    /// Exactly one (`sin`, `square`).
    One,
    /// Exactly two (`max`, `pow`).
    Two,
    /// One or two (`log(x)`, `log(x, b)`).
    OneOrTwo,
}

impl fmt::Display for ArgCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            ArgCount::One => tr!("parse-args-one"),
            ArgCount::Two => tr!("parse-args-two"),
            ArgCount::OneOrTwo => tr!("parse-args-one-or-two"),
        })
    }
}

/// What an [`ParseErrorKind::Expected`] error found: the character quoted, or the end of input,
/// in the current language.
fn found_text(found: Option<char>) -> String {
    match found {
        Some(c) => tr!("parse-found-char", char = c.to_string()),
        None => tr!("parse-found-end"),
    }
}

/// A parse error: what went wrong, where (a byte range into the source), and the source itself.
///
/// ```
/// let err = nabla::Formula::parse("2*x+sinn(y)").unwrap_err();
/// assert_eq!(err.span(), 4..8);
/// assert_eq!(err.line_col(), (1, 5));
/// assert!(err.to_string().contains("did you mean `sin`?"));
/// assert!(err.to_string().contains("    ^^^^"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    kind: ParseErrorKind,
    span: Range<usize>,
    source: String,
}

impl ParseError {
    pub(crate) fn new(kind: ParseErrorKind, span: Range<usize>, source: &str) -> ParseError {
        let start = span.start.min(source.len());
        let end = span.end.clamp(start, source.len());
        ParseError {
            kind,
            span: start..end,
            source: source.to_string(),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ParseErrorKind {
        &self.kind
    }

    /// The byte range of the source the error points at (empty at the end of input).
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// The formula the error points into.
    pub fn source_text(&self) -> &str {
        &self.source
    }

    /// 1-based line and column (in characters) of the start of the span.
    pub fn line_col(&self) -> (usize, usize) {
        let before = &self.source[..self.span.start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |p| p + 1);
        let col = self.source[line_start..self.span.start].chars().count() + 1;
        (line, col)
    }

    /// The message alone, without the caret rendering.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }
}

/// Characters of context shown before and after the error on a long line; the rest of the line
/// is elided with `...` so a 400 KB formula gives a short message.
const CONTEXT_CHARS: usize = 40;

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (line, col) = self.line_col();
        let line_start = self.source[..self.span.start]
            .rfind('\n')
            .map_or(0, |p| p + 1);
        let line_end = self.source[line_start..]
            .find('\n')
            .map_or(self.source.len(), |p| line_start + p);
        let span_end = self.span.end.clamp(self.span.start, line_end);
        let before = &self.source[line_start..self.span.start];
        let marked = &self.source[self.span.start..span_end];
        let after = self.source[span_end..line_end].trim_end_matches('\r');
        // Keep at most CONTEXT_CHARS characters on each side of the span, and at most that many of
        // the span itself.
        let (cut_before, before) = match before.char_indices().rev().nth(CONTEXT_CHARS - 1) {
            Some((i, _)) if i > 0 => (true, &before[i..]),
            _ => (false, before),
        };
        let (cut_marked, marked) = match marked.char_indices().nth(CONTEXT_CHARS) {
            Some((i, _)) => (true, &marked[..i]),
            None => (false, marked),
        };
        let (cut_after, after) = match after.char_indices().nth(CONTEXT_CHARS) {
            Some((i, _)) => (true, &after[..i]),
            None => (false, after),
        };
        let lead = if cut_before { "..." } else { "" };
        let tail = if cut_after || cut_marked { "..." } else { "" };
        // The caret lines up in terminal columns: a full-width character (`（`, a CJK name)
        // takes two, a tab stays a tab.
        let pad: String = lead
            .chars()
            .chain(before.chars())
            .flat_map(|c| {
                let (fill, n) = match c {
                    '\t' => ('\t', 1),
                    c => (' ', crate::i18n::width(c.encode_utf8(&mut [0; 4]))),
                };
                std::iter::repeat_n(fill, n)
            })
            .collect();
        let width = crate::i18n::width(marked).max(1);
        let num = line.to_string();
        let gutter = " ".repeat(num.len());
        writeln!(f, "{}", tr!("error-line", message = self.kind.to_string()))?;
        writeln!(f, "{gutter}--> {line}:{col}")?;
        writeln!(f, "{gutter} |")?;
        if cut_marked {
            writeln!(f, "{num} | {lead}{before}{marked}{tail}")?;
        } else {
            writeln!(f, "{num} | {lead}{before}{marked}{after}{tail}")?;
        }
        write!(f, "{gutter} | {pad}{}", "^".repeat(width))
    }
}

impl std::error::Error for ParseError {}

/// The engine's error: parsing, variables, dimensions, printing limits, compiled programs and
/// native code. The solvers' errors wrap it; [`crate::AnyError`] joins all of them.
///
/// Across layers, [`crate::AnyError`]:
///
/// ```
/// use nabla::optim::{minimize, Method, StopRule};
/// use nabla::{check_gradient, AnyError, CheckOptions, Function};
///
/// /// Checks the gradient at the start, then minimizes: parse, check and optimizer errors all
/// /// leave through `?` as one `nabla::AnyError`.
/// fn checked_minimum(src: &str, start: &[f64], method: &str) -> Result<f64, AnyError> {
///     let mut f = Function::parse(src)?;
///     let check = check_gradient(&f, &[start.to_vec()], &CheckOptions::default())?;
///     assert!(check.passed());
///     let method = Method::parse(method)?;
///     let report = minimize(&mut f, start, &method, &StopRule::default())?;
///     Ok(report.f)
/// }
///
/// assert!(checked_minimum("(x - 1)^2 + (y + 2)^2", &[3.0, 4.0], "lbfgs").unwrap() < 1e-12);
/// let err = checked_minimum("x^2 +", &[1.0], "lbfgs").unwrap_err();
/// assert!(matches!(err, AnyError::Engine(nabla::Error::Parse(_))));
/// let err = checked_minimum("x^2", &[1.0, 2.0], "lbfgs").unwrap_err();
/// assert!(matches!(err, AnyError::Check(_)));
/// let err = checked_minimum("x^2", &[1.0], "adamm").unwrap_err();
/// assert!(matches!(err, AnyError::Optim(_)));
/// assert!(err.to_string().starts_with("unknown method `adamm`"));
/// ```
#[derive(Clone, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The formula did not parse.
    #[error("{0}")]
    Parse(#[from] ParseError),
    /// A point or variable list that does not match the formula's variables.
    #[error("{}", tr!("error-unknown-variable", name = .name, known = .known))]
    UnknownVariable {
        /// The name given.
        name: String,
        /// The formula's variables, comma-separated.
        known: String,
    },
    /// A variable of the formula that a given variable order leaves out.
    #[error("{}", tr!("error-missing-variable", name = .name, known = .known))]
    MissingVariable {
        /// The missing variable.
        name: String,
        /// The formula's variables, comma-separated.
        known: String,
    },
    /// A variable list that names a constant (`e`, `pi`) the formula was parsed with as the
    /// constant: the parse must know it, so parse with the list.
    #[error("{}", tr!("error-constant-as-variable", name = .name))]
    ConstantAsVariable {
        /// The constant's name.
        name: String,
    },
    /// A variable named twice in a variable list.
    #[error("{}", tr!("error-duplicate-variable", name = .name))]
    DuplicateVariable {
        /// The name listed twice.
        name: String,
    },
    /// A point with the wrong number of coordinates.
    #[error("{}", tr!("error-dimension", found = *.found, expected = *.expected, known = .known))]
    Dimension {
        /// Number of variables.
        expected: usize,
        /// Number of coordinates given.
        found: usize,
        /// The formula's variables, comma-separated.
        known: String,
    },
    /// A formula too large to print as text.
    #[error("{}", tr!("error-too-large-to-print", chars = .chars.to_string(), limit = .limit.to_string()))]
    TooLargeToPrint {
        /// Estimated length of the printed text.
        chars: u64,
        /// The limit.
        limit: u64,
    },
    /// A dense Hessian asked for more differentiation variables than it is derived for.
    #[error("{}", tr!("error-hessian-too-large", dim = .dim.to_string(), max = .max.to_string()))]
    HessianTooLarge {
        /// Number of differentiation variables.
        dim: usize,
        /// The limit, [`crate::HESSIAN_MAX_DIM`].
        max: usize,
    },
    /// A compiled program was handed slices or a workspace that do not fit it.
    #[error("{0}")]
    Eval(#[from] crate::EvalError),
    /// Native code was asked for ([`crate::Backend::Native`]) and cannot be had.
    #[error("{}", tr!("error-native-unavailable", reason = .reason))]
    NativeUnavailable {
        /// Why: built without the feature `jit`, an unsupported processor, or a code generator
        /// error.
        reason: String,
    },
}

/// Structural equality.
impl PartialEq for Error {
    fn eq(&self, other: &Self) -> bool {
        use Error as E;
        match (self, other) {
            (E::Parse(a), E::Parse(b)) => a == b,
            (
                E::UnknownVariable { name, known },
                E::UnknownVariable {
                    name: name2,
                    known: known2,
                },
            )
            | (
                E::MissingVariable { name, known },
                E::MissingVariable {
                    name: name2,
                    known: known2,
                },
            ) => name == name2 && known == known2,
            (E::DuplicateVariable { name }, E::DuplicateVariable { name: name2 })
            | (E::ConstantAsVariable { name }, E::ConstantAsVariable { name: name2 }) => {
                name == name2
            }
            (
                E::Dimension {
                    expected,
                    found,
                    known,
                },
                E::Dimension {
                    expected: expected2,
                    found: found2,
                    known: known2,
                },
            ) => expected == expected2 && found == found2 && known == known2,
            (
                E::TooLargeToPrint { chars, limit },
                E::TooLargeToPrint {
                    chars: chars2,
                    limit: limit2,
                },
            ) => chars == chars2 && limit == limit2,
            (
                E::HessianTooLarge { dim, max },
                E::HessianTooLarge {
                    dim: dim2,
                    max: max2,
                },
            ) => dim == dim2 && max == max2,
            (E::Eval(a), E::Eval(b)) => a == b,
            (E::NativeUnavailable { reason }, E::NativeUnavailable { reason: r2 }) => reason == r2,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Formula;

    /// The caret line and the source line of a rendered error.
    fn shown(src: &str) -> (String, String) {
        let Err(err) = Formula::parse(src) else {
            panic!("{src} should not parse");
        };
        let err = err.to_string();
        let lines: Vec<&str> = err.lines().collect();
        let text = lines[3].split_once(" | ").map(|p| p.1).unwrap_or("");
        let caret = lines[4].split_once(" | ").map(|p| p.1).unwrap_or("");
        (text.to_string(), caret.to_string())
    }

    #[test]
    fn long_lines_are_elided_around_the_error() {
        let src = format!("{}sinn(x){}", "x + ".repeat(1000), " + y".repeat(1000));
        let (text, caret) = shown(&src);
        assert!(text.starts_with("...") && text.ends_with("..."), "{text}");
        assert!(text.len() < 3 * super::CONTEXT_CHARS + 10, "{text}");
        // The caret still points at `sinn`.
        let at = caret.find('^').expect("a caret");
        assert_eq!(&text[at..at + 4], "sinn");
        assert_eq!(caret.trim_start(), "^^^^");
    }

    #[test]
    fn the_caret_after_full_width_characters_counts_display_columns() {
        // `（x+1）^2 + ` is 2 + 3 + 2 + 5 = 12 terminal columns: `（` and `）` take two each.
        let (text, caret) = shown("（x+1）^2 + sinn(x)");
        assert_eq!(text, "（x+1）^2 + sinn(x)");
        assert_eq!(caret, format!("{}^^^^", " ".repeat(12)));
        let err = Formula::parse("（x+1）^2 + sinn(x)").unwrap_err();
        assert_eq!(err.line_col(), (1, 11));
    }

    #[test]
    fn expectations_and_argument_counts_read_as_before_in_english() {
        use super::{ArgCount, Expectation, ParseErrorKind};
        let kind = |src: &str| Formula::parse(src).unwrap_err().message();
        assert_eq!(
            kind("2 3"),
            "expected an operator such as `+`, `*` or `^`, found `3`"
        );
        assert_eq!(
            kind("lambda x y: x"),
            "expected `,` or `:` after a lambda parameter, found `y`"
        );
        assert_eq!(
            kind("sin(x, y)"),
            "`sin` takes 1 argument, but 2 were given"
        );
        assert_eq!(
            kind("log()"),
            "`log` takes 1 or 2 arguments, but 0 were given"
        );
        let err = Formula::parse("（x，1）").unwrap_err();
        assert_eq!(
            err.kind(),
            &ParseErrorKind::Expected {
                expected: Expectation::CloseOrOperator,
                found: Some('，'),
            }
        );
        assert_eq!(ArgCount::Two.to_string(), "2 arguments");
    }

    /// Counts pick the English singular or plural, as `nabla::plural` wrote them before the
    /// catalogs.
    #[test]
    fn counts_agree_with_their_nouns() {
        let dim = |found, expected| super::Error::Dimension {
            expected,
            found,
            known: "x, y".into(),
        };
        assert_eq!(
            dim(1, 2).to_string(),
            "the point has 1 coordinate but the formula has 2 variables (x, y); give one value per variable"
        );
        assert_eq!(
            dim(3, 1).to_string(),
            "the point has 3 coordinates but the formula has 1 variable (x, y); give one value per variable"
        );
    }

    #[test]
    fn short_lines_are_shown_whole() {
        let (text, caret) = shown("x + sinn(x) + y");
        assert_eq!(text, "x + sinn(x) + y");
        assert_eq!(caret, "    ^^^^");
    }

    #[test]
    fn errors_at_the_end_of_a_long_line_point_past_it() {
        let src = format!("{}(", "x + ".repeat(500));
        let (text, caret) = shown(&src);
        assert!(text.starts_with("...") && !text.ends_with("..."), "{text}");
        assert_eq!(caret.len(), text.len() + 1);
        assert!(caret.ends_with('^'));
    }
}
