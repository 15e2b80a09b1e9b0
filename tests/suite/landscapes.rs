//! Standard multimodal test functions with their published domains and minima, shared by the
//! global-search tests (`tests/suite/global.rs`) and the global-search benchmark
//! (`benches/global.rs`, which includes this file by path).
//!
//! Source of every formula, domain and minimum unless noted: S. Surjanovic and D. Bingham,
//! "Virtual Library of Simulation Experiments: Test Functions and Datasets",
//! <https://www.sfu.ca/~ssurjano/optimization.html>. The values are typed from the library, never
//! produced by nabla.
//!
//! Invariant: `tol` is the published value's own precision (half a unit in its last published
//! digit) where the library rounds it, and `1e-6 * max(1, |minimum|)` where the minimum is exact
//! (0, -1, 3); see each entry for the exceptions and why.

/// One test function: a formula in nabla's language, its box, and its published minimum.
pub struct Landscape {
    /// The name, as the library spells it.
    pub name: &'static str,
    /// The formula; the `f(x, y) = ...` header fixes the order of the variables.
    pub formula: &'static str,
    /// The published domain, one interval per variable, in the header's order.
    pub bounds: Vec<(f64, f64)>,
    /// The published global minimum value.
    pub minimum: f64,
    /// How close a search must come to `minimum` to have found it.
    pub tol: f64,
}

