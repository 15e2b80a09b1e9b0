//! [`Objective`]: what a central-difference check ([`check_objective`](crate::check_objective))
//! and the step sweep ([`sweep_objective`](crate::sweep_objective)) run on: a function of `n`
//! inputs with a gradient to check. A compiled [`Problem`] is one (its exact reverse-mode
//! gradient, kinks found in its graph), and so is [`FnObjective`], any pair of closures (a
//! function without a formula, such as a Python callable, with its hand-written gradient;
//! kinks found in its values alone, [`kink_from_values`]).
//!
//! Invariants: an objective owns its scratch space (workspaces, buffers), allocated once when it
//! is made, so the checks' loops allocate nothing per evaluation on the [`Problem`] path; every
//! method reports failure as a [`CheckError`] and never panics; the checks call
//! [`Objective::value_grad`] once per point before any difference at that point.

use num_traits::Float;

use super::kink::{find_kink, Sweeper};
use super::options::CheckError;
use crate::graph::VarId;
use crate::{tr, Problem, Workspace};

/// Where the function and the gradient of a check come from, for its answer.
///
/// ```
/// let s = nabla::Source::default();
/// assert!(s.formula.is_none() && s.function.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Source {
    /// The formula as nabla reads it (`None` when the function is not a formula, or is too large
    /// to print).
    pub formula: Option<String>,
    /// The function when it is not a formula, in words (`python function f`).
    pub function: Option<String>,
    /// The gradient checked when it is not nabla's exact one, in words (`python function grad`).
    pub gradient: Option<String>,
}

impl Source {
    /// A function and its gradient given as code, each described in words.
    ///
    /// ```
    /// let s = nabla::Source::code("python function f", "python function grad");
    /// assert_eq!((s.formula, s.gradient.as_deref()), (None, Some("python function grad")));
    /// ```
    pub fn code(function: &str, gradient: &str) -> Source {
        Source {
            formula: None,
            function: Some(function.to_string()),
            gradient: Some(gradient.to_string()),
        }
    }
}

/// A function with a gradient to check by central differences.
///
/// Implementations keep their scratch space between calls. Points have
/// `input_names().len()` coordinates; the gradient has one entry per element of `partials()`.
///
/// ```
/// use nabla::{check_objective, CheckError, CheckOptions, Objective};
/// /// f(x) = x^3 with a gradient that forgot the 3.
/// struct Cube;
/// impl Objective for Cube {
///     fn input_names(&self) -> Vec<String> { vec!["x".into()] }
///     fn partials(&self) -> Vec<(String, usize)> { vec![("x".into(), 0)] }
///     fn value_grad(&mut self, x: &[f64], g: &mut [f64]) -> Result<f64, CheckError> {
///         g[0] = x[0] * x[0];
///         self.value(x)
///     }
///     fn value(&mut self, x: &[f64]) -> Result<f64, CheckError> { Ok(x[0].powi(3)) }
/// }
/// let r = check_objective(&mut Cube, &[vec![2.0]], &CheckOptions::default()).unwrap();
/// assert_eq!(r.summary.disagree, 1);
/// ```
pub trait Objective {
    /// The names of the inputs, in order.
    fn input_names(&self) -> Vec<String>;

    /// The partials the gradient holds, in order: each one's name and the input it is taken in.
    fn partials(&self) -> Vec<(String, usize)>;

    /// Where the function and gradient come from (nothing known by default).
    fn source(&self) -> Source {
        Source::default()
    }

    /// `f(x)`, writing the gradient to check into `grad` (one entry per partial).
    fn value_grad(&mut self, x: &[f64], grad: &mut [f64]) -> Result<f64, CheckError>;

    /// `f(x)` in double precision.
    fn value(&mut self, x: &[f64]) -> Result<f64, CheckError>;

    /// `f(x)` in single precision; by default [`CheckError::SinglePrecision`].
    fn value_f32(&mut self, x: &[f32]) -> Result<f32, CheckError> {
        let _ = x;
        Err(CheckError::SinglePrecision)
    }

    /// The scale of the rounding error of `f` at `x`, whose value is `value`: `f` evaluated with
    /// every sum and product taken in absolute value, where the formula is known. `None` (the
    /// default) when it is not: the check then takes `|f(x)|` for rounding, and for the natural
    /// size of a derivative the larger of `|f(x)|` and `f`'s curvature along the line, each per
    /// unit of `x_i`.
    fn magnitude(&mut self, x: &[f64], value: f64) -> Option<f64> {
        let _ = (x, value);
        None
    }

