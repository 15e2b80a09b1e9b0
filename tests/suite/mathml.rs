//! The MathML printer: well-formed XML for every operator, the structure of hand-checked cases,
//! deep graphs printed without recursion, and `nabla diff --mathml` (what the page of
//! `nabla serve` shows).
//!
//! The XML is read with quick-xml into a small tree (element name, children, text) and the
//! tests compare shapes, so they do not depend on whitespace or attribute order.

use nabla::{parse_into, Binary, Graph, Unary};
use quick_xml::events::Event;
use quick_xml::Reader;

/// An element: its name, its child elements, and its own text (entities resolved).
#[derive(Debug, Default)]
struct El {
    name: String,
    kids: Vec<El>,
    text: String,
}

/// Parses one XML document into its root element; panics on anything not well-formed. The
/// stack is explicit, so deep documents parse without recursion.
fn parse_xml(xml: &str) -> El {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<El> = vec![El::default()];
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => stack.push(El {
                name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                ..El::default()
            }),
            Ok(Event::End(_)) => {
                let done = stack.pop().unwrap();
                stack
                    .last_mut()
                    .expect("unbalanced end tag")
                    .kids
                    .push(done);
            }
            Ok(Event::Empty(e)) => stack.last_mut().unwrap().kids.push(El {
                name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                ..El::default()
            }),
            Ok(Event::Text(t)) => {
                let raw = String::from_utf8(t.as_ref().to_vec()).unwrap();
                assert!(
                    !raw.contains('<') && !raw.contains('>'),
                    "unescaped text {raw:?}"
                );
                stack.last_mut().unwrap().text.push_str(&raw);
            }
            Ok(Event::GeneralRef(r)) => {
                let name = String::from_utf8(r.as_ref().to_vec()).unwrap();
                let known = ["amp", "lt", "gt", "#x2061", "#x2062"];
                assert!(known.contains(&name.as_str()), "unknown entity &{name};");
                stack.last_mut().unwrap().text.push('&');
            }
            Ok(Event::Eof) => break,
            Ok(other) => panic!("unexpected XML event {other:?} in {xml}"),
            Err(e) => panic!("not well-formed XML ({e}): {xml}"),
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements in {xml}");
    let mut top = stack.pop().unwrap();
    assert_eq!(top.kids.len(), 1, "one root element expected: {xml}");
    top.kids.pop().unwrap()
}

/// Checks the arity of every fixed-arity element (iteratively) and that the root is `<math>`.
fn check_shape(root: &El) {
    assert_eq!(root.name, "math");
    let mut todo = vec![root];
    while let Some(el) = todo.pop() {
        let arity = match el.name.as_str() {
            "mfrac" | "msup" | "msub" | "mroot" => Some(2),
            _ => None,
        };
        if let Some(n) = arity {
            assert_eq!(
                el.kids.len(),
                n,
                "<{}> with {} children",
                el.name,
                el.kids.len()
            );
        }
        todo.extend(el.kids.iter());
    }
}

fn mathml(src: &str) -> El {
    let mut g = Graph::new();
    let p = parse_into(&mut g, src).unwrap();
    let xml = g.to_mathml(p.root).unwrap();
    let root = parse_xml(&xml);
    check_shape(&root);
    root
}

/// The element with an `mrow` wrapper removed when it holds exactly one element.
fn unwrap(el: &El) -> &El {
    if el.name == "mrow" && el.kids.len() == 1 && el.text.is_empty() {
        unwrap(&el.kids[0])
    } else {
        el
    }
}

/// A compact rendering of the tree: `name(kid kid)` or `name:text`, to compare shapes.
fn shape(el: &El) -> String {
    let el = unwrap(el);
    if el.kids.is_empty() {
        format!("{}:{}", el.name, el.text)
    } else {
        let kids: Vec<String> = el.kids.iter().map(shape).collect();
        format!("{}({})", el.name, kids.join(" "))
    }
}

#[test]
fn a_quotient_of_a_power_is_an_mfrac_with_an_msup() {
    let root = mathml("x^2/y");
    assert_eq!(shape(&root), "math(mfrac(msup(mi:x mn:2) mi:y))");
}

