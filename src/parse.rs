//! The formula parser: text to graph nodes, following `grammar/formula.ebnf`.
//!
//! Tokens (numbers, names, whitespace) are recognized with nom's character parsers; the grammar is
//! one function per precedence level, from loosest to tightest:
//!
//! | level | operators | associativity |
//! |---|---|---|
//! | sum | `+ -` | left |
//! | product | `* / ×  ÷ ·` and juxtaposition (`2x`, `3(x+1)`, `2 sin(x)`) | left |
//! | unary | prefix `- +` | prefix; `-x^2 = -(x^2)` |
//! | power | `^ **`, postfix `²` `³` | right; the exponent may carry signs: `2^-1` |
//! | atom | numbers, `pi`, `e`, variables, calls, `( ... )` | |
//!
//! # Invariants
//!
//! * Sums, products, prefix signs and power chains are parsed by loops, so their length is
//!   unbounded. The parser recurses only into parentheses and call arguments, and refuses to nest
//!   deeper than [`MAX_DEPTH`] levels: no input overflows the stack.
//! * Every error carries the byte span it is about; the renderer turns it into a caret.
//! * Full-width forms typed with a CJK input method (`（x＋1）＾2`, `１２．５`, `，`) read as
//!   their ASCII equivalents ([`ascii_equivalent`]): the parser reads a normalized copy and maps
//!   error spans back to byte offsets of the text as typed, so carets stay under the right
//!   character.
//! * `#` starts a comment that runs to the end of the line; comments count as whitespace.
//! * Nodes are built through the graph's smart constructors, so parsing the printed form of a
//!   node gives back the same node.

use nom::branch::alt;
use nom::bytes::complete::take_while;
use nom::character::complete::{char, digit1, multispace0, one_of, satisfy};
use nom::combinator::{opt, recognize};
use nom::{IResult, Parser};

use crate::error::{ArgCount, Expectation, ParseError, ParseErrorKind};
use crate::graph::{Graph, NodeId};
use crate::ops::{canonical, function_names, Binary, Unary, SPECIAL_NAMES};

/// The deepest nesting of parentheses and function calls the parser accepts.
///
/// Deeper input is a [`ParseErrorKind::TooDeep`] error, never a stack overflow. Chains that do not
/// nest (`1 + 2 + ...`, `x^x^x...`, `---x`) have no limit.
pub const MAX_DEPTH: usize = 256;

/// Module prefixes accepted in front of function names (`np.exp(x)`, `math.sin(x)`).
const PREFIXES: &[&str] = &["np", "numpy", "math", "torch"];

/// The result of parsing one formula into a graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    /// The formula's node.
    pub root: NodeId,
    /// The parameters of `f(x, y) = ...` or `lambda x, y: ...`, in order, if the formula had a
    /// definition.
    pub params: Option<Vec<String>>,
    /// The variables the formula's text names, in order of first appearance (including those
    /// that simplification removed from the graph, as in `x^0`).
    pub vars: Vec<String>,
    /// The constants the text names without a module prefix (`e`, `pi`; not `π`, `np.e`), in
    /// order of first appearance: names a reader may have meant as variables (see
    /// [`crate::Formula::warnings`]).
    pub constants: Vec<String>,
    /// The full-width forms the text was typed with and the ASCII each was read as
    /// ([`full_width_forms`]), for a front end's note.
    pub full_width: Vec<(char, char)>,
}

/// Parses `src` into `graph`, returning the root node and the declared parameters, if any.
///
/// Parsing into a graph that already holds other formulas shares their nodes.
///
/// ```
/// let mut g = nabla::Graph::new();
/// let a = nabla::parse_into(&mut g, "x*y + 1").unwrap();
/// let b = nabla::parse_into(&mut g, "f(x, y) = (x*y) + 1").unwrap();
/// assert_eq!(a.root, b.root);
/// assert_eq!(b.params, Some(vec!["x".to_string(), "y".to_string()]));
/// ```
pub fn parse_into(graph: &mut Graph, src: &str) -> Result<Parsed, ParseError> {
    parse_into_with_vars(graph, src, &[] as &[&str])
}