    /// A non-smooth or singular point within two steps `h` of `x` along input `input`, as a
    /// reason (`None` when there is none). `values` holds `f(x + k h e_input)` for
    /// `k = -2..=2` in double precision; `atol` is the check's absolute tolerance. By default
    /// the values alone decide ([`kink_from_values`]).
    fn kink(
        &mut self,
        x: &[f64],
        input: usize,
        h: f64,
        values: &[f64; 5],
        atol: f64,
    ) -> Option<String> {
        let _ = (x, input);
        kink_from_values(values, h, atol)
    }
}

/// A relative jump in slope below which five values are read as smooth (see
/// [`kink_from_values`]).
const KINK_RELATIVE: f64 = 1e-4;

/// The smallest slope change relative to the largest one that still reads as a jump (a smooth
/// function changes its slope by about the same amount across each step).
const KINK_FLAT: f64 = 1e-2;

/// A kink (a jump in the slope) or a jump of `f` seen in five values `f(x + k h)`,
/// `k = -2..=2`, of a function known only by its values.
///
/// The four slopes `d_k = (f_{k+1} - f_k) / h` of a smooth function change by about `h f''`
/// across each step, and their fourth difference `q = (f_0 - 4 f_1 + 6 f_2 - 4 f_3 + f_4) / h`
/// is `h^3 f''''`. A jump `J` in the slope between two samples leaves the slopes on each side
/// nearly constant and makes `|q|` of the order of `J`. So a kink is reported when `|q|` exceeds
/// `atol`, `1e-4` of the largest slope and a generous rounding allowance (`1e3 eps max|f| / h`),
/// and the smallest change of slope is below `1e-2` of the largest (a smooth function's are
/// alike). A kink at one end of the window, or further away, does not touch these five values
/// and does not matter to the differences taken from them. A flat point of very high order
/// (`f' = f'' = f''' = 0`) of a steep function can read as a kink.
///
/// ```
/// use nabla::kink_from_values;
/// let h = 1e-3;
/// let at = |f: &dyn Fn(f64) -> f64, x: f64| [-2.0, -1.0, 0.0, 1.0, 2.0].map(|k| f(x + k * h));
/// assert!(kink_from_values(&at(&|x| x.abs(), 0.0), h, 1e-10).is_some());
/// assert!(kink_from_values(&at(&|x| x.abs(), 0.5e-3), h, 1e-10).is_some());
/// assert!(kink_from_values(&at(&|x| x.sin(), 0.3), h, 1e-10).is_none());
/// assert!(kink_from_values(&at(&|x| x.powi(4), 0.0), h, 1e-10).is_none());
/// ```
pub fn kink_from_values(values: &[f64; 5], h: f64, atol: f64) -> Option<String> {
    if !(values.iter().all(|v| v.is_finite()) && h.is_finite() && h > 0.0) {
        return None;
    }
    let v = values;
    let d = [
        (v[1] - v[0]) / h,
        (v[2] - v[1]) / h,
        (v[3] - v[2]) / h,
        (v[4] - v[3]) / h,
    ];
    let changes = [
        (d[1] - d[0]).abs(),
        (d[2] - d[1]).abs(),
        (d[3] - d[2]).abs(),
    ];
    let q = ((v[0] + v[4]) - 4.0 * (v[1] + v[3]) + 6.0 * v[2]).abs() / h;
    let slope = d.iter().fold(0.0_f64, |m, s| m.max(s.abs()));
    let size = v.iter().fold(0.0_f64, |m, s| m.max(s.abs()));
    let noise = 1e3 * f64::EPSILON * size / h;
    let (least, most) = changes
        .iter()
        .fold((f64::INFINITY, 0.0_f64), |(lo, hi), &c| {
            (lo.min(c), hi.max(c))
        });
    let significant = q > atol.max(KINK_RELATIVE * slope) + noise;
    (significant && least <= KINK_FLAT * most).then(|| tr!("check-kink-values"))
}