#[test]
fn hand_checked_shapes() {
    assert_eq!(
        shape(&mathml("sqrt(x1 + 1)")),
        "math(msqrt(mrow(msub(mi:x mn:1) mo:+ mn:1)))"
    );
    assert_eq!(
        shape(&mathml("(x + y)*z")),
        "math(mrow(mrow(mo:( mrow(mi:x mo:+ mi:y) mo:)) mo:· mi:z))"
    );
    assert_eq!(shape(&mathml("3*x")), "math(mrow(mn:3 mo:& mi:x))");
    assert_eq!(shape(&mathml("-x")), "math(mrow(mo:− mi:x))");
    assert_eq!(
        shape(&mathml("sin(alpha)")),
        "math(mrow(mi:sin mo:& mrow(mo:( mi:α mo:))))"
    );
    assert_eq!(shape(&mathml("cbrt(x)")), "math(mroot(mi:x mn:3))");
    assert_eq!(shape(&mathml("pi*x")), "math(mrow(mi:π mo:& mi:x))");
    assert_eq!(
        shape(&mathml("a*b*c")),
        "math(mrow(mi:a mo:· mi:b mo:· mi:c))"
    );
    assert_eq!(
        shape(&mathml("1e-20*x")),
        "math(mrow(msup(mn:10 mrow(mo:− mn:20)) mo:& mi:x))"
    );
    assert_eq!(
        shape(&mathml("(-x)^y")),
        "math(msup(mrow(mo:( mrow(mo:− mi:x) mo:)) mi:y))"
    );
    assert_eq!(
        shape(&mathml("atan2(y, x)")),
        "math(mrow(mi:atan2 mo:& mrow(mo:( mi:y mo:, mi:x mo:))))"
    );
}

#[test]
fn every_operator_prints_as_well_formed_mathml() {
    for &op in Unary::ALL {
        let mut g = Graph::new();
        let x = g.var("x");
        let n = g.unary(op, x);
        let xml = g.to_mathml(n).unwrap();
        let root = parse_xml(&xml);
        check_shape(&root);
        assert!(xml.contains("<mi>x</mi>"), "{op:?}: {xml}");
    }
    for &op in Binary::ALL {
        let mut g = Graph::new();
        let (x, y) = (g.var("x"), g.var("y"));
        let n = g.binary(op, x, y);
        let xml = g.to_mathml(n).unwrap();
        let root = parse_xml(&xml);
        check_shape(&root);
        assert!(
            xml.contains("<mi>x</mi>") && xml.contains("<mi>y</mi>"),
            "{op:?}: {xml}"
        );
    }
}

#[test]
fn strange_names_and_constants_are_escaped_and_well_formed() {
    for src in [
        "x_1 + theta2 + rate + x1y",
        "1/0*x + 2.5e300*x - 0.1*x",
        "-(x*y/z)^-w",
    ] {
        mathml(src);
    }
}

#[test]
fn deep_and_long_graphs_print_without_recursion() {
    // A long sum is one row, not 100,000 nested rows.
    let sum = vec!["x"; 100_000].join(" + ");
    let root = mathml(&sum);
    assert_eq!(unwrap(&root.kids[0]).kids.len(), 2 * 100_000 - 1);
    // 20,000 nested powers: the printer and the checker both walk with explicit stacks.
    let mut g = Graph::new();
    let mut n = g.var("x");
    for _ in 0..20_000 {
        let y = g.var("y");
        n = g.pow(y, n);
    }
    let xml = g.to_mathml(n).unwrap();
    assert_eq!(xml.matches("<msup>").count(), 20_000);
    // A DAG that denotes an exponentially large tree is refused, not printed.
    let mut n = g.var("x");
    for _ in 0..80 {
        n = g.mul(n, n);
    }
    assert!(g.to_mathml(n).is_err());
}

#[cfg(all(feature = "plot", feature = "fit"))]
#[test]
fn diff_json_gives_each_partial_as_mathml() {
    let out = super::cli::nabla(&["diff", "x^2/y", "--json"]);
    assert!(out.status.success(), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["derivatives"][0]["label"], "df/dx");
    assert_eq!(v["derivatives"][0]["text"], "2*x/y");
    for k in 0..2 {
        let xml = v["derivatives"][k]["mathml"].as_str().unwrap();
        check_shape(&parse_xml(xml));
    }
    let f = v["formula_mathml"].as_str().unwrap();
    assert_eq!(shape(&parse_xml(f)), "math(mfrac(msup(mi:x mn:2) mi:y))");
    // The variables in the formula's order, and the derivatives in that order.
    let out = super::cli::nabla(&["diff", "(w*(-1) + b + 3)^2", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["vars"], serde_json::json!(["w", "b"]));
    assert_eq!(v["derivatives"][0]["wrt"], serde_json::json!(["w"]));
    let plain = super::cli::nabla(&["diff", "x*y", "--mathml"]);
    let text = String::from_utf8(plain.stdout).unwrap();
    assert!(text.starts_with("df/dx = <math"), "{text}");
}

#[test]
fn x_underscore_1_is_x_with_subscript_1_as_x1_is() {
    // Issue 30: `x_1` was typeset as an upright "x_" with a subscript 1 beside `x2`'s x₂.
    let sub = |stem: &str, n: &str| format!("<msub><mi>{stem}</mi><mn>{n}</mn></msub>");
    for (src, stem, n) in [("x_1", "x", "1"), ("x1", "x", "1"), ("theta_12", "θ", "12")] {
        let mut g = Graph::new();
        let p = nabla::parse_into(&mut g, src).unwrap();
        let xml = g.to_mathml(p.root).unwrap();
        assert!(xml.contains(&sub(stem, n)), "{src}: {xml}");
        assert!(!xml.contains('_'), "{src}: {xml}");
    }
    assert_eq!(nabla::latex_var("x_1"), "x_{1}");
}
