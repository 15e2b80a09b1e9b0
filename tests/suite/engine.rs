//! The formula engine end to end: parse, differentiate, compile, evaluate. Expected values are
//! closed forms worked out by hand.

use approx::assert_relative_eq;
use nabla::{Formula, Function, ParseErrorKind, MAX_DEPTH};

const BEALE: &str = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2";

#[test]
fn beale_value_and_gradient_are_exact() {
    // At (3, 4): the three residuals are 10.5, 47.25 and 191.625.
    // f = 10.5^2 + 47.25^2 + 191.625^2; df/dx = 2*10.5*3 + 2*47.25*15 + 2*191.625*63;
    // df/dy = 2*10.5*3 + 2*47.25*24 + 2*191.625*144.
    let mut f = Function::parse(BEALE).unwrap();
    let mut g = [0.0; 2];
    let v = f.value_and_grad(&[3.0, 4.0], &mut g);
    assert_eq!(v, 39062.953125);
    assert_eq!(g, [25625.25, 57519.0]);
    assert_eq!(f.value(&[3.0, 0.5]), 0.0);
}

#[test]
fn beale_partials_match_the_book_hand_derivation() {
    // The book's hand-derived partials (seed 001, section 2.2), evaluated independently.
    let dfx = Formula::parse(
        "2*(1.5 - x + x*y)*(y-1) + 2*(2.25 - x + x*y**2)*(y**2-1) + 2*(2.625 - x + x*y**3)*(y**3-1)",
    )
    .unwrap();
    let dfy = Formula::parse(
        "2*(1.5 - x + x*y)*x + 2*(2.25 - x + x*y**2)*(2*x*y) + 2*(2.625 - x + x*y**3)*(3*x*y**2)",
    )
    .unwrap();
    let mut f = Function::parse(BEALE).unwrap();
    let mut g = [0.0; 2];
    for &(x, y) in &[(0.3, -1.2), (2.0, 0.7), (-4.1, 3.3), (3.0, 0.5)] {
        f.value_and_grad(&[x, y], &mut g);
        let hx = dfx.graph().eval(dfx.root(), &[x, y]);
        let hy = dfy.graph().eval(dfy.root(), &[x, y]);
        assert_relative_eq!(g[0], hx, max_relative = 1e-12, epsilon = 1e-12);
        assert_relative_eq!(g[1], hy, max_relative = 1e-12, epsilon = 1e-12);
    }
}

#[test]
fn seed_spellings_parse_to_the_same_function() {
    let spellings = [
        "np.power(x,3)-3*x**2-9*x+2",
        "x^3 - 3x^2 - 9x + 2",
        "f = lambda x: np.power(x,3)-3*x**2-9*x+2",
        "f(x) = x**3 - 3*x^2 - 9*x + 2",
    ];
    for s in spellings {
        let mut f = Function::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        let mut g = [0.0];
        // f(1) = -9, f'(1) = 3 - 6 - 9 = -12.
        assert_eq!(f.value_and_grad(&[1.0], &mut g), -9.0, "{s}");
        assert_eq!(g[0], -12.0, "{s}");
    }
    let mut q = Function::parse("(1/16)*x^2 + 9*y^2").unwrap();
    let mut g = [0.0; 2];
    q.value_and_grad(&[2.0, 3.0], &mut g);
    assert_eq!(g, [0.25, 54.0]);
    let lam = Function::parse(
        "lambda x, y: (1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2",
    )
    .unwrap();
    assert_eq!(lam.var_names(), ["x", "y"]);
}

#[test]
fn hessian_is_exact() {
    // Beale's Hessian at the minimum (3, 0.5), by hand: with r_i = 0 there, H = 2 J^T J where
    // J rows are (y^i - 1, i*x*y^(i-1)): (-0.5, 3), (-0.75, 3), (-0.875, 2.25).
    let mut f = Function::parse(BEALE).unwrap();
    let (mut g, mut h) = ([0.0; 2], [0.0; 4]);
    f.value_grad_hessian(&[3.0, 0.5], &mut g, &mut h).unwrap();
    let j = [[-0.5, 3.0], [-0.75, 3.0], [-0.875, 2.25]];
    for a in 0..2 {
        for b in 0..2 {
            let expected: f64 = 2.0 * j.iter().map(|r| r[a] * r[b]).sum::<f64>();
            assert_relative_eq!(h[a * 2 + b], expected, max_relative = 1e-14);
        }
    }
    assert_eq!(g, [0.0, 0.0]);
}

