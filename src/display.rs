//! Printing: infix text that parses back to the same node, and LaTeX.
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
    /// A node, whether to parenthesize it, and whether it is an exponent (where a `-` prefix
    /// binds only the next power: `x^-a*b` is `(x^-a)*b`).
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

pub(crate) fn latex_var(name: &str) -> String {
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
    let stem_tex = if GREEK.contains(&stem) {
        format!("\\{stem}")
    } else if stem.chars().count() == 1 {
        stem.to_string()
    } else {
        format!("\\mathrm{{{}}}", stem.replace('_', "\\_"))
    };
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        format!("{stem_tex}_{{{digits}}}")
    } else if digits.is_empty() {
        stem_tex
    } else {
        format!("\\mathrm{{{}}}", name.replace('_', "\\_"))
    }
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
                (n, _) => level(n),
            };
            lvl < min
        };
        match (node, style) {
            (Node::Const(bits), _) => out.push_str(&fmt_const(f64::from_bits(bits))),
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
                    let juxtapose = g.const_value(a).is_some() && g.const_value(b).is_none();
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
                        && !matches!(g.node(a), Node::Const(bits) if f64::from_bits(bits) >= 0.0);
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