/// [`parse_into`], reading the constant names `e` and `pi` as variables where `variables` lists
/// them (other names in `variables` change nothing: every other name is a variable anyway).
/// `π`, `np.e` and `math.pi` stay constants.
///
/// ```
/// let mut g = nabla::Graph::new();
/// let p = nabla::parse_into_with_vars(&mut g, "(d-4)^2 + (e-5)^2", &["d", "e"]).unwrap();
/// assert_eq!(p.vars, ["d", "e"]);
/// assert!(p.constants.is_empty());
/// let p = nabla::parse_into(&mut g, "(d-4)^2 + (e-5)^2").unwrap();
/// assert_eq!((p.vars, p.constants), (vec!["d".to_string()], vec!["e".to_string()]));
/// ```
pub fn parse_into_with_vars<S: AsRef<str>>(
    graph: &mut Graph,
    src: &str,
    variables: &[S],
) -> Result<Parsed, ParseError> {
    let as_vars: Vec<&str> = variables
        .iter()
        .map(|v| v.as_ref().trim())
        .filter(|v| CONSTANT_NAMES.contains(v))
        .collect();
    let Some((normal, offsets)) = normalize_fullwidth(src) else {
        return FormulaParser::new(src, graph, as_vars).formula();
    };
    let mut parsed = FormulaParser::new(&normal, graph, as_vars)
        .formula()
        .map_err(|e| {
            // Back to byte offsets of the text as typed, and what was found there as typed.
            let span = e.span();
            let (start, end) = (offsets[span.start], offsets[span.end]);
            let kind = match e.kind().clone() {
                ParseErrorKind::Expected { expected, .. } => ParseErrorKind::Expected {
                    expected,
                    found: src[start..].chars().next(),
                },
                k => k,
            };
            ParseError::new(kind, start..end, src)
        })?;
    parsed.full_width = full_width_forms(src);
    Ok(parsed)
}

/// The constants that have a plain name, which `--vars` (or [`parse_into_with_vars`]) can turn
/// into variables.
pub const CONSTANT_NAMES: &[&str] = &["e", "pi"];

/// The ASCII character a full-width form stands for, as typed with a CJK input method: the
/// block U+FF01..U+FF5E (`（ ），－＋＊／＾．＝`, the digits `０`..`９`, the Latin letters) and the
/// ideographic space U+3000. Anything else is `None`.
///
/// ```
/// assert_eq!(nabla::ascii_equivalent('（'), Some('('));
/// assert_eq!(nabla::ascii_equivalent('７'), Some('7'));
/// assert_eq!(nabla::ascii_equivalent('×'), None); // already a multiplication sign
/// ```
pub fn ascii_equivalent(c: char) -> Option<char> {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        '\u{3000}' => Some(' '),
        _ => None,
    }
}

/// The full-width forms in `src` that read as ASCII ([`ascii_equivalent`]), each with the ASCII
/// character it is read as, once each in order of first appearance; the ideographic space, read
/// as a space, is left out (nothing to note). A front end says how it read them, as `nabla` does
/// with `note: read full-width （ ） ＋ as ( ) +`.
///
/// ```
/// assert_eq!(nabla::full_width_forms("（x＋1）^2 + （y）"), [('（', '('), ('＋', '+'), ('）', ')')]);
/// assert!(nabla::full_width_forms("(x+1)^2 × 2").is_empty());
/// ```
pub fn full_width_forms(src: &str) -> Vec<(char, char)> {
    let mut out: Vec<(char, char)> = Vec::new();
    for c in src.chars() {
        if let Some(a) = ascii_equivalent(c).filter(|a| *a != ' ') {
            if !out.iter().any(|(f, _)| *f == c) {
                out.push((c, a));
            }
        }
    }
    out
}

/// The text with full-width forms replaced by their ASCII equivalents, and for every byte offset
/// of it (end included) the byte offset of the same place in `src`; `None` when `src` has no
/// full-width form.
fn normalize_fullwidth(src: &str) -> Option<(String, Vec<usize>)> {
    if !src.chars().any(|c| ascii_equivalent(c).is_some()) {
        return None;
    }
    let mut out = String::with_capacity(src.len());
    let mut offsets = Vec::with_capacity(src.len() + 1);
    for (at, c) in src.char_indices() {
        let c = ascii_equivalent(c).unwrap_or(c);
        out.push(c);
        offsets.extend(std::iter::repeat_n(at, c.len_utf8()));
    }
    offsets.push(src.len());
    Some((out, offsets))
}

type NomResult<'a, T> = IResult<&'a str, T, ()>;

