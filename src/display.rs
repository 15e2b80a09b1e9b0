//! Printing: infix text that parses back to the same node, LaTeX, and presentation MathML.
//!
//! # Invariants
//!
//! * **Round trip.** For every node `n` built by the graph's constructors, parsing
//!   `to_infix(n)` into the same graph returns `n` itself (tested by proptest). Parentheses are
//!   minimal for the precedence table in `parse.rs`: a child is parenthesized only when its level
//!   is below what its position requires.
//! * **Iterative.** Printing walks the DAG with an explicit stack, never recursion, so a
//!   100,000-term sum prints without touching the call stack's limit.
//! * **Bounded.** A DAG can denote a tree exponentially larger than itself; the printed length is
//!   estimated first, and text longer than [`PRINT_LIMIT`] characters is an error rather than an
//!   out-of-memory.
//! * **MathML is well-formed.** [`Graph::to_mathml`] gives one `<math>` element whose text is
//!   escaped (`&`, `<`, `>`); every element that takes a fixed number of arguments (`mfrac`,
//!   `msup`, `msub`, `mroot`) gets exactly that many, each wrapped in an `mrow`. Its `match`es over
//!   the operators are exhaustive, so a new operator in the table does not compile until it has a
//!   MathML form (a test prints every operator and parses the result as XML).

use crate::error::Error;
use crate::graph::{Graph, Node, NodeId};
use crate::ops::{Binary, BinaryPrint, Unary};

/// The longest text (in characters) the printers will produce.
pub const PRINT_LIMIT: u64 = 1 << 24;

