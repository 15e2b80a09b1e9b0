//! Property tests: printing round-trips, reverse-mode gradients agree with central differences,
//! and no input string panics the parser.

use nabla::{gradient, parse_into, Formula, Graph, Node, NodeId, Tape};
use proptest::prelude::*;

/// Whether `a` and `b` are the same expression with constants compared by their `f64` values:
/// a printed formula shows a folded constant such as `0.1 + 0.2` as its `f64`, which reads back
/// as an exact constant, a different node from the folded one (which remembers the real sum it
/// stands for, for interval arithmetic). Reading it back may then apply an identity the folded
/// constant did not allow (`x/(pi/pi)` prints as `x/1`, which reads back as `x`): such pairs
/// must still compute the same `f64` values, bit for bit, at sample points.
fn same_expression(g: &Graph, a: NodeId, b: NodeId) -> bool {
    if same_structure(g, a, b) {
        return true;
    }
    let n = g.var_names().len();
    [0.37, -1.21, 2.9, 0.0].iter().all(|&t| {
        let p: Vec<f64> = (0..n).map(|i| t + 0.25 * i as f64).collect();
        let (u, v) = (g.eval(a, &p), g.eval(b, &p));
        u.to_bits() == v.to_bits() || u.is_nan() && v.is_nan()
    })
}

/// [`same_expression`]'s structural part: an explicit stack, no recursion.
fn same_structure(g: &Graph, a: NodeId, b: NodeId) -> bool {
    let mut stack = vec![(a, b)];
    while let Some((a, b)) = stack.pop() {
        if a == b {
            continue;
        }
        match (g.node(a), g.node(b)) {
            (Node::Const(x), Node::Const(y)) if x == y => {}
            (Node::Unary(o, x), Node::Unary(p, y)) if o == p => stack.push((x, y)),
            (Node::Binary(o, x1, x2), Node::Binary(p, y1, y2)) if o == p => {
                stack.push((x1, y1));
                stack.push((x2, y2));
            }
            _ => return false,
        }
    }
    true
}

/// Random expressions over x, y, z as text, built from every operator class.
fn expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("x".to_string()),
        Just("y".to_string()),
        Just("z".to_string()),
        (0u32..20).prop_map(|n| n.to_string()),
        (-50i32..50).prop_map(|n| format!("{}", f64::from(n) / 8.0)),
        Just("pi".to_string()),
    ];
    leaf.prop_recursive(6, 48, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) + ({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) - ({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})*({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})/({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})^({b})")),
            inner.clone().prop_map(|a| format!("-({a})")),
            (inner.clone(), 0usize..6).prop_map(|(a, k)| {
                let f = ["sin", "exp", "sqrt", "abs", "tanh", "ln"][k];
                format!("{f}({a})")
            }),
            (inner.clone(), inner).prop_map(|(a, b)| format!("max({a}, {b})")),
        ]
    })
}

/// Smooth random expressions, safe at every point of [-1, 1]^2 (no poles, no kinks, bounded).
fn smooth() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("x".to_string()),
        Just("y".to_string()),
        (1u32..5).prop_map(|n| n.to_string()),
        (-8i32..8).prop_map(|n| format!("{}", f64::from(n) / 4.0)),
    ];
    leaf.prop_recursive(5, 32, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) + ({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) - ({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})*({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})/(1 + ({b})^2)")),
            (inner.clone(), 2u32..4).prop_map(|(a, k)| format!("({a})^{k}")),
            (inner.clone(), 0usize..7).prop_map(|(a, k)| {
                let f = ["sin", "cos", "tanh", "atan", "sigmoid", "softplus", "exp"][k];
                if f == "exp" {
                    format!("exp(sin({a}))")
                } else {
                    format!("{f}({a})")
                }
            }),
            inner.prop_map(|a| format!("sqrt(1 + ({a})^2)")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn printing_round_trips_to_the_same_node(src in expr()) {
        let mut g = Graph::new();
        let p = parse_into(&mut g, &src).unwrap();
        let text = g.to_infix(p.root).unwrap();
        let q = parse_into(&mut g, &text).unwrap();
        prop_assert!(same_expression(&g, p.root, q.root), "{} printed as {}", src, text);
        // Derivatives print and round-trip too.
        let vars = g.vars_of(&[p.root]);
        for d in gradient(&mut g, p.root, &vars) {
            let t = g.to_infix(d).unwrap();
            let back = parse_into(&mut g, &t).unwrap();
            prop_assert!(same_expression(&g, back.root, d), "derivative printed as {}", t);
        }
    }

    /// The compiled program (register reuse, fused instructions, `x^2` as `x*x`) computes exactly
    /// what a plain forward sweep over the graph computes: same operations, same roundings.
    #[test]
    fn compiled_tape_is_bit_identical_to_the_graph(
        src in expr(),
        p in prop::array::uniform3(-3.0f64..3.0),
    ) {
        let mut g = Graph::new();
        let f = parse_into(&mut g, &src).unwrap().root;
        let vars = g.vars_of(&[f]);
        let mut outputs = vec![f];
        outputs.extend(gradient(&mut g, f, &vars));
        let tape = Tape::compile(&g, &outputs, &vars).unwrap();
        let mut values = vec![0.0; g.var_names().len()];
        let mut input = Vec::new();
        for (k, v) in vars.iter().enumerate() {
            values[v.index()] = p[k];
            input.push(p[k]);
        }
        let mut ws = tape.workspace::<f64>();
        let mut out = vec![0.0; outputs.len()];
        tape.eval(&input, &mut ws, &mut out).unwrap();
        for (o, got) in outputs.iter().zip(&out) {
            let want = g.eval(*o, &values);
            prop_assert!(
                want.to_bits() == got.to_bits() || (want.is_nan() && got.is_nan()),
                "{}: tape {} graph {}", src, got, want
            );
        }
    }

    #[test]
    fn gradient_matches_central_differences(src in smooth(), x in -1.0f64..1.0, y in -1.0f64..1.0) {
        let f = Formula::parse(&format!("f(x, y) = {src}")).unwrap();
        let mut fun = f.compile().unwrap();
        let mut g = [0.0; 2];
        fun.value_and_grad(&[x, y], &mut g);
        let p = [x, y];
        for i in 0..2 {
            let h = 1e-6;
            let (mut a, mut b) = (p, p);
            a[i] += h;
            b[i] -= h;
            let (fa, fb) = (fun.value(&a), fun.value(&b));
            let fd = (fa - fb) / (2.0 * h);
            let scale = g[i].abs().max(fd.abs()).max(1.0);
            // The central difference's rounding error: each value is off by up to eps |f|, so
            // the quotient by eps (|f(a)| + |f(b)|) / (2h), which a large constant term (4^9 in
            // a case proptest found) makes larger than the truncation allowance.
            let rounding = 4.0 * f64::EPSILON * (fa.abs() + fb.abs()) / (2.0 * h);
            prop_assert!((g[i] - fd).abs() <= 1e-5 * scale + rounding,
                "d/d{} of {} at ({}, {}): exact {} vs central {}", ["x", "y"][i], src, x, y, g[i], fd);
        }
    }

    #[test]
    fn arbitrary_strings_never_panic(s in any::<String>()) {
        let _ = Formula::parse(&s);
    }

    #[test]
    fn formula_like_strings_never_panic(s in "[-+*/^()xy0-9., eπ²]{0,40}|[a-z(),.0-9 ]{0,30}") {
        if let Ok(f) = Formula::parse(&s) {
            let _ = f.to_infix();
            let _ = f.compile();
        }
    }
}