/// A number: `3`, `2.5`, `.5`, `1e-3`, `2.5E+4`. No sign (signs are prefix operators). An `e`
/// not followed by digits is not an exponent, so `2e` is `2*e`.
fn number(i: &str) -> NomResult<'_, &str> {
    recognize((
        alt((
            recognize((digit1, opt((char('.'), opt(digit1))))),
            recognize((char('.'), digit1)),
        )),
        opt((one_of("eE"), opt(one_of("+-")), digit1)),
    ))
    .parse(i)
}

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_alphabetic() || c.is_ascii_digit() || c == '_'
}

/// A name: a letter or `_`, then letters, digits or `_`. Unicode letters count (`α`, `θ`).
fn name(i: &str) -> NomResult<'_, &str> {
    recognize((satisfy(is_name_start), take_while(is_name_char))).parse(i)
}

/// A name with module prefixes: `np.power`, `math.sin`.
fn dotted_name(i: &str) -> NomResult<'_, &str> {
    recognize((name, nom::multi::many0((char('.'), name)))).parse(i)
}

/// Skips whitespace and comments (`#` to the end of the line).
fn ws(mut i: &str) -> &str {
    loop {
        if let Ok((rest, _)) = multispace0::<&str, ()>(i) {
            i = rest;
        }
        match i.strip_prefix('#') {
            Some(comment) => i = comment.find('\n').map_or("", |p| &comment[p..]),
            None => return i,
        }
    }
}

fn is_function_name(n: &str) -> bool {
    function_names().any(|k| k == n)
}

fn is_reserved(n: &str) -> bool {
    matches!(n, "pi" | "e" | "π" | "lambda") || is_function_name(n)
}

/// Levenshtein distance, for "did you mean" suggestions.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

fn suggest(n: &str) -> Option<String> {
    let lower = n.to_lowercase();
    let (best, d) = function_names()
        .map(|k| (k, edit_distance(&lower, k)))
        .min_by_key(|(_, d)| *d)?;
    let limit = if n.chars().count() <= 3 { 1 } else { 2 };
    (d <= limit).then(|| canonical(best).to_string())
}

struct FormulaParser<'s, 'g> {
    src: &'s str,
    g: &'g mut Graph,
    depth: usize,
    params: Option<Vec<String>>,
    /// Variables named so far, in order of first appearance, and the same as a set.
    vars: Vec<String>,
    seen: std::collections::HashSet<&'s str>,
    /// A leading `name =` label (as in pasted Python `f_x = x**2`): the name and the `=`.
    label: Option<(&'s str, &'s str)>,
    /// Constant names (`e`, `pi`) to read as variables.
    as_vars: Vec<&'s str>,
    /// Constants named in the text, in order of first appearance.
    constants: Vec<String>,
}

type PResult<'s, T> = Result<(&'s str, T), ParseError>;

/// A name and the input where it starts (for error spans).
type Named<'s> = (&'s str, &'s str);

impl<'s, 'g> FormulaParser<'s, 'g> {
    fn new(src: &'s str, g: &'g mut Graph, as_vars: Vec<&'s str>) -> Self {
        FormulaParser {
            src,
            g,
            depth: 0,
            params: None,
            vars: Vec::new(),
            seen: std::collections::HashSet::new(),
            label: None,
            as_vars,
            constants: Vec::new(),
        }
    }

    fn pos(&self, rest: &str) -> usize {
        self.src.len() - rest.len()
    }

    fn err(&self, kind: ParseErrorKind, at: &str, len: usize) -> ParseError {
        let start = self.pos(at);
        ParseError::new(kind, start..start + len, self.src)
    }

    fn expected(&self, expected: Expectation, at: &str) -> ParseError {
        let len = at.chars().next().map_or(0, char::len_utf8);
        self.err(
            ParseErrorKind::Expected {
                expected,
                found: at.chars().next(),
            },
            at,
            len,
        )
    }