/// Formats a number for people and for the parser: integers without a fraction, shortest
/// round-trip digits, scientific notation outside `[1e-4, 1e16)`.
///
/// ```
/// assert_eq!(nabla::fmt_number(57519.0), "57519");
/// assert_eq!(nabla::fmt_number(25625.25), "25625.25");
/// assert_eq!(nabla::fmt_number(1e-10), "1e-10");
/// assert_eq!(nabla::fmt_number(-0.5), "-0.5");
/// ```
pub fn fmt_number(v: f64) -> String {
    let a = v.abs();
    if v == 0.0 || (1e-4..1e16).contains(&a) || !v.is_finite() {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

/// Rounds `v` to `digits` significant digits (at least 1, at most
/// [`MAX_DIGITS`](crate::limits::MAX_DIGITS)); `None` leaves it as it is. Non-finite values and
/// zero are returned unchanged.
///
/// ```
/// assert_eq!(nabla::round_digits(2.5838531634528574, Some(3)), 2.58);
/// assert_eq!(nabla::round_digits(57519.0, Some(2)), 58000.0);
/// assert_eq!(nabla::round_digits(0.1 + 0.2, None), 0.1 + 0.2);
/// ```
pub fn round_digits(v: f64, digits: Option<usize>) -> f64 {
    let Some(d) = digits else {
        return v;
    };
    if !v.is_finite() || v == 0.0 {
        return v;
    }
    let d = d.clamp(1, crate::limits::MAX_DIGITS as usize);
    // Decimal rounding through the exponent form: `{:.p$e}` rounds half to even on the exact
    // binary value, and reading it back gives the nearest double to the rounded decimal.
    format!("{v:.prec$e}", prec = d - 1).parse().unwrap_or(v)
}

/// [`fmt_number`] of `v` rounded to `digits` significant digits ([`round_digits`]): trailing
/// zeros are not printed, so `2.50` shows as `2.5`. `None` (and 17 digits, which keep every
/// `f64` exactly) print as [`fmt_number`] does.
///
/// ```
/// assert_eq!(nabla::fmt_digits(0.9092974268256817, Some(4)), "0.9093");
/// assert_eq!(nabla::fmt_digits(6.909297426825682, Some(1)), "7");
/// assert_eq!(nabla::fmt_digits(1.23456e-10, Some(3)), "1.23e-10");
/// assert_eq!(nabla::fmt_digits(0.1 + 0.2, Some(17)), nabla::fmt_number(0.1 + 0.2));
/// assert_eq!(nabla::fmt_digits(0.1 + 0.2, None), "0.30000000000000004");
/// ```
pub fn fmt_digits(v: f64, digits: Option<usize>) -> String {
    fmt_number(round_digits(v, digits))
}

/// Formats a number short, for summaries and legends (six significant digits at most): plain
/// between 1e-3 and 1e6 without trailing zeros, else in exponent form with at most four digits
/// (`7.317e-8`); `-0` is `0`.
///
/// ```
/// assert_eq!(nabla::fmt_short(0.1 + 0.2), "0.3");
/// assert_eq!(nabla::fmt_short(5e-6), "5e-6");
/// assert_eq!(nabla::fmt_short(7.3171e-8), "7.317e-8");
/// assert_eq!(nabla::fmt_short(-0.0), "0");
/// assert_eq!(nabla::fmt_short(57519.26), "57519.3");
/// ```
pub fn fmt_short(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 || (1e-3..1e6).contains(&a) {
        let digits = 6usize.saturating_sub(a.log10().floor().max(0.0) as usize + 1);
        let s = format!("{v:.digits$}");
        let s = if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        };
        if s == "-0" {
            "0".to_string()
        } else {
            s
        }
    } else {
        let s = format!("{v:.3e}");
        match s.split_once('e') {
            Some((m, e)) if m.contains('.') => {
                format!("{}e{e}", m.trim_end_matches('0').trim_end_matches('.'))
            }
            _ => s,
        }
    }
}

/// A constant as LaTeX: `\pi`, `e`, `\infty`, and scientific notation as `2.5 \times 10^{-7}`
/// (never `2.5e-7`, which TeX sets as a product with the variable `e`).
fn latex_const(v: f64) -> String {
    let text = fmt_const(v.abs());
    let body = match text.as_str() {
        "pi" => "\\pi".to_string(),
        "inf" => "\\infty".to_string(),
        _ => match text.split_once('e') {
            Some((m, k)) if !m.is_empty() => {
                if m == "1" {
                    format!("10^{{{k}}}")
                } else {
                    format!("{m} \\times 10^{{{k}}}")
                }
            }
            _ => text,
        },
    };
    if v.is_sign_negative() && !v.is_nan() {
        format!("-{body}")
    } else {
        body
    }
}

/// Whether a constant prints in LaTeX and MathML as a product (`2.5 \times 10^{-7}`), which
/// needs parentheses where an atom is expected.
fn const_is_product(v: f64) -> bool {
    let a = v.abs();
    !(v == 0.0 || (1e-4..1e16).contains(&a) || !v.is_finite())
}

/// Whether `b` prints starting with a digit or a sign, so that a constant factor before it must
/// be joined by a visible product sign (`3 2^{x}` would read as 32^x).
fn leads_with_number(g: &Graph, b: NodeId) -> bool {
    match g.node(b) {
        Node::Const(_) | Node::Unary(Unary::Neg, _) => true,
        Node::Binary(Binary::Pow, a, _) => matches!(g.node(a), Node::Const(bits)
            if f64::from_bits(bits) >= 0.0
                && !const_is_product(f64::from_bits(bits))
                && !matches!(fmt_const(f64::from_bits(bits)).as_str(), "e" | "pi")),
        _ => false,
    }
}

/// A count with its noun, singular for one and plural otherwise: `1 partial`, `2 partials`,
/// `0 variables`. The plural adds `s` (`es` after `s`, `x`, `sh` and the soft `ch` of `rch`,
/// `tch`: `searches`, but `epochs`; `ies` for a consonant and `y`), which covers every noun
/// nabla counts.
///
/// ```
/// assert_eq!(nabla::plural(1, "partial"), "1 partial");
/// assert_eq!(nabla::plural(2, "variable"), "2 variables");
/// assert_eq!(nabla::plural(1, "time"), "1 time");
/// assert_eq!(nabla::plural(3, "box"), "3 boxes");
/// assert_eq!(nabla::plural(0, "entry"), "0 entries");
/// assert_eq!(nabla::plural(2, "search"), "2 searches");
/// assert_eq!(nabla::plural(2, "epoch"), "2 epochs");
/// ```
pub fn plural(n: usize, noun: &str) -> String {
    format!("{n} {}", plural_noun(n, noun))
}

/// The noun alone, in the number [`plural`] gives it: `partial` for 1, `partials` otherwise.
///
/// ```
/// assert_eq!(nabla::plural_noun(1, "local search"), "local search");
/// assert_eq!(nabla::plural_noun(4, "local search"), "local searches");
/// ```
pub fn plural_noun(n: usize, noun: &str) -> String {
    if n == 1 {
        return noun.to_string();
    }
    let consonant_y = noun.len() >= 2
        && noun.ends_with('y')
        && !noun[..noun.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    if consonant_y {
        format!("{}ies", &noun[..noun.len() - 1])
    } else if noun.ends_with(['s', 'x']) || ["rch", "tch", "sh"].iter().any(|e| noun.ends_with(e)) {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    }
}

fn fmt_const(v: f64) -> String {
    if v == std::f64::consts::PI {
        "pi".to_string()
    } else if v == std::f64::consts::E {
        "e".to_string()
    } else {
        fmt_number(v)
    }
}

/// Precedence levels, loosest first. A child prints without parentheses when its level is at least
/// the level its position requires.
const SUM: u8 = 1;
const PRODUCT: u8 = 2;
const UNARY: u8 = 3;
const POWER: u8 = 4;
const ATOM: u8 = 5;

fn level(node: Node) -> u8 {
    match node {
        Node::Const(bits) => {
            if f64::from_bits(bits).is_sign_negative() {
                UNARY
            } else {
                ATOM
            }
        }
        Node::Var(_) => ATOM,
        Node::Unary(Unary::Neg, _) => UNARY,
        Node::Unary(..) => ATOM,
        Node::Binary(op, ..) => match op.spec().print {
            BinaryPrint::Sum(_) => SUM,
            BinaryPrint::Product | BinaryPrint::Quotient => PRODUCT,
            BinaryPrint::Power => POWER,
            BinaryPrint::Call(_) => ATOM,
        },
    }
}

/// The output style.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Infix,
    Latex,
}

enum Task {
    /// A node, whether to parenthesize it, and a flag: for infix and LaTeX whether it is an
    /// exponent (where a `-` prefix binds only the next power: `x^-a*b` is `(x^-a)*b`), for
    /// MathML whether it shares its parent's `mrow`.
    Visit(NodeId, bool, bool),
    Text(&'static str),
}

/// Estimated printed length of `root` (an upper bound up to constants' digits), saturating.
fn estimate(g: &Graph, root: NodeId) -> u64 {
    let mask = g.reachable(&[root]);
    let mut len = vec![0u64; mask.len()];
    for i in 0..mask.len() {
        if !mask[i] {
            continue;
        }
        let node = g.nodes()[i];
        let own: u64 = match node {
            Node::Const(_) => 24,
            Node::Var(v) => g.var_name(v).len() as u64 + 12,
            _ => 24,
        };
        len[i] = node
            .children()
            .fold(own, |acc, c| acc.saturating_add(len[c.index()]));
    }
    len[root.index()]
}

/// A variable's name as LaTeX: Greek names as letters, trailing digits as a subscript, longer
/// names upright, every TeX special character escaped.
///
/// ```
/// assert_eq!(nabla::latex_var("x1"), "x_{1}");
/// assert_eq!(nabla::latex_var("x_1"), "x_{1}");
/// assert_eq!(nabla::latex_var("theta_12"), "\\theta_{12}");
/// assert_eq!(nabla::latex_var("alpha"), "\\alpha");
/// assert_eq!(nabla::latex_var("_1"), "\\mathrm{\\_}_{1}");
/// assert_eq!(nabla::latex_var("x_1_2"), "\\mathrm{x\\_1\\_2}");
/// ```
pub fn latex_var(name: &str) -> String {
    const GREEK: &[&str] = &[
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
        "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "phi", "chi", "psi", "omega", "Gamma",
        "Delta", "Theta", "Lambda", "Xi", "Sigma", "Phi", "Psi", "Omega",
    ];
    let split = name
        .char_indices()
        .find(|(_, c)| c.is_ascii_digit())
        .map_or(name.len(), |(i, _)| i);
    let (stem, digits) = name.split_at(split);
    // `x_1` is x with subscript 1, as `x1` is (the underscore only marks the subscript).
    let stem = match stem.strip_suffix('_') {
        Some(s) if !s.is_empty() && !digits.is_empty() => s,
        _ => stem,
    };
    let stem_tex = if GREEK.contains(&stem) {
        format!("\\{stem}")
    } else if stem.chars().count() == 1 && stem.chars().all(|c| c.is_ascii_alphabetic()) {
        stem.to_string()
    } else if stem.is_empty() {
        String::new()
    } else {
        format!("\\mathrm{{{}}}", tex_escape(stem))
    };
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) && !stem.is_empty() {
        format!("{stem_tex}_{{{digits}}}")
    } else if digits.is_empty() {
        stem_tex
    } else {
        format!("\\mathrm{{{}}}", tex_escape(name))
    }
}

/// Text escaped for TeX: the ten special characters (`\ { } $ & # ^ _ % ~`) as their TeX
/// forms, so a variable named `_1` or `x_1_2` typesets instead of breaking the document. Every
/// LaTeX output of a name goes through here (by [`latex_var`]).
pub(crate) fn tex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '$' | '&' | '#' | '_' | '%' => {
                out.push('\\');
                out.push(c);
            }
            '^' => out.push_str("\\^{}"),
            '~' => out.push_str("\\~{}"),
            _ => out.push(c),
        }
    }
    out
}