/// Every test function.
pub fn all() -> Vec<Landscape> {
    let exact = |m: f64| 1e-6 * m.abs().max(1.0);
    vec![
        // f(x) = 10d + sum(x_i^2 - 10 cos(2 pi x_i)) on [-5.12, 5.12]^d; f(0) = 0.
        Landscape {
            name: "rastrigin 2-d",
            formula: "f(x, y) = 20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)",
            bounds: vec![(-5.12, 5.12); 2],
            minimum: 0.0,
            tol: exact(0.0),
        },
        Landscape {
            name: "rastrigin 5-d",
            formula: "f(a, b, c, d, g) = 50 + a^2 - 10*cos(2*pi*a) + b^2 - 10*cos(2*pi*b) \
                      + c^2 - 10*cos(2*pi*c) + d^2 - 10*cos(2*pi*d) + g^2 - 10*cos(2*pi*g)",
            bounds: vec![(-5.12, 5.12); 5],
            minimum: 0.0,
            tol: exact(0.0),
        },
        // a = 20, b = 0.2, c = 2 pi, d = 2, on [-32.768, 32.768]^2; f(0) = 0.
        Landscape {
            name: "ackley",
            formula: "f(x, y) = -20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) \
                      - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + 20 + e",
            bounds: vec![(-32.768, 32.768); 2],
            minimum: 0.0,
            tol: exact(0.0),
        },
        // On [-512, 512]^2; f(512, 404.2319) = -959.6407 (a minimum on the boundary).
        Landscape {
            name: "eggholder",
            formula: "f(x, y) = -(y + 47)*sin(sqrt(abs(y + x/2 + 47))) - x*sin(sqrt(abs(x - (y + 47))))",
            bounds: vec![(-512.0, 512.0); 2],
            minimum: -959.6407,
            tol: 5e-5,
        },
        // On [-100, 100]^2; f(pi, pi) = -1.
        Landscape {
            name: "easom",
            formula: "f(x, y) = -cos(x)*cos(y)*exp(-(x - pi)^2 - (y - pi)^2)",
            bounds: vec![(-100.0, 100.0); 2],
            minimum: -1.0,
            tol: exact(-1.0),
        },
        // On [-100, 100]^2; f(0, 0) = 0.
        Landscape {
            name: "schaffer n.2",
            formula: "f(x, y) = 0.5 + (sin(x^2 - y^2)^2 - 0.5)/(1 + 0.001*(x^2 + y^2))^2",
            bounds: vec![(-100.0, 100.0); 2],
            minimum: 0.0,
            tol: exact(0.0),
        },
        // sum(x_i^2)/4000 - prod(cos(x_i / sqrt(i))) + 1 on [-600, 600]^2; f(0) = 0.
        Landscape {
            name: "griewank",
            formula: "f(x, y) = (x^2 + y^2)/4000 - cos(x)*cos(y/sqrt(2)) + 1",
            bounds: vec![(-600.0, 600.0); 2],
            minimum: 0.0,
            tol: exact(0.0),
        },
        // On x in [-15, -5], y in [-3, 3]; f(-10, 1) = 0. The minimum sits on the curve
        // y = x^2/100 where the first term has a square-root kink: a point off the curve by d
        // costs 100 sqrt(d), so even one rounding error of y near 1 (d = 2.2e-16) costs 1.5e-6.
        // The tolerance is 1e-3: one thousandth of the function's rise of 1 over the domain's
        // central ridge, reached only within 0.1 of the minimizer along the ridge.
        Landscape {
            name: "bukin n.6",
            formula: "f(x, y) = 100*sqrt(abs(y - 0.01*x^2)) + 0.01*abs(x + 10)",
            bounds: vec![(-15.0, -5.0), (-3.0, 3.0)],
            minimum: 0.0,
            tol: 1e-3,
        },
        // On [-10, 10]^2; f(+-8.05502, +-9.66459) = -19.2085.
        Landscape {
            name: "holder table",
            formula: "f(x, y) = -abs(sin(x)*cos(y)*exp(abs(1 - sqrt(x^2 + y^2)/pi)))",
            bounds: vec![(-10.0, 10.0); 2],
            minimum: -19.2085,
            tol: 5e-5,
        },
        // On [-10, 10]^2; f(+-1.3491, +-1.3491) = -2.06261.
        Landscape {
            name: "cross-in-tray",
            formula: "f(x, y) = -0.0001*(abs(sin(x)*sin(y)*exp(abs(100 - sqrt(x^2 + y^2)/pi))) + 1)^0.1",
            bounds: vec![(-10.0, 10.0); 2],
            minimum: -2.06261,
            tol: 5e-6,
        },
        // w_i = 1 + (x_i - 1)/4; sin^2(pi w_1) + (w_1 - 1)^2 (1 + 10 sin^2(pi w_1 + 1))
        // + (w_2 - 1)^2 (1 + sin^2(2 pi w_2)) on [-10, 10]^2; f(1, 1) = 0.
        Landscape {
            name: "levy",
            formula: "f(x, y) = sin(pi*(1 + (x - 1)/4))^2 \
                      + ((x - 1)/4)^2*(1 + 10*sin(pi*(1 + (x - 1)/4) + 1)^2) \
                      + ((y - 1)/4)^2*(1 + sin(2*pi*(1 + (y - 1)/4))^2)",
            bounds: vec![(-10.0, 10.0); 2],
            minimum: 0.0,
            tol: exact(0.0),
        },
        // -sum(sin(x_i) sin(i x_i^2 / pi)^(2m)), m = 10, on [0, pi]^2; f(2.20, 1.57) = -1.8013.
        Landscape {
            name: "michalewicz 2-d",
            formula: "f(x, y) = -sin(x)*sin(x^2/pi)^20 - sin(y)*sin(2*y^2/pi)^20",
            bounds: vec![(0.0, std::f64::consts::PI); 2],
            minimum: -1.8013,
            tol: 5e-5,
        },
        // sum(x_i^4 - 16 x_i^2 + 5 x_i)/2 on [-5, 5]^2, minimum at x_i = -2.903534. The library's
        // value "-39.16599 d" is rounded too coarsely (the function at its published minimizer is
        // -39.16617 per variable), so the expected value is the formula evaluated in plain f64 at
        // the published minimizer, which is stationary to 1e-6 (error in f below 1e-10).
        Landscape {
            name: "styblinski-tang",
            formula: "f(x, y) = (x^4 - 16*x^2 + 5*x + y^4 - 16*y^2 + 5*y)/2",
            bounds: vec![(-5.0, 5.0); 2],
            minimum: {
                let x: f64 = -2.903534;
                x.powi(4) - 16.0 * x * x + 5.0 * x
            },
            tol: 1e-6 * 78.3,
        },
        // (sum_{i=1..5} i cos((i+1) x + i)) (same in y) on [-10, 10]^2; 18 global minima, -186.7309.
        Landscape {
            name: "shubert",
            formula: "f(x, y) = (cos(2*x + 1) + 2*cos(3*x + 2) + 3*cos(4*x + 3) + 4*cos(5*x + 4) + 5*cos(6*x + 5)) \
                      * (cos(2*y + 1) + 2*cos(3*y + 2) + 3*cos(4*y + 3) + 4*cos(5*y + 4) + 5*cos(6*y + 5))",
            bounds: vec![(-10.0, 10.0); 2],
            minimum: -186.7309,
            tol: 5e-5,
        },
        // On x in [-3, 3], y in [-2, 2]; f(+-0.0898, -+0.7126) = -1.0316.
        Landscape {
            name: "six-hump camel",
            formula: "f(x, y) = (4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2",
            bounds: vec![(-3.0, 3.0), (-2.0, 2.0)],
            minimum: -1.0316,
            tol: 5e-5,
        },
        // On [-2, 2]^2; f(0, -1) = 3.
        Landscape {
            name: "goldstein-price",
            formula: "f(x, y) = (1 + (x + y + 1)^2*(19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2)) \
                      * (30 + (2*x - 3*y)^2*(18 - 32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))",
            bounds: vec![(-2.0, 2.0); 2],
            minimum: 3.0,
            tol: exact(3.0),
        },
        // a (y - b x^2 + c x - r)^2 + s (1 - t) cos(x) + s with a = 1, b = 5.1/(4 pi^2), c = 5/pi,
        // r = 6, s = 10, t = 1/(8 pi), on x in [-5, 10], y in [0, 15]; three global minima, 0.397887.
        Landscape {
            name: "branin",
            formula: "f(x, y) = (y - 5.1/(4*pi^2)*x^2 + 5/pi*x - 6)^2 + 10*(1 - 1/(8*pi))*cos(x) + 10",
            bounds: vec![(-5.0, 10.0), (0.0, 15.0)],
            minimum: 0.397887,
            tol: 5e-7,
        },
        // On [-4.5, 4.5]^2; f(3, 0.5) = 0.
        Landscape {
            name: "beale",
            formula: "f(x, y) = (1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
            bounds: vec![(-4.5, 4.5); 2],
            minimum: 0.0,
            tol: exact(0.0),
        },
        // Himmelblau (1972), Applied Nonlinear Programming, on [-5, 5]^2: four minima, all f = 0
        // ((3, 2) exactly).
        Landscape {
            name: "himmelblau",
            formula: "f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2",
            bounds: vec![(-5.0, 5.0); 2],
            minimum: 0.0,
            tol: exact(0.0),
        },
    ]
}