    /// formula = [ definition ] expr EOF
    fn formula(&mut self) -> Result<Parsed, ParseError> {
        let i = ws(self.src);
        if i.is_empty() {
            return Err(ParseError::new(ParseErrorKind::Empty, 0..0, self.src));
        }
        let i = self.definition(i)?;
        let (i, root) = self.expr(i)?;
        let i = ws(i);
        if !i.is_empty() {
            return Err(if i.starts_with(')') {
                self.err(ParseErrorKind::Unmatched, i, 1)
            } else if i.starts_with('=') || i.starts_with("==") {
                self.err(
                    ParseErrorKind::Equation,
                    i,
                    if i.starts_with("==") { 2 } else { 1 },
                )
            } else {
                self.expected(Expectation::Operator, i)
            });
        }
        // `x = 2` or `y = y^2 + 1` is an equation, not a labelled expression: the label must
        // name something other than the body's variables, and the body must have some.
        if let Some((label, eq)) = self.label {
            if self.vars.is_empty() || self.seen.contains(label) {
                return Err(self.err(ParseErrorKind::Equation, eq, 1));
            }
        }
        Ok(Parsed {
            root,
            params: self.params.take(),
            vars: std::mem::take(&mut self.vars),
            constants: std::mem::take(&mut self.constants),
            full_width: Vec::new(),
        })
    }