fn print(g: &Graph, root: NodeId, style: Style) -> Result<String, Error> {
    let est = estimate(g, root);
    if est > PRINT_LIMIT {
        return Err(Error::TooLargeToPrint {
            chars: est,
            limit: PRINT_LIMIT,
        });
    }
    let (open, close) = match style {
        Style::Infix => ("(", ")"),
        Style::Latex => ("\\left(", "\\right)"),
    };
    let mut out = String::new();
    let mut stack = vec![Task::Visit(root, false, false)];
    while let Some(task) = stack.pop() {
        let (id, parens, exponent) = match task {
            Task::Text(s) => {
                out.push_str(s);
                continue;
            }
            Task::Visit(id, parens, exponent) => (id, parens, exponent),
        };
        if parens {
            out.push_str(open);
            stack.push(Task::Text(close));
        }
        let node = g.node(id);
        let needs = |child: NodeId, min: u8| {
            let lvl = match (g.node(child), style) {
                // A fraction is self-delimiting in LaTeX.
                (Node::Binary(Binary::Div, ..), Style::Latex) => ATOM,
                // `2.5 \times 10^{-7}` is a product in LaTeX.
                (Node::Const(bits), Style::Latex) if const_is_product(f64::from_bits(bits)) => {
                    PRODUCT
                }
                (n, _) => level(n),
            };
            lvl < min
        };
        match (node, style) {
            (Node::Const(bits), Style::Infix) => out.push_str(&fmt_const(f64::from_bits(bits))),
            (Node::Const(bits), Style::Latex) => {
                out.push_str(&latex_const(f64::from_bits(bits)));
            }
            (Node::Var(v), Style::Infix) => out.push_str(g.var_name(v)),
            (Node::Var(v), Style::Latex) => out.push_str(&latex_var(g.var_name(v))),
            (Node::Unary(Unary::Neg, a), _) => {
                out.push('-');
                // `-a*b` reads back as `(-a)*b`, which the graph turns into `-(a*b)`: no
                // parentheses are needed unless the product starts with a constant (`-(2*x*y)`
                // would read back as `(-2)*x*y`, another node).
                let parens = needs(a, POWER)
                    && !(style == Style::Infix && !exponent && product_without_leading_const(g, a));
                stack.push(Task::Visit(a, parens, false));
            }
            (Node::Unary(op, a), Style::Infix) => {
                out.push_str(op.name());
                out.push('(');
                stack.push(Task::Text(")"));
                stack.push(Task::Visit(a, false, false));
            }
            (Node::Unary(op, a), Style::Latex) => {
                let (pre, post) = op.spec().latex;
                out.push_str(pre);
                stack.push(Task::Text(post));
                stack.push(Task::Visit(a, false, false));
            }
            (Node::Binary(op, a, b), _) => match (op.spec().print, style) {
                (BinaryPrint::Sum(symbol), _) => {
                    stack.push(Task::Visit(b, needs(b, PRODUCT), false));
                    stack.push(Task::Text(symbol));
                    stack.push(Task::Visit(a, needs(a, SUM), false));
                }
                (BinaryPrint::Product | BinaryPrint::Quotient, Style::Infix) => {
                    stack.push(Task::Visit(b, needs(b, UNARY), false));
                    stack.push(Task::Text(op.name()));
                    stack.push(Task::Visit(a, needs(a, PRODUCT), false));
                }
                (BinaryPrint::Product, Style::Latex) => {
                    let juxtapose = g.const_value(a).is_some()
                        && g.const_value(b).is_none()
                        && !leads_with_number(g, b);
                    stack.push(Task::Visit(b, needs(b, UNARY), false));
                    stack.push(Task::Text(if juxtapose { " " } else { " \\cdot " }));
                    stack.push(Task::Visit(a, needs(a, PRODUCT), false));
                }
                (BinaryPrint::Quotient, Style::Latex) => {
                    out.push_str("\\frac{");
                    stack.push(Task::Text("}"));
                    stack.push(Task::Visit(b, false, false));
                    stack.push(Task::Text("}{"));
                    stack.push(Task::Visit(a, false, false));
                }
                (BinaryPrint::Power, Style::Infix) => {
                    stack.push(Task::Visit(b, needs(b, UNARY), true));
                    stack.push(Task::Text("^"));
                    stack.push(Task::Visit(a, needs(a, ATOM), false));
                }
                (BinaryPrint::Power, Style::Latex) => {
                    let base_parens = !matches!(g.node(a), Node::Var(_))
                        && !matches!(g.node(a), Node::Const(bits) if f64::from_bits(bits) >= 0.0
                            && !const_is_product(f64::from_bits(bits)));
                    stack.push(Task::Text("}"));
                    stack.push(Task::Visit(b, false, false));
                    stack.push(Task::Text("^{"));
                    stack.push(Task::Visit(a, base_parens, false));
                }
                (BinaryPrint::Call(latex), _) => {
                    out.push_str(if style == Style::Latex {
                        latex
                    } else {
                        op.name()
                    });
                    out.push_str(open);
                    stack.push(Task::Text(close));
                    stack.push(Task::Visit(b, false, false));
                    stack.push(Task::Text(", "));
                    stack.push(Task::Visit(a, false, false));
                }
            },
        }
    }
    Ok(out)
}