/// A compiled formula as an [`Objective`]: its exact gradient (reverse mode), magnitudes and
/// kinks from its graph, and workspaces kept between evaluations.
pub(crate) struct ProblemObjective<'a> {
    f: &'a Problem,
    /// The variables of the formula, in input order.
    vars: &'a [VarId],
    ws_value: Workspace<f64>,
    ws_value_f32: Option<Workspace<f32>>,
    ws_grad: Workspace<f64>,
    /// The value and gradient, `1 + dim` entries.
    grad_out: Vec<f64>,
    sweeper: Sweeper<'a>,
    check_kinks: bool,
    /// Input values by [`VarId::index`], for the graph sweeps.
    by_var: Vec<f64>,
    /// The same, moved along one input.
    moved: Vec<f64>,
    /// Every reached node's value at `x + k h e_i`, `k = -2..=2`.
    samples: Vec<Vec<f64>>,
}

impl<'a> ProblemObjective<'a> {
    pub(crate) fn new(f: &'a Problem) -> ProblemObjective<'a> {
        let formula = f.formula();
        let graph = formula.graph();
        let sweeper = Sweeper::new(graph, &[formula.root()]);
        let check_kinks = sweeper.has_critical_nodes();
        let nodes = sweeper.vals.len();
        let nvars = graph.var_names().len();
        ProblemObjective {
            f,
            vars: formula.vars(),
            ws_value: f.value_tape().workspace::<f64>(),
            ws_value_f32: None,
            ws_grad: f.value_grad_tape().workspace::<f64>(),
            grad_out: vec![0.0; f.dim() + 1],
            sweeper,
            check_kinks,
            by_var: vec![0.0; nvars],
            moved: vec![0.0; nvars],
            samples: if check_kinks {
                vec![vec![0.0; nodes]; 5]
            } else {
                Vec::new()
            },
        }
    }

    fn set_point(&mut self, x: &[f64]) {
        for (k, v) in self.vars.iter().enumerate() {
            self.by_var[v.index()] = x[k];
        }
    }
}

impl Objective for ProblemObjective<'_> {
    fn input_names(&self) -> Vec<String> {
        self.f.input_names().iter().map(|s| s.to_string()).collect()
    }

    fn partials(&self) -> Vec<(String, usize)> {
        // Partial `i` is taken in the input of its variable (all inputs in order, unless the
        // problem differentiates in a subset of them).
        self.f
            .wrt()
            .iter()
            .zip(self.f.wrt_names())
            .map(|(w, name)| {
                let input = self.vars.iter().position(|v| v == w).unwrap_or(0);
                (name.to_string(), input)
            })
            .collect()
    }

    fn source(&self) -> Source {
        Source {
            formula: self.f.formula().to_infix().ok(),
            ..Source::default()
        }
    }

    fn value_grad(&mut self, x: &[f64], grad: &mut [f64]) -> Result<f64, CheckError> {
        self.f
            .value_grad_tape()
            .eval(x, &mut self.ws_grad, &mut self.grad_out)?;
        grad.copy_from_slice(&self.grad_out[1..]);
        Ok(self.grad_out[0])
    }

    fn value(&mut self, x: &[f64]) -> Result<f64, CheckError> {
        let mut out = [0.0];
        self.f.value_tape().eval(x, &mut self.ws_value, &mut out)?;
        Ok(out[0])
    }

    fn value_f32(&mut self, x: &[f32]) -> Result<f32, CheckError> {
        let tape = self.f.value_tape();
        let ws = self
            .ws_value_f32
            .get_or_insert_with(|| tape.workspace::<f32>());
        let mut out = [0.0f32];
        tape.eval(x, ws, &mut out)?;
        Ok(out[0])
    }

    fn magnitude(&mut self, x: &[f64], _value: f64) -> Option<f64> {
        self.set_point(x);
        self.sweeper.run(&self.by_var);
        Some(self.sweeper.magnitude(self.f.formula().root()))
    }

    fn kink(
        &mut self,
        x: &[f64],
        input: usize,
        h: f64,
        _values: &[f64; 5],
        _atol: f64,
    ) -> Option<String> {
        if !self.check_kinks {
            return None;
        }
        self.set_point(x);
        let var = self.vars[input].index();
        for (s, k) in self.samples.iter_mut().zip(-2i32..=2) {
            self.moved.copy_from_slice(&self.by_var);
            self.moved[var] = x[input] + f64::from(k) * h;
            self.sweeper.run(&self.moved);
            s.copy_from_slice(&self.sweeper.vals);
        }
        find_kink(self.f.formula().graph(), &self.sweeper.mask, &self.samples)
    }
}