/// Extended Rosenbrock, sum over pairs (x_{2i-1}, x_{2i}) of 100(x_{2i} - x_{2i-1}^2)^2 + (1 - x_{2i-1})^2.
fn rosenbrock(n: usize) -> String {
    (1..=n / 2)
        .map(|i| {
            let (a, b) = (2 * i - 1, 2 * i);
            format!("100*(x{b} - x{a}^2)^2 + (1 - x{a})^2")
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

#[test]
fn rosenbrock_ten_thousand_variables() {
    let src = rosenbrock(10_000);
    assert!(src.len() > 150_000);
    let mut f = Function::parse(&src).unwrap();
    assert_eq!(f.dim(), 10_000);
    assert_eq!(f.var_names()[1], "x2");
    let x: Vec<f64> = (0..10_000)
        .map(|i| if i % 2 == 0 { -1.2 } else { 1.0 })
        .collect();
    let mut g = vec![0.0; 10_000];
    let v = f.value_and_grad(&x, &mut g);
    // Each pair at (-1.2, 1): 100*(1 - 1.44)^2 + 2.2^2 = 19.36 + 4.84 = 24.2.
    assert_relative_eq!(v, 5000.0 * 24.2, max_relative = 1e-12);
    // d/dx_odd = -400 x (x_even - x^2) - 2(1 - x) = -400*(-1.2)*(-0.44) - 4.4 = -215.6;
    // d/dx_even = 200 (x_even - x^2) = -88.
    for k in (0..10_000).step_by(2) {
        assert_relative_eq!(g[k], -215.6, max_relative = 1e-12);
        assert_relative_eq!(g[k + 1], -88.0, max_relative = 1e-12);
    }
    assert_eq!(f.value(&vec![1.0; 10_000]), 0.0);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("{}x{}", "(".repeat(100_000), ")".repeat(100_000));
    let err = Formula::parse(&deep).unwrap_err();
    assert_eq!(err.kind(), &ParseErrorKind::TooDeep { limit: MAX_DEPTH });
    // The limit itself is fine, in a test thread's small stack.
    let ok = format!("{}x{}", "sin(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    let mut f = Function::parse(&ok).unwrap();
    let mut g = [0.0];
    f.value_and_grad(&[0.1], &mut g);
    assert!(g[0].is_finite());
}

#[test]
fn caret_errors_render_verbatim() {
    let err = Formula::parse("2*x+sinn(y)").unwrap_err();
    assert_eq!(
        err.to_string(),
        "error: unknown function `sinn` (did you mean `sin`?)\n --> 1:5\n  |\n1 | 2*x+sinn(y)\n  |     ^^^^"
    );
    let err = Formula::parse("(1 +").unwrap_err();
    assert_eq!(
        err.to_string(),
        "error: expected a number, a variable, a function call or `(`, found end of input\n --> 1:5\n  |\n1 | (1 +\n  |     ^"
    );
    // Columns count characters, not bytes.
    let err = Formula::parse("θ + α*β)").unwrap_err();
    assert_eq!(err.line_col(), (1, 8));
    assert!(err.to_string().ends_with("\n  |        ^"));
    let err = Formula::parse("pow(x)").unwrap_err();
    assert_eq!(err.message(), "`pow` takes 2 arguments, but 1 was given");
}

#[test]
fn variable_order_can_be_overridden() {
    // First appearance, with the indexed x's together in natural order.
    let f = Formula::parse("x10 + x2 + a").unwrap();
    assert_eq!(f.var_names(), ["x2", "x10", "a"]);
    let f = f.with_vars(&["x10", "x2", "a", "extra"]).unwrap();
    assert_eq!(f.var_names(), ["x10", "x2", "a", "extra"]);
    let mut fun = f.compile().unwrap();
    let mut g = [0.0; 4];
    assert_eq!(fun.value_and_grad(&[1.0, 2.0, 3.0, 4.0], &mut g), 6.0);
    assert_eq!(g, [1.0, 1.0, 1.0, 0.0]);
    assert!(Formula::parse("x + y").unwrap().with_vars(&["x"]).is_err());
    assert!(Formula::parse("x + y")
        .unwrap()
        .with_vars(&["x", "y", "x"])
        .is_err());
}