/// True for a product or quotient whose left spine does not end in a constant.
fn product_without_leading_const(g: &Graph, n: NodeId) -> bool {
    let mut cur = n;
    let mut steps = 0;
    while let Node::Binary(Binary::Mul | Binary::Div, a, _) = g.node(cur) {
        cur = a;
        steps += 1;
    }
    steps > 0 && !matches!(g.node(cur), Node::Const(_))
}

impl Graph {
    /// The node as infix text with minimal parentheses; parsing it back gives the same node.
    ///
    /// ```
    /// let mut g = nabla::Graph::new();
    /// let p = nabla::parse_into(&mut g, "(x + 1)*(x - 1) - -x^2").unwrap();
    /// assert_eq!(g.to_infix(p.root).unwrap(), "(x + 1)*(x - 1) + x^2");
    /// ```
    pub fn to_infix(&self, root: NodeId) -> Result<String, Error> {
        print(self, root, Style::Infix)
    }

    /// The node as LaTeX math (without surrounding `$`).
    ///
    /// ```
    /// let mut g = nabla::Graph::new();
    /// let p = nabla::parse_into(&mut g, "3*x1^2/sqrt(y)").unwrap();
    /// assert_eq!(g.to_latex(p.root).unwrap(), "\\frac{3 x_{1}^{2}}{\\sqrt{y}}");
    /// ```
    pub fn to_latex(&self, root: NodeId) -> Result<String, Error> {
        print(self, root, Style::Latex)
    }