/// A function and its gradient given as closures, as an [`Objective`]: a function without a
/// formula (a person's own code). Kinks are found from its values ([`kink_from_values`]); it
/// evaluates in double precision only.
///
/// `f(x)` returns the value; `g(x, grad)` writes the gradient (one entry per input). Either may
/// fail with a [`CheckError`] (for instance [`CheckError::Function`]), which ends the check.
///
/// ```
/// use nabla::{check_objective, CheckOptions, FnObjective};
/// // (1/16) x^2 + 9 y^2 with a gradient whose second entry has the wrong sign.
/// let mut obj = FnObjective::new(
///     vec!["x".into(), "y".into()],
///     |p: &[f64]| Ok(p[0] * p[0] / 16.0 + 9.0 * p[1] * p[1]),
///     |p: &[f64], g: &mut [f64]| {
///         g[0] = p[0] / 8.0;
///         g[1] = -18.0 * p[1];
///         Ok(())
///     },
/// );
/// let r = check_objective(&mut obj, &[vec![2.0, 3.0]], &CheckOptions::default()).unwrap();
/// assert_eq!((r.summary.agree, r.summary.disagree), (1, 1));
/// ```
pub struct FnObjective<F, G> {
    names: Vec<String>,
    source: Source,
    f: F,
    g: G,
}

impl<F, G> FnObjective<F, G>
where
    F: FnMut(&[f64]) -> Result<f64, CheckError>,
    G: FnMut(&[f64], &mut [f64]) -> Result<(), CheckError>,
{
    /// The function `f` of the inputs `names` with the gradient `g`.
    pub fn new(names: Vec<String>, f: F, g: G) -> FnObjective<F, G> {
        FnObjective {
            names,
            source: Source::default(),
            f,
            g,
        }
    }

    /// The same, recording where the function and gradient come from.
    pub fn with_source(mut self, source: Source) -> FnObjective<F, G> {
        self.source = source;
        self
    }
}

impl<F, G> Objective for FnObjective<F, G>
where
    F: FnMut(&[f64]) -> Result<f64, CheckError>,
    G: FnMut(&[f64], &mut [f64]) -> Result<(), CheckError>,
{
    fn input_names(&self) -> Vec<String> {
        self.names.clone()
    }

    fn partials(&self) -> Vec<(String, usize)> {
        self.names.iter().cloned().zip(0..).collect()
    }

    fn source(&self) -> Source {
        self.source.clone()
    }

    fn value_grad(&mut self, x: &[f64], grad: &mut [f64]) -> Result<f64, CheckError> {
        (self.g)(x, grad)?;
        (self.f)(x)
    }

    fn value(&mut self, x: &[f64]) -> Result<f64, CheckError> {
        (self.f)(x)
    }
}

/// Evaluation of an [`Objective`] in the floating-point type `T` (`f64` or `f32`), for the
/// differences written once for both.
pub(super) trait EvalIn<T> {
    fn eval_in(&mut self, x: &[T]) -> Result<T, CheckError>;
}

impl<O: Objective + ?Sized> EvalIn<f64> for O {
    fn eval_in(&mut self, x: &[f64]) -> Result<f64, CheckError> {
        self.value(x)
    }
}

impl<O: Objective + ?Sized> EvalIn<f32> for O {
    fn eval_in(&mut self, x: &[f32]) -> Result<f32, CheckError> {
        self.value_f32(x)
    }
}