    /// definition = [ name "=" ] ( "lambda" params ":" | name "(" params ")" ( "=" | ":=" ) )
    /// Returns the input after the definition, or the input unchanged when there is none.
    fn definition(&mut self, i: &'s str) -> Result<&'s str, ParseError> {
        let Ok((after_name, head)) = name(i) else {
            return Ok(i);
        };
        // A label as in pasted Python, `f = lambda x: ...` or `f_x = x**2`: read past it.
        let j = ws(after_name);
        if head != "lambda" && j.starts_with('=') && !j.starts_with("==") {
            self.label = Some((head, j));
            let body = ws(&j[1..]);
            return if body.starts_with("lambda") {
                self.definition(body)
            } else {
                Ok(body)
            };
        }
        if head == "lambda" {
            let (rest, params) = self.params(ws(after_name), ':')?;
            self.declare(params)?;
            return Ok(rest);
        }
        // `f(x, y) = ...`: only a definition if the parenthesis holds names and `=` follows.
        let j = ws(after_name);
        let Some(inner) = j.strip_prefix('(') else {
            return Ok(i);
        };
        let mut k = ws(inner);
        let mut names = Vec::new();
        loop {
            let Ok((rest, n)) = name(k) else {
                return Ok(i);
            };
            names.push((n, k));
            k = ws(rest);
            if let Some(rest) = k.strip_prefix(',') {
                k = ws(rest);
                continue;
            }
            break;
        }
        let Some(k) = k.strip_prefix(')') else {
            return Ok(i);
        };
        let k = ws(k);
        let body = if let Some(b) = k.strip_prefix(":=") {
            b
        } else if let Some(b) = k.strip_prefix('=') {
            if b.starts_with('=') {
                return Ok(i);
            }
            b
        } else {
            return Ok(i);
        };
        self.declare(names)?;
        Ok(body)
    }

    /// params = name { "," name } then the terminator (`:` for lambda).
    fn params(&mut self, mut i: &'s str, end: char) -> PResult<'s, Vec<Named<'s>>> {
        let mut names = Vec::new();
        loop {
            let Ok((rest, n)) = name(i) else {
                return Err(self.expected(Expectation::ParameterName, i));
            };
            names.push((n, i));
            i = ws(rest);
            if let Some(rest) = i.strip_prefix(',') {
                i = ws(rest);
                continue;
            }
            if let Some(rest) = i.strip_prefix(end) {
                return Ok((rest, names));
            }
            return Err(self.expected(
                if end == ':' {
                    Expectation::LambdaParameterEnd
                } else {
                    Expectation::ParameterEnd
                },
                i,
            ));
        }
    }

    fn declare(&mut self, names: Vec<Named<'s>>) -> Result<(), ParseError> {
        let mut params: Vec<String> = Vec::new();
        for (n, at) in names {
            if is_reserved(n) && !self.as_vars.contains(&n) {
                return Err(self.err(
                    ParseErrorKind::Reserved {
                        name: n.to_string(),
                    },
                    at,
                    n.len(),
                ));
            }
            if params.iter().any(|p| p == n) {
                return Err(self.err(
                    ParseErrorKind::DuplicateParameter {
                        name: n.to_string(),
                    },
                    at,
                    n.len(),
                ));
            }
            self.g.var(n);
            params.push(n.to_string());
        }
        self.params = Some(params);
        Ok(())
    }

    /// expr = sum
    fn expr(&mut self, i: &'s str) -> PResult<'s, NodeId> {
        self.sum(i)
    }

    /// sum = product { ("+" | "-") product }
    fn sum(&mut self, i: &'s str) -> PResult<'s, NodeId> {
        let (mut i, mut acc) = self.product(i)?;
        loop {
            let j = ws(i);
            let (rest, op) = if let Some(r) = j.strip_prefix('+') {
                (r, Binary::Add)
            } else if let Some(r) = j.strip_prefix('-').or_else(|| j.strip_prefix('−')) {
                (r, Binary::Sub)
            } else {
                return Ok((i, acc));
            };
            let (rest, rhs) = self.product(rest)?;
            acc = self.g.binary(op, acc, rhs);
            i = rest;
        }
    }

    /// product = unary { ("*" | "/") unary | juxtaposed-power }
    ///
    /// Juxtaposition multiplies when the next token starts with a letter or `(`: `2x`, `3(x+1)`,
    /// `(x+1)(x-1)`, `2 sin(x)`, `x y`. It has the precedence of `*`, so `1/2x` is `(1/2)*x`.
    fn product(&mut self, i: &'s str) -> PResult<'s, NodeId> {
        let (mut i, mut acc) = self.unary(i)?;
        loop {
            let j = ws(i);
            let explicit = if j.starts_with("**") {
                None
            } else if let Some(r) = j
                .strip_prefix('*')
                .or_else(|| j.strip_prefix('×'))
                .or_else(|| j.strip_prefix('·'))
                .or_else(|| j.strip_prefix('⋅'))
            {
                Some((r, Binary::Mul))
            } else {
                j.strip_prefix('/')
                    .or_else(|| j.strip_prefix('÷'))
                    .map(|r| (r, Binary::Div))
            };
            if let Some((rest, op)) = explicit {
                let (rest, rhs) = self.unary(rest)?;
                acc = self.g.binary(op, acc, rhs);
                i = rest;
                continue;
            }
            match j.chars().next() {
                Some(c) if is_name_start(c) || c == '(' || c == 'π' => {
                    let (rest, rhs) = self.power(j)?;
                    acc = self.g.mul(acc, rhs);
                    i = rest;
                }
                _ => return Ok((i, acc)),
            }
        }
    }

    /// unary = { "-" | "+" } power
    fn unary(&mut self, i: &'s str) -> PResult<'s, NodeId> {
        let (i, negate) = self.signs(i);
        let (i, x) = self.power(i)?;
        Ok((i, if negate { self.g.neg(x) } else { x }))
    }

    /// Prefix signs, counted by a loop: returns whether an odd number of `-` was read.
    fn signs(&self, mut i: &'s str) -> (&'s str, bool) {
        let mut negate = false;
        loop {
            let j = ws(i);
            if let Some(r) = j.strip_prefix('-').or_else(|| j.strip_prefix('−')) {
                negate = !negate;
                i = r;
            } else if let Some(r) = j.strip_prefix('+') {
                i = r;
            } else {
                return (i, negate);
            }
        }
    }

    /// power = atom { ("^" | "**") signs atom | "²" | "³" }, right-associative, folded by a loop.
    fn power(&mut self, i: &'s str) -> PResult<'s, NodeId> {
        let (mut i, first) = self.atom(i)?;
        // (sign of the exponent, exponent) pairs; `x^a^b` = x^(a^b).
        let mut chain: Vec<(bool, NodeId)> = Vec::new();
        let mut base = first;
        loop {
            let j = ws(i);
            let rest = if let Some(r) = j.strip_prefix("**") {
                r
            } else if let Some(r) = j.strip_prefix('^') {
                r
            } else if let Some(r) = j.strip_prefix('²') {
                let two = self.g.constant(2.0);
                base = self.fold_chain(base, &mut chain);
                base = self.g.pow(base, two);
                i = r;
                continue;
            } else if let Some(r) = j.strip_prefix('³') {
                let three = self.g.constant(3.0);
                base = self.fold_chain(base, &mut chain);
                base = self.g.pow(base, three);
                i = r;
                continue;
            } else {
                break;
            };
            let (rest, negate) = self.signs(rest);
            let (rest, e) = self.atom(rest)?;
            chain.push((negate, e));
            i = rest;
        }
        let x = self.fold_chain(base, &mut chain);
        Ok((i, x))
    }

    /// Folds `base ^ s1 e1 ^ s2 e2 ...` from the right, where `si` negates everything after it.
    fn fold_chain(&mut self, base: NodeId, chain: &mut Vec<(bool, NodeId)>) -> NodeId {
        let Some((mut negate, mut acc)) = chain.pop() else {
            return base;
        };
        while let Some((neg_k, e)) = chain.pop() {
            if negate {
                acc = self.g.neg(acc);
            }
            acc = self.g.pow(e, acc);
            negate = neg_k;
        }
        if negate {
            acc = self.g.neg(acc);
        }
        self.g.pow(base, acc)
    }

    /// atom = number | constant | call | variable | "(" expr ")"
    fn atom(&mut self, i: &'s str) -> PResult<'s, NodeId> {
        let i = ws(i);
        if let Ok((rest, text)) = number(i) {
            let v: f64 = text.parse().unwrap_or(f64::INFINITY);
            if !v.is_finite() {
                return Err(self.err(
                    ParseErrorKind::NumberTooLarge {
                        text: text.to_string(),
                    },
                    i,
                    text.len(),
                ));
            }
            return Ok((rest, self.g.constant(v)));
        }
        if let Some(rest) = i.strip_prefix('(') {
            self.enter(i)?;
            let (rest, x) = self.expr(rest)?;
            self.depth -= 1;
            let j = ws(rest);
            return match j.strip_prefix(')') {
                Some(r) => Ok((r, x)),
                None if j.is_empty() => Err(self.err(ParseErrorKind::Unclosed, i, 1)),
                None => Err(self.expected(Expectation::CloseOrOperator, j)),
            };
        }
        if let Some(rest) = i.strip_prefix('π') {
            return Ok((rest, self.g.constant_rounded(std::f64::consts::PI)));
        }
        let Ok((rest, full)) = dotted_name(i) else {
            if i.starts_with(')') {
                return Err(self.expected(Expectation::Operand, i));
            }
            return Err(self.expected(Expectation::Operand, i));
        };
        let (prefix, n) = match full.rfind('.') {
            Some(p) => (Some(&full[..p]), &full[p + 1..]),
            None => (None, full),
        };
        if let Some(pre) = prefix {
            if !PREFIXES.contains(&pre) {
                return Err(self.err(
                    ParseErrorKind::UnknownPrefix {
                        prefix: pre.to_string(),
                    },
                    i,
                    pre.len(),
                ));
            }
        }
        let after = ws(rest);
        if let Some(args_start) = after.strip_prefix('(') {
            return self.call(i, full, n, prefix.is_some(), after, args_start);
        }
        let value = match n {
            "pi" => Some(std::f64::consts::PI),
            "e" => Some(std::f64::consts::E),
            _ => None,
        };
        if let Some(v) = value {
            if prefix.is_some() || !self.as_vars.contains(&n) {
                if prefix.is_none() && !self.constants.iter().any(|c| c == n) {
                    self.constants.push(n.to_string());
                }
                return Ok((rest, self.g.constant_rounded(v)));
            }
        }
        if prefix.is_some() || is_function_name(n) {
            return Err(self.err(
                ParseErrorKind::FunctionWithoutCall {
                    name: full.to_string(),
                },
                i,
                full.len(),
            ));
        }
        if n == "lambda" {
            return Err(self.err(
                ParseErrorKind::Reserved {
                    name: n.to_string(),
                },
                i,
                n.len(),
            ));
        }
        if let Some(params) = &self.params {
            if !params.iter().any(|p| p == n) {
                let kind = ParseErrorKind::Undeclared {
                    name: n.to_string(),
                    params: params.join(", "),
                };
                return Err(self.err(kind, i, n.len()));
            }
        }
        if self.seen.insert(n) {
            self.vars.push(n.to_string());
        }
        Ok((rest, self.g.var(n)))
    }

    fn enter(&mut self, at: &str) -> Result<(), ParseError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.err(ParseErrorKind::TooDeep { limit: MAX_DEPTH }, at, 1));
        }
        self.depth += 1;
        Ok(())
    }

    /// call = name "(" expr { "," expr } ")"
    fn call(
        &mut self,
        at: &'s str,
        full: &'s str,
        n: &'s str,
        prefixed: bool,
        open: &'s str,
        args_start: &'s str,
    ) -> PResult<'s, NodeId> {
        let canon = if SPECIAL_NAMES.contains(&n) {
            n
        } else {
            canonical(n)
        };
        let known = Unary::from_name(canon).is_some()
            || Binary::from_name(canon).is_some()
            || SPECIAL_NAMES.contains(&canon);
        if !known {
            let is_var = !prefixed && self.g.find_var(n).is_some()
                || self
                    .params
                    .as_ref()
                    .is_some_and(|p| p.iter().any(|q| q == n));
            let kind = if is_var || (n.chars().count() == 1 && suggest(n).is_none()) {
                ParseErrorKind::NotAFunction {
                    name: full.to_string(),
                }
            } else {
                ParseErrorKind::UnknownFunction {
                    name: full.to_string(),
                    suggestion: suggest(n),
                }
            };
            return Err(self.err(kind, at, full.len()));
        }
        self.enter(open)?;
        let mut args = Vec::new();
        let mut i = ws(args_start);
        if let Some(r) = i.strip_prefix(')') {
            i = r;
        } else {
            loop {
                let (rest, a) = self.expr(i)?;
                args.push(a);
                let j = ws(rest);
                if let Some(r) = j.strip_prefix(',') {
                    i = r;
                    continue;
                }
                if let Some(r) = j.strip_prefix(')') {
                    i = r;
                    break;
                }
                if j.is_empty() {
                    return Err(self.err(ParseErrorKind::Unclosed, open, 1));
                }
                return Err(self.expected(Expectation::ArgumentEnd, j));
            }
        }
        self.depth -= 1;
        let arity = |expected: ArgCount| ParseErrorKind::Arity {
            name: full.to_string(),
            expected,
            found: args.len(),
        };
        let node = if let Some(u) = Unary::from_name(canon) {
            match args[..] {
                [a] => self.g.unary(u, a),
                _ => return Err(self.err(arity(ArgCount::One), at, full.len())),
            }
        } else if let Some(b) = Binary::from_name(canon) {
            match args[..] {
                [a, c] => self.g.binary(b, a, c),
                _ => return Err(self.err(arity(ArgCount::Two), at, full.len())),
            }
        } else {
            match (canon, &args[..]) {
                ("square", [a]) => {
                    let two = self.g.constant(2.0);
                    self.g.pow(*a, two)
                }
                ("square", _) => return Err(self.err(arity(ArgCount::One), at, full.len())),
                // log(x) is the natural log (numpy, Python's math); log(x, b) has base b.
                ("log", [a]) => self.g.unary(Unary::Ln, *a),
                ("log", [a, b]) => {
                    let la = self.g.unary(Unary::Ln, *a);
                    let lb = self.g.unary(Unary::Ln, *b);
                    self.g.div(la, lb)
                }
                _ => return Err(self.err(arity(ArgCount::OneOrTwo), at, full.len())),
            }
        };
        Ok((i, node))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(src: &str, vals: &[(&str, f64)]) -> f64 {
        let mut g = Graph::new();
        let p = parse_into(&mut g, src).unwrap_or_else(|e| panic!("{e}"));
        let mut x = vec![f64::NAN; g.var_names().len()];
        for (n, v) in vals {
            if let Some(id) = g.find_var(n) {
                x[id.index()] = *v;
            }
        }
        g.eval(p.root, &x)
    }

    fn kind(src: &str) -> ParseErrorKind {
        let mut g = Graph::new();
        parse_into(&mut g, src).unwrap_err().kind().clone()
    }

    #[test]
    fn numbers() {
        assert_eq!(eval("3", &[]), 3.0);
        assert_eq!(eval("2.5", &[]), 2.5);
        assert_eq!(eval(".5", &[]), 0.5);
        assert_eq!(eval("1e-3", &[]), 1e-3);
        assert_eq!(eval("2.5E+4", &[]), 25000.0);
        assert_eq!(eval("2.", &[]), 2.0);
        assert_eq!(eval("2e", &[]), 2.0 * std::f64::consts::E);
    }

    #[test]
    fn precedence_and_associativity() {
        assert_eq!(eval("-2^2", &[]), -4.0);
        assert_eq!(eval("2^-1", &[]), 0.5);
        assert_eq!(eval("2^3^2", &[]), 512.0);
        assert_eq!(eval("2**3**2", &[]), 512.0);
        assert_eq!(eval("8/4/2", &[]), 1.0);
        assert_eq!(eval("8-4-2", &[]), 2.0);
        assert_eq!(eval("2^-1^2", &[]), 0.5);
        assert_eq!(eval("-x^2", &[("x", 3.0)]), -9.0);
        assert_eq!(eval("--x", &[("x", 3.0)]), 3.0);
        assert_eq!(eval("2*-x", &[("x", 3.0)]), -6.0);
        assert_eq!(eval("x²+x³", &[("x", 2.0)]), 12.0);
    }

    #[test]
    fn implicit_multiplication() {
        assert_eq!(eval("2x", &[("x", 3.0)]), 6.0);
        assert_eq!(eval("3(x+1)", &[("x", 3.0)]), 12.0);
        assert_eq!(eval("(x+1)(x-1)", &[("x", 3.0)]), 8.0);
        assert_eq!(eval("2 sin(x)", &[("x", 0.5)]), 2.0 * 0.5f64.sin());
        assert_eq!(eval("2x^2", &[("x", 3.0)]), 18.0);
        assert_eq!(eval("xy", &[("xy", 5.0)]), 5.0);
        assert_eq!(eval("1/2x", &[("x", 4.0)]), 2.0);
    }

    #[test]
    fn python_spellings() {
        assert_eq!(
            eval("np.power(x,3)-3*x**2-9*x+2", &[("x", 2.0)]),
            8.0 - 12.0 - 18.0 + 2.0
        );
        assert_eq!(eval("math.sin(x)", &[("x", 1.0)]), 1f64.sin());
        assert_eq!(eval("np.exp(x)", &[("x", 1.0)]), 1f64.exp());
        assert_eq!(
            eval("lambda x, y: x**2 + y", &[("x", 2.0), ("y", 1.0)]),
            5.0
        );
        assert_eq!(eval("f(x, y) = x - y", &[("x", 2.0), ("y", 1.0)]), 1.0);
        assert_eq!(eval("log(8, 2)", &[]), 3.0);
    }

    #[test]
    fn errors_name_the_problem() {
        assert!(matches!(kind(""), ParseErrorKind::Empty));
        assert!(matches!(kind("(1 +"), ParseErrorKind::Expected { .. }));
        assert!(matches!(kind("(1 + 2"), ParseErrorKind::Unclosed));
        assert!(matches!(kind("1 + 2)"), ParseErrorKind::Unmatched));
        assert_eq!(
            kind("sinn(x)"),
            ParseErrorKind::UnknownFunction {
                name: "sinn".into(),
                suggestion: Some("sin".into())
            }
        );
        assert!(matches!(
            kind("pow(x)"),
            ParseErrorKind::Arity { found: 1, .. }
        ));
        assert!(matches!(
            kind("sin"),
            ParseErrorKind::FunctionWithoutCall { .. }
        ));
        assert!(matches!(
            kind("f(x) = x + z"),
            ParseErrorKind::Undeclared { .. }
        ));
        assert!(matches!(
            kind("1e999"),
            ParseErrorKind::NumberTooLarge { .. }
        ));
        assert!(matches!(
            kind("foo.sin(x)"),
            ParseErrorKind::UnknownPrefix { .. }
        ));
        assert!(matches!(kind("2 3"), ParseErrorKind::Expected { .. }));
    }

    #[test]
    fn nesting_limit_is_an_error() {
        let deep = format!("{}x{}", "(".repeat(100_000), ")".repeat(100_000));
        assert_eq!(kind(&deep), ParseErrorKind::TooDeep { limit: MAX_DEPTH });
        let ok = format!("{}x{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert_eq!(eval(&ok, &[("x", 2.0)]), 2.0);
        let calls = format!(
            "{}x{}",
            "sin(".repeat(MAX_DEPTH + 1),
            ")".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(kind(&calls), ParseErrorKind::TooDeep { limit: MAX_DEPTH });
    }

    #[test]
    fn long_chains_do_not_recurse() {
        let n = 100_000;
        let sum = vec!["x"; n].join(" + ");
        assert_eq!(eval(&sum, &[("x", 1.0)]), n as f64);
        let pow = vec!["1"; n].join("^");
        assert_eq!(eval(&pow, &[]), 1.0);
        let neg = format!("{}x", "-".repeat(n + 1));
        assert_eq!(eval(&neg, &[("x", 1.0)]), -1.0);
    }
}