    /// The node as presentation MathML: one `<math>` element (browsers render it natively).
    ///
    /// ```
    /// let mut g = nabla::Graph::new();
    /// let p = nabla::parse_into(&mut g, "x^2/y").unwrap();
    /// assert_eq!(
    ///     g.to_mathml(p.root).unwrap(),
    ///     "<math xmlns=\"http://www.w3.org/1998/Math/MathML\"><mfrac><mrow><msup><mrow><mi>x</mi>\
    ///      </mrow><mrow><mn>2</mn></mrow></msup></mrow><mrow><mi>y</mi></mrow></mfrac></math>"
    /// );
    /// ```
    pub fn to_mathml(&self, root: NodeId) -> Result<String, Error> {
        print_mathml(self, root)
    }
}

/// MathML for a variable name: Greek stems as letters, trailing digits as a subscript (`x1` and
/// `x_1` alike: x with subscript 1).
fn mathml_var(name: &str) -> String {
    const GREEK: &[(&str, char)] = &[
        ("alpha", 'α'),
        ("beta", 'β'),
        ("gamma", 'γ'),
        ("delta", 'δ'),
        ("epsilon", 'ε'),
        ("zeta", 'ζ'),
        ("eta", 'η'),
        ("theta", 'θ'),
        ("iota", 'ι'),
        ("kappa", 'κ'),
        ("lambda", 'λ'),
        ("mu", 'μ'),
        ("nu", 'ν'),
        ("xi", 'ξ'),
        ("rho", 'ρ'),
        ("sigma", 'σ'),
        ("tau", 'τ'),
        ("phi", 'φ'),
        ("chi", 'χ'),
        ("psi", 'ψ'),
        ("omega", 'ω'),
        ("Gamma", 'Γ'),
        ("Delta", 'Δ'),
        ("Theta", 'Θ'),
        ("Lambda", 'Λ'),
        ("Xi", 'Ξ'),
        ("Sigma", 'Σ'),
        ("Phi", 'Φ'),
        ("Psi", 'Ψ'),
        ("Omega", 'Ω'),
    ];
    let split = name
        .char_indices()
        .find(|(_, c)| c.is_ascii_digit())
        .map_or(name.len(), |(i, _)| i);
    let (stem, digits) = name.split_at(split);
    // `x_1` is x with subscript 1, as `x1` is (the underscore only marks the subscript).
    let stem = match stem.strip_suffix('_') {
        Some(s) if !s.is_empty() && !digits.is_empty() => s,
        _ => stem,
    };
    let stem_ml = match GREEK.iter().find(|(n, _)| *n == stem) {
        Some((_, c)) => format!("<mi>{c}</mi>"),
        None if stem.chars().count() == 1 => format!("<mi>{}</mi>", xml_escape(stem)),
        None => format!("<mi mathvariant=\"normal\">{}</mi>", xml_escape(stem)),
    };
    if digits.is_empty() {
        stem_ml
    } else if !stem.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        format!("<msub>{stem_ml}<mn>{digits}</mn></msub>")
    } else {
        format!("<mi mathvariant=\"normal\">{}</mi>", xml_escape(name))
    }
}