/// `x` in `T` (in the scratch `xt`, which keeps its allocation).
pub(super) fn convert_into<T: Float>(x: &[f64], xt: &mut Vec<T>) {
    xt.clear();
    xt.extend(x.iter().map(|&v| T::from(v).unwrap_or_else(T::nan)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{check_gradient, check_objective, CheckOptions, Step, Verdict};

    /// `f(x + k h)`, `k = -2..=2`.
    fn window(f: impl Fn(f64) -> f64, x: f64, h: f64) -> [f64; 5] {
        [-2.0, -1.0, 0.0, 1.0, 2.0].map(|k| f(x + k * h))
    }

    #[test]
    fn smooth_functions_show_no_kink_at_the_default_step() {
        type Named = (&'static str, fn(f64) -> f64);
        let smooth: [Named; 6] = [
            ("sin", f64::sin),
            ("exp", f64::exp),
            ("x^3", |x| x * x * x),
            ("x^4", |x| x.powi(4)),
            ("1/(1+x^2)", |x| 1.0 / (1.0 + x * x)),
            ("cos(10x)", |x| (10.0 * x).cos()),
        ];
        for (name, f) in smooth {
            for k in -40..=40 {
                let x = f64::from(k) * 0.125;
                let h = Step::Auto.for_coordinate(x);
                assert!(
                    kink_from_values(&window(f, x, h), h, 1e-10).is_none(),
                    "{name} at {x}"
                );
            }
        }
    }

    #[test]
    fn kinks_and_jumps_inside_the_window_are_seen() {
        let h = Step::Auto.for_coordinate(1.0);
        // The kink of |x - c| anywhere strictly inside the window, also under a smooth term.
        for j in -15..=15 {
            let c = f64::from(j) * h / 8.0;
            let f = |x: f64| (x - c).abs() + 0.5 * x * x;
            assert!(
                kink_from_values(&window(f, 0.0, h), h, 1e-10).is_some(),
                "c = {c}"
            );
            let g = |x: f64| if x > c { 1.0 } else { 0.0 };
            assert!(
                kink_from_values(&window(g, 0.0, h), h, 1e-10).is_some(),
                "jump at {c}"
            );
        }
        // max(x, 2x) ties at 0.
        let f = |x: f64| x.max(2.0 * x);
        assert!(kink_from_values(&window(f, h / 3.0, h), h, 1e-10).is_some());
        // Not finite: left to the non-finite checks.
        assert!(kink_from_values(&[1.0, 2.0, f64::NAN, 1.0, 0.0], h, 1e-10).is_none());
    }

    #[test]
    fn closures_check_like_the_formula_they_compute() {
        // The same function as a formula and as closures: the same numbers (the objective
        // differs only in kinks and magnitudes, which do not touch a smooth polynomial here).
        let f = crate::Function::parse("x^2*y + 3*y").unwrap();
        let pts = vec![vec![1.0, 2.0], vec![-3.0, 0.5], vec![0.25, -4.0]];
        let opts = CheckOptions {
            step: Step::Fixed(1e-6),
            ..CheckOptions::default()
        };
        let exact = check_gradient(&f, &pts, &opts).unwrap();
        let mut obj = FnObjective::new(
            vec!["x".into(), "y".into()],
            |p: &[f64]| Ok(p[0] * p[0] * p[1] + 3.0 * p[1]),
            |p: &[f64], g: &mut [f64]| {
                g[0] = 2.0 * p[0] * p[1];
                g[1] = p[0] * p[0] + 3.0;
                Ok(())
            },
        );
        let code = check_objective(&mut obj, &pts, &opts).unwrap();
        for (a, b) in exact.points.iter().zip(&code.points) {
            for (p, q) in a.partials.iter().zip(&b.partials) {
                assert_eq!((p.exact, p.estimate), (q.exact, q.estimate));
                assert_eq!(
                    (&p.verdict, &q.verdict),
                    (&Verdict::Agrees, &Verdict::Agrees)
                );
            }
        }
        assert_eq!(code.vars, ["x", "y"]);
    }

    #[test]
    fn errors_of_the_code_end_the_check() {
        let mut obj = FnObjective::new(
            vec!["x".into()],
            |_: &[f64]| {
                Err(CheckError::Function {
                    message: "boom".into(),
                })
            },
            |_: &[f64], _: &mut [f64]| Ok(()),
        );
        let e = check_objective(&mut obj, &[vec![1.0]], &CheckOptions::default()).unwrap_err();
        assert_eq!(e.to_string(), "boom");
        let f32_opts = CheckOptions {
            precision: crate::Precision::F32,
            ..CheckOptions::default()
        };
        let mut obj = FnObjective::new(
            vec!["x".into()],
            |p: &[f64]| Ok(p[0]),
            |_: &[f64], g: &mut [f64]| {
                g[0] = 1.0;
                Ok(())
            },
        );
        assert_eq!(
            check_objective(&mut obj, &[vec![1.0]], &f32_opts).unwrap_err(),
            CheckError::SinglePrecision
        );
    }
}