/// Escapes the three characters that XML text may not hold literally.
fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// MathML for a constant: `π`, `e`, digits, `a×10^b` for scientific notation, `−` for a sign.
fn mathml_const(v: f64) -> String {
    let text = fmt_const(v.abs());
    let body = if text == "pi" {
        "<mi>π</mi>".to_string()
    } else if text == "e" {
        "<mi>e</mi>".to_string()
    } else if let Some((m, e)) = text.split_once('e') {
        let exp = e.strip_prefix('-').map_or_else(
            || format!("<mn>{e}</mn>"),
            |d| format!("<mrow><mo>−</mo><mn>{d}</mn></mrow>"),
        );
        if m == "1" {
            format!("<msup><mn>10</mn>{exp}</msup>")
        } else {
            format!("<mrow><mn>{m}</mn><mo>×</mo><msup><mn>10</mn>{exp}</msup></mrow>")
        }
    } else if text == "inf" {
        "<mi mathvariant=\"normal\">∞</mi>".to_string()
    } else {
        format!("<mn>{}</mn>", xml_escape(&text))
    };
    if v.is_sign_negative() && !v.is_nan() {
        format!("<mrow><mo>−</mo>{body}</mrow>")
    } else {
        body
    }
}

/// How a one-argument operator looks in MathML: `(before, after)` around its argument. The
/// `match` is exhaustive on purpose: an operator added to the table needs a form here.
fn mathml_unary(op: Unary) -> (&'static str, &'static str) {
    const CLOSE: &str = "<mo>)</mo></mrow></mrow>";
    match op {
        Unary::Neg => ("<mrow><mo>−</mo>", "</mrow>"),
        Unary::Sin => ("<mrow><mi>sin</mi><mo>&#x2061;</mo><mrow><mo>(</mo>", CLOSE),
        Unary::Cos => ("<mrow><mi>cos</mi><mo>&#x2061;</mo><mrow><mo>(</mo>", CLOSE),
        Unary::Tan => ("<mrow><mi>tan</mi><mo>&#x2061;</mo><mrow><mo>(</mo>", CLOSE),
        Unary::Asin => (
            "<mrow><mi>arcsin</mi><mo>&#x2061;</mo><mrow><mo>(</mo>",
            CLOSE,
        ),
        Unary::Acos => (
            "<mrow><mi>arccos</mi><mo>&#x2061;</mo><mrow><mo>(</mo>",
            CLOSE,
        ),
        Unary::Atan => (
            "<mrow><mi>arctan</mi><mo>&#x2061;</mo><mrow><mo>(</mo>",
            CLOSE,
        ),
        Unary::Sinh => (
            "<mrow><mi>sinh</mi><mo>&#x2061;</mo><mrow><mo>(</mo>",
            CLOSE,
        ),
        Unary::Cosh => (
            "<mrow><mi>cosh</mi><mo>&#x2061;</mo><mrow><mo>(</mo>",
            CLOSE,
        ),
        Unary::Tanh => (
            "<mrow><mi>tanh</mi><mo>&#x2061;</mo><mrow><mo>(</mo>",
            CLOSE,
        ),
        Unary::Exp => ("<mrow><mi>exp</mi><mo>&#x2061;</mo><mrow><mo>(</mo>", CLOSE),
        Unary::Ln => ("<mrow><mi>ln</mi><mo>&#x2061;</mo><mrow><mo>(</mo>", CLOSE),
        Unary::Log10 => (
            "<mrow><msub><mi>log</mi><mn>10</mn></msub><mo>&#x2061;</mo><mrow><mo>(</mo>",
            CLOSE,
        ),
        Unary::Log2 => (
            "<mrow><msub><mi>log</mi><mn>2</mn></msub><mo>&#x2061;</mo><mrow><mo>(</mo>",
            CLOSE,
        ),
        Unary::Sqrt => ("<msqrt>", "</msqrt>"),
        Unary::Cbrt => ("<mroot><mrow>", "</mrow><mn>3</mn></mroot>"),
        Unary::Abs => ("<mrow><mo>|</mo>", "<mo>|</mo></mrow>"),
        Unary::Sigmoid => (
            "<mrow><mi>sigmoid</mi><mo>&#x2061;</mo><mrow><mo>(</mo>",
            CLOSE,
        ),
        Unary::Softplus => (
            "<mrow><mi>softplus</mi><mo>&#x2061;</mo><mrow><mo>(</mo>",
            CLOSE,
        ),
        Unary::Sign => (
            "<mrow><mi>sign</mi><mo>&#x2061;</mo><mrow><mo>(</mo>",
            CLOSE,
        ),
        Unary::Step => (
            "<mrow><mi>step</mi><mo>&#x2061;</mo><mrow><mo>(</mo>",
            CLOSE,
        ),
    }
}

/// The name of a two-argument operator printed in function syntax (exhaustive, as above).
fn mathml_call(op: Binary) -> &'static str {
    match op {
        Binary::Atan2 => "<mi>atan2</mi>",
        Binary::Hypot => "<mi>hypot</mi>",
        Binary::Min => "<mi>min</mi>",
        Binary::Max => "<mi>max</mi>",
        Binary::Xlogy => "<mi>xlogy</mi>",
        Binary::Add | Binary::Sub | Binary::Mul | Binary::Div | Binary::Pow => "",
    }
}

/// Presentation MathML, walking the DAG with an explicit stack like [`print`].
fn print_mathml(g: &Graph, root: NodeId) -> Result<String, Error> {
    // Markup is about four times the infix text (`<mi>x</mi><mo>+</mo>` for `x + `).
    let est = estimate(g, root).saturating_mul(4);
    if est > PRINT_LIMIT {
        return Err(Error::TooLargeToPrint {
            chars: est,
            limit: PRINT_LIMIT,
        });
    }
    const OPEN: &str = "<mrow><mo>(</mo>";
    const CLOSE: &str = "<mo>)</mo></mrow>";
    let needs = |child: NodeId, min: u8| level(g.node(child)) < min;
    let is_sum = |n: NodeId| matches!(g.node(n), Node::Binary(op, ..) if matches!(op.spec().print, BinaryPrint::Sum(_)));
    let is_product = |n: NodeId| matches!(g.node(n), Node::Binary(Binary::Mul, ..));
    let mut out = String::from("<math xmlns=\"http://www.w3.org/1998/Math/MathML\">");
    let mut stack = vec![Task::Visit(root, false, false)];
    while let Some(task) = stack.pop() {
        // `flat`: a sum (product) on the left of a sum (product) shares its parent's `mrow`,
        // so a long sum is one row, not a nest of rows as deep as the sum is long.
        let (id, parens, flat) = match task {
            Task::Text(s) => {
                out.push_str(s);
                continue;
            }
            Task::Visit(id, parens, flat) => (id, parens, flat),
        };
        if parens {
            out.push_str(OPEN);
            stack.push(Task::Text(CLOSE));
        }
        match g.node(id) {
            Node::Const(bits) => out.push_str(&mathml_const(f64::from_bits(bits))),
            Node::Var(v) => out.push_str(&mathml_var(g.var_name(v))),
            Node::Unary(op, a) => {
                let (pre, post) = mathml_unary(op);
                out.push_str(pre);
                stack.push(Task::Text(post));
                // `−` binds like a product's leading factor; only a sum needs parentheses (a
                // fraction is self-delimiting).
                let parens = op == Unary::Neg && needs(a, PRODUCT);
                stack.push(Task::Visit(a, parens, false));
            }
            Node::Binary(op, a, b) => match op.spec().print {
                BinaryPrint::Sum(_) => {
                    if !flat {
                        out.push_str("<mrow>");
                        stack.push(Task::Text("</mrow>"));
                    }
                    stack.push(Task::Visit(b, needs(b, PRODUCT), false));
                    stack.push(Task::Text(if op == Binary::Add {
                        "<mo>+</mo>"
                    } else {
                        "<mo>−</mo>"
                    }));
                    let pa = needs(a, SUM);
                    stack.push(Task::Visit(a, pa, !pa && is_sum(a)));
                }
                BinaryPrint::Product => {
                    let juxtapose = g.const_value(a).is_some()
                        && g.const_value(b).is_none()
                        && !leads_with_number(g, b);
                    // A fraction is self-delimiting; other children as in the infix text.
                    let frac = |c: NodeId| matches!(g.node(c), Node::Binary(Binary::Div, ..));
                    if !flat {
                        out.push_str("<mrow>");
                        stack.push(Task::Text("</mrow>"));
                    }
                    stack.push(Task::Visit(b, !frac(b) && needs(b, UNARY), false));
                    stack.push(Task::Text(if juxtapose {
                        "<mo>&#x2062;</mo>"
                    } else {
                        "<mo>·</mo>"
                    }));
                    let pa = !frac(a) && needs(a, PRODUCT);
                    stack.push(Task::Visit(a, pa, !pa && is_product(a)));
                }
                BinaryPrint::Quotient => {
                    out.push_str("<mfrac><mrow>");
                    stack.push(Task::Text("</mrow></mfrac>"));
                    stack.push(Task::Visit(b, false, false));
                    stack.push(Task::Text("</mrow><mrow>"));
                    stack.push(Task::Visit(a, false, false));
                }
                BinaryPrint::Power => {
                    let base_parens = !matches!(g.node(a), Node::Var(_))
                        && !matches!(g.node(a), Node::Const(bits) if f64::from_bits(bits) >= 0.0
                            && !const_is_product(f64::from_bits(bits)));
                    out.push_str("<msup><mrow>");
                    stack.push(Task::Text("</mrow></msup>"));
                    stack.push(Task::Visit(b, false, false));
                    stack.push(Task::Text("</mrow><mrow>"));
                    stack.push(Task::Visit(a, base_parens, false));
                }
                BinaryPrint::Call(_) => {
                    out.push_str("<mrow>");
                    out.push_str(mathml_call(op));
                    out.push_str("<mo>&#x2061;</mo><mrow><mo>(</mo>");
                    stack.push(Task::Text("<mo>)</mo></mrow></mrow>"));
                    stack.push(Task::Visit(b, false, false));
                    stack.push(Task::Text("<mo>,</mo>"));
                    stack.push(Task::Visit(a, false, false));
                }
            },
        }
    }
    out.push_str("</math>");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::{parse_into, Graph};

    fn round(src: &str) -> String {
        let mut g = Graph::new();
        let p = parse_into(&mut g, src).unwrap();
        let text = g.to_infix(p.root).unwrap();
        let q = parse_into(&mut g, &text).unwrap();
        assert_eq!(p.root, q.root, "{src} printed as {text}");
        text
    }

    #[test]
    fn minimal_parentheses() {
        assert_eq!(round("(a + b) + c"), "a + b + c");
        assert_eq!(round("a - (b - c)"), "a - (b - c)");
        assert_eq!(round("a*(b*c)"), "a*(b*c)");
        assert_eq!(round("(a*b)*c"), "a*b*c");
        assert_eq!(round("a^(b^c)"), "a^b^c");
        assert_eq!(round("(a^b)^c"), "(a^b)^c");
        assert_eq!(round("-(a^2)"), "-a^2");
        assert_eq!(round("(-a)^2"), "(-a)^2");
        assert_eq!(round("2^-1*x"), "0.5*x");
        assert_eq!(round("x^-y"), "x^-y");
        assert_eq!(round("-(x*y)"), "-x*y");
        assert_eq!(round("-(x*y/z)"), "-x*y/z");
        assert_eq!(round("-(x^2*y)"), "-x^2*y");
        assert_eq!(round("(-2)^x"), "(-2)^x");
        assert_eq!(round("x/(-2)"), "x/-2");
        assert_eq!(round("pi*x + e"), "pi*x + e");
        assert_eq!(round("1e-20*x"), "1e-20*x");
        assert_eq!(round("atan2(y, x) + max(x, 0)"), "atan2(y, x) + max(x, 0)");
    }

    #[test]
    fn huge_sums_print() {
        let src = vec!["x"; 100_000].join(" + ");
        assert_eq!(round(&src).len(), src.len());
    }

    #[test]
    fn exponential_trees_are_refused() {
        let mut g = Graph::new();
        let mut n = g.var("x");
        for _ in 0..80 {
            n = g.mul(n, n);
        }
        assert!(g.to_infix(n).is_err());
    }
}
