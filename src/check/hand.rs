//! [`verify_gradient`]: hand-derived partials against the exact ones at many points, with a
//! [`Diagnosis`] of a disagreement when a simple relation fits every point.
//!
//! Invariants: every hand formula is parsed and resolved (known variable, one formula per
//! partial, only the function's variables) before any evaluation; the formulas are parsed into
//! a copy of the function's graph, so the function itself is not changed; points where the exact
//! partial is not finite are skipped and counted, never compared.

use std::fmt;

use serde::Serialize;

use super::central::check_points;
use super::kink::Sweeper;
use super::options::{tolerances, CheckError, DEFAULT_ATOL, DEFAULT_RTOL};
use super::{err, finite, join_list, num, point_text};
use crate::graph::NodeId;
use crate::parse::parse_into;
use crate::{fmt_number, tr, Problem};

/// Options of [`verify_gradient`].
///
/// ```
/// use nabla::{verify_gradient, Function, VerifyOptions};
/// let f = Function::parse("sin(x)").unwrap();
/// // A hand derivative that is only approximate: cos x to second order. At x = 0.1 it is off by
/// // about x^4/24 = 4.2e-6, relative to cos 0.1 = 0.995.
/// let hand = [("x", "1 - x^2/2")];
/// let at = [vec![0.1]];
/// let strict = VerifyOptions::default(); // rtol 1e-6
/// assert!(!verify_gradient(&f, &hand, &at, &strict).unwrap().passed());
/// let mut loose = VerifyOptions::default();
/// loose.rtol = 1e-5;
/// assert!(verify_gradient(&f, &hand, &at, &loose).unwrap().passed());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct VerifyOptions {
    /// Relative tolerance.
    pub rtol: f64,
    /// Absolute tolerance.
    pub atol: f64,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        VerifyOptions {
            rtol: DEFAULT_RTOL,
            atol: DEFAULT_ATOL,
        }
    }
}

/// A simple relation between a hand-derived partial and the exact partials that explains a
/// disagreement.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Diagnosis {
    /// The hand formula is the exact partial with the opposite sign.
    OppositeSign,
    /// The hand formula is `factor` times the exact partial.
    Factor {
        /// The factor.
        factor: f64,
    },
    /// The hand formula is the exact partial of another variable.
    Swapped {
        /// That variable.
        with: String,
    },
    /// The hand formula is the exact partial plus a constant.
    Offset {
        /// The constant.
        offset: f64,
    },
}

/// `(p, q)` with small integers when `v` is within `1e-9` relative of `p/q`.
fn simple_fraction(v: f64) -> Option<(f64, i32)> {
    (1..=16_i32).find_map(|q| {
        let p = (v * f64::from(q)).round();
        (p.abs() <= 1000.0 && p != 0.0 && (p / f64::from(q) - v).abs() <= 1e-9 * v.abs())
            .then_some((p, q))
    })
}

/// `v` moved onto a nearby simple fraction (`2.0000000000000004` becomes `2`).
fn snap(v: f64) -> f64 {
    simple_fraction(v).map_or(v, |(p, q)| p / f64::from(q))
}

/// `p/q` with small integers when `v` is close to one, else the number.
fn fraction(v: f64) -> String {
    match simple_fraction(v) {
        Some((p, 1)) => fmt_number(p),
        Some((p, q)) => format!("{}/{q}", fmt_number(p)),
        None => fmt_number(v),
    }
}

impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Diagnosis::OppositeSign => write!(f, "{}", tr!("check-diag-sign")),
            Diagnosis::Factor { factor } => {
                let a = factor.abs();
                let text = if a > 1.0 {
                    tr!(
                        "check-diag-factor-much",
                        factor = fraction(*factor),
                        extra = fraction(a)
                    )
                } else {
                    tr!(
                        "check-diag-factor-missing",
                        factor = fraction(*factor),
                        extra = fraction(1.0 / a)
                    )
                };
                f.write_str(&text)
            }
            Diagnosis::Swapped { with } => write!(f, "{}", tr!("check-diag-swapped", with = with)),
            Diagnosis::Offset { offset } => {
                let offset_text = fraction(offset.abs());
                let text = if *offset < 0.0 {
                    tr!("check-diag-minus", offset = offset_text)
                } else {
                    tr!("check-diag-plus", offset = offset_text)
                };
                f.write_str(&text)
            }
        }
    }
}

/// The outcome for one hand-derived partial.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum HandVerdict {
    /// Agrees with the exact partial at every point compared.
    Agrees,
    /// Disagrees at some point.
    Disagrees,
    /// No point could be compared (the exact partial is not finite at all of them).
    Unchecked,
}

/// The comparison at one point.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct HandPoint {
    /// The point.
    pub point: Vec<f64>,
    /// The exact partial.
    pub exact: Option<f64>,
    /// The hand formula's value.
    pub hand: Option<f64>,
    /// `|exact - hand|`.
    pub abs_error: Option<f64>,
    /// `|exact - hand| / max(|exact|, |hand|)`.
    pub rel_error: Option<f64>,
}

/// One hand-derived partial, verified.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct HandComponent {
    /// The variable.
    pub var: String,
    /// The formula as given.
    pub formula: String,
    /// The exact partial as text (if short enough to print).
    pub exact_formula: Option<String>,
    /// The outcome.
    pub verdict: HandVerdict,
    /// Points compared.
    pub compared: usize,
    /// Points where they disagree.
    pub disagreeing: usize,
    /// Points skipped because the exact partial is not finite there.
    pub skipped: usize,
    /// The worst point (largest difference relative to the tolerance).
    pub worst: Option<HandPoint>,
    /// A simple relation explaining a disagreement, when one fits every point.
    pub diagnosis: Option<Diagnosis>,
}

/// The result of [`verify_gradient`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct HandReport {
    /// The variable names.
    pub vars: Vec<String>,
    /// Number of points.
    pub points: usize,
    /// The options used.
    pub options: VerifyOptions,
    /// One entry per hand formula, in variable order.
    pub components: Vec<HandComponent>,
}

impl HandReport {
    /// When the hand partials all agree once put in another order (each one that disagrees is
    /// another variable's partial, and together they are a rearrangement), that order of the
    /// variables: "your partials agree in the order (w, b)".
    pub fn agreeing_order(&self) -> Option<Vec<String>> {
        if self.passed() || self.components.is_empty() {
            return None;
        }
        let mut order: Vec<String> = Vec::with_capacity(self.components.len());
        for c in &self.components {
            match (c.verdict, &c.diagnosis) {
                (HandVerdict::Agrees, _) => order.push(c.var.clone()),
                (HandVerdict::Disagrees, Some(Diagnosis::Swapped { with })) => {
                    order.push(with.clone())
                }
                _ => return None,
            }
        }
        let mut given: Vec<&String> = self.components.iter().map(|c| &c.var).collect();
        let mut found: Vec<&String> = order.iter().collect();
        given.sort();
        found.sort();
        (given == found).then_some(order)
    }

    /// True when there is a hand formula and every one agrees.
    pub fn passed(&self) -> bool {
        !self.components.is_empty()
            && self
                .components
                .iter()
                .all(|c| c.verdict == HandVerdict::Agrees)
    }
}

/// Compares hand-derived partials with the exact ones at each point.
///
/// `hand` lists `(variable, formula)` pairs; each formula is parsed into the function's graph, so
/// it shares the function's variables by name. A formula that does not parse gives
/// [`CheckError::HandParse`], whose caret points into that formula.
///
/// ```
/// use nabla::{verify_gradient, Diagnosis, Function, VerifyOptions};
/// let f = Function::parse("x^2*y").unwrap();
/// let pts = [vec![1.0, 2.0], vec![-3.0, 0.5]];
/// let ok = verify_gradient(&f, &[("x", "2*x*y"), ("y", "x^2")], &pts, &VerifyOptions::default()).unwrap();
/// assert!(ok.passed());
/// let bad = verify_gradient(&f, &[("x", "x*y")], &pts, &VerifyOptions::default()).unwrap();
/// assert_eq!(bad.components[0].diagnosis, Some(Diagnosis::Factor { factor: 0.5 }));
/// ```
pub fn verify_gradient(
    f: &Problem,
    hand: &[(&str, &str)],
    points: &[Vec<f64>],
    opts: &VerifyOptions,
) -> Result<HandReport, CheckError> {
    tolerances(opts.rtol, opts.atol)?;
    check_points(f.n_inputs(), points)?;
    // Hand partials are named by the differentiation variables; points give every input.
    let names: Vec<String> = f.wrt_names().iter().map(|s| s.to_string()).collect();
    let known = names.join(", ");
    let mut formula = f.formula().clone();
    let vars = formula.vars().to_vec();
    // Resolve every hand formula first, so errors come before any work.
    let mut comps: Vec<(usize, String, NodeId)> = Vec::with_capacity(hand.len());
    for (var, text) in hand {
        let var = var.trim();
        let Some(i) = names.iter().position(|n| n == var) else {
            return Err(CheckError::UnknownPartial {
                var: var.to_string(),
                known,
            });
        };
        if comps.iter().any(|c| c.0 == i) {
            return Err(CheckError::DuplicatePartial {
                var: var.to_string(),
            });
        }
        let parsed =
            parse_into(formula.graph_mut(), text).map_err(|error| CheckError::HandParse {
                var: var.to_string(),
                error,
            })?;
        let g = formula.graph();
        if let Some(v) = g.vars_of(&[parsed.root]).iter().find(|v| !vars.contains(v)) {
            return Err(CheckError::HandUnknownVariable {
                var: var.to_string(),
                name: g.var_name(*v).to_string(),
                known,
            });
        }
        comps.push((i, text.trim().to_string(), parsed.root));
    }
    comps.sort_by_key(|c| c.0);
    let graph = formula.graph();
    let grad = f.gradient_nodes();
    let mut roots: Vec<NodeId> = grad.to_vec();
    roots.extend(comps.iter().map(|c| c.2));
    let mut sweeper = Sweeper::new(graph, &roots);
    let mut by_var = vec![0.0; graph.var_names().len()];
    // values[k][j]: exact partial j at point k; hand[k][c], with magnitudes.
    let mut exact_vals = Vec::with_capacity(points.len());
    let mut hand_vals = Vec::with_capacity(points.len());
    for x in points {
        for (k, v) in vars.iter().enumerate() {
            by_var[v.index()] = x[k];
        }
        sweeper.run(&by_var);
        let e: Vec<(f64, f64)> = grad
            .iter()
            .map(|&id| (sweeper.value(id), sweeper.magnitude(id)))
            .collect();
        let h: Vec<(f64, f64)> = comps
            .iter()
            .map(|c| (sweeper.value(c.2), sweeper.magnitude(c.2)))
            .collect();
        exact_vals.push(e);
        hand_vals.push(h);
    }
    let comps: Vec<(usize, String)> = comps.into_iter().map(|(i, t, _)| (i, t)).collect();
    Ok(compare(
        f,
        &names,
        &comps,
        &exact_vals,
        &hand_vals,
        points,
        opts,
    ))
}

/// Hand-derived partials given by their values at the points, for
/// [`verify_gradient_values`]: what a person's own gradient code computed.
///
/// ```
/// let h = nabla::HandValues::new("x", "my_grad(x)[0]", vec![2.0, -6.0]);
/// assert_eq!(h.values.len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct HandValues {
    /// The variable of the partial (a differentiation variable of the function).
    pub var: String,
    /// How the partial is shown in the report (`my_grad(x)[0]`), in place of a formula.
    pub label: String,
    /// Its value at each point, in the order of the points.
    pub values: Vec<f64>,
}

impl HandValues {
    /// The values of the partial by `var`, shown as `label`.
    pub fn new(var: &str, label: &str, values: Vec<f64>) -> HandValues {
        HandValues {
            var: var.to_string(),
            label: label.to_string(),
            values,
        }
    }
}

/// Compares hand-derived partials given by their values at the points (computed by the person's
/// own code, or any other way) with the exact ones: [`verify_gradient`] without formulas, with
/// the same verdicts and [`Diagnosis`]. The rounding allowance of a hand value is its own size
/// (its computation is unknown).
///
/// ```
/// use nabla::{verify_gradient_values, Diagnosis, Function, HandValues, VerifyOptions};
/// let f = Function::parse("x^2*y").unwrap();
/// let pts = [vec![1.0, 2.0], vec![-3.0, 0.5]];
/// // A gradient function that wrote x*y for df/dx: half the exact 2*x*y.
/// let dx: Vec<f64> = pts.iter().map(|p| p[0] * p[1]).collect();
/// let r = verify_gradient_values(&f, &[HandValues::new("x", "g(x)[0]", dx)], &pts, &VerifyOptions::default()).unwrap();
/// assert_eq!(r.components[0].diagnosis, Some(Diagnosis::Factor { factor: 0.5 }));
/// ```
pub fn verify_gradient_values(
    f: &Problem,
    hand: &[HandValues],
    points: &[Vec<f64>],
    opts: &VerifyOptions,
) -> Result<HandReport, CheckError> {
    tolerances(opts.rtol, opts.atol)?;
    check_points(f.n_inputs(), points)?;
    let names: Vec<String> = f.wrt_names().iter().map(|s| s.to_string()).collect();
    let mut comps: Vec<(usize, String)> = Vec::with_capacity(hand.len());
    let mut order: Vec<usize> = Vec::with_capacity(hand.len());
    for (c, h) in hand.iter().enumerate() {
        let var = h.var.trim();
        let Some(i) = names.iter().position(|n| n == var) else {
            return Err(CheckError::UnknownPartial {
                var: var.to_string(),
                known: names.join(", "),
            });
        };
        if comps.iter().any(|c| c.0 == i) {
            return Err(CheckError::DuplicatePartial {
                var: var.to_string(),
            });
        }
        if h.values.len() != points.len() {
            return Err(CheckError::HandValues {
                var: var.to_string(),
                expected: points.len(),
                found: h.values.len(),
            });
        }
        comps.push((i, h.label.clone()));
        order.push(c);
    }
    order.sort_by_key(|&c| comps[c].0);
    let comps: Vec<(usize, String)> = order.iter().map(|&c| comps[c].clone()).collect();
    let graph = f.formula().graph();
    let vars = f.formula().vars();
    let grad = f.gradient_nodes();
    let mut sweeper = Sweeper::new(graph, grad);
    let mut by_var = vec![0.0; graph.var_names().len()];
    let mut exact_vals = Vec::with_capacity(points.len());
    let mut hand_vals = Vec::with_capacity(points.len());
    for (k, x) in points.iter().enumerate() {
        for (j, v) in vars.iter().enumerate() {
            by_var[v.index()] = x[j];
        }
        sweeper.run(&by_var);
        exact_vals.push(
            grad.iter()
                .map(|&id| (sweeper.value(id), sweeper.magnitude(id)))
                .collect::<Vec<_>>(),
        );
        hand_vals.push(
            order
                .iter()
                .map(|&c| {
                    let v = hand[c].values[k];
                    (v, v.abs())
                })
                .collect::<Vec<_>>(),
        );
    }
    Ok(compare(
        f,
        &names,
        &comps,
        &exact_vals,
        &hand_vals,
        points,
        opts,
    ))
}

/// The comparison both [`verify_gradient`] and [`verify_gradient_values`] make: `comps` holds
/// `(partial index, how it is shown)` in variable order, `exact[k][j]` the exact partial `j`
/// and `hand[k][c]` the hand partial `c` at point `k`, each with its magnitude.
fn compare(
    f: &Problem,
    names: &[String],
    comps: &[(usize, String)],
    exact_vals: &[Vec<(f64, f64)>],
    hand_vals: &[Vec<(f64, f64)>],
    points: &[Vec<f64>],
    opts: &VerifyOptions,
) -> HandReport {
    let graph = f.formula().graph();
    let grad = f.gradient_nodes();
    let tol = |a: f64, b: f64, ma: f64, mb: f64| {
        opts.atol + opts.rtol * a.abs().max(b.abs()) + 8.0 * f64::EPSILON * (ma + mb)
    };
    let components = comps
        .iter()
        .enumerate()
        .map(|(c, (i, text))| {
            let i = *i;
            let mut compared = 0;
            let mut disagreeing = 0;
            let mut skipped = 0;
            let mut worst: Option<(f64, usize)> = None;
            let mut pairs = Vec::new();
            for k in 0..points.len() {
                let (a, ma) = exact_vals[k][i];
                let (b, mb) = hand_vals[k][c];
                if !a.is_finite() {
                    skipped += 1;
                    continue;
                }
                compared += 1;
                let score = if b.is_finite() {
                    pairs.push(k);
                    let t = tol(a, b, ma, mb);
                    let d = (a - b).abs();
                    if t > 0.0 {
                        d / t
                    } else if d > 0.0 {
                        f64::MAX
                    } else {
                        0.0
                    }
                } else {
                    f64::INFINITY
                };
                if score > 1.0 {
                    disagreeing += 1;
                }
                if worst.is_none_or(|(s, _)| score > s) {
                    worst = Some((score, k));
                }
            }
            let verdict = if compared == 0 {
                HandVerdict::Unchecked
            } else if disagreeing == 0 {
                HandVerdict::Agrees
            } else {
                HandVerdict::Disagrees
            };
            let worst = worst.map(|(_, k)| {
                let (a, b) = (exact_vals[k][i].0, hand_vals[k][c].0);
                let d = (a - b).abs();
                let big = a.abs().max(b.abs());
                HandPoint {
                    point: points[k].clone(),
                    exact: finite(a),
                    hand: finite(b),
                    abs_error: finite(d),
                    rel_error: if d == 0.0 {
                        Some(0.0)
                    } else if big > 0.0 {
                        finite(d / big)
                    } else {
                        None
                    },
                }
            });
            let diagnosis = if verdict == HandVerdict::Disagrees {
                diagnose(names, i, c, &pairs, exact_vals, hand_vals, &tol)
            } else {
                None
            };
            HandComponent {
                var: names[i].clone(),
                formula: text.clone(),
                exact_formula: graph.to_infix(grad[i]).ok().filter(|t| t.len() <= 200),
                verdict,
                compared,
                disagreeing,
                skipped,
                worst,
                diagnosis,
            }
        })
        .collect();
    HandReport {
        vars: f.input_names().iter().map(|s| s.to_string()).collect(),
        points: points.len(),
        options: *opts,
        components,
    }
}

/// Looks for a relation `hand = R(exact)` that holds at every compared point.
fn diagnose(
    names: &[String],
    i: usize,
    c: usize,
    pairs: &[usize],
    exact: &[Vec<(f64, f64)>],
    hand: &[Vec<(f64, f64)>],
    tol: &dyn Fn(f64, f64, f64, f64) -> f64,
) -> Option<Diagnosis> {
    if pairs.is_empty() {
        return None;
    }
    let holds = |rel: &dyn Fn(f64) -> f64, j: usize| {
        pairs.iter().all(|&k| {
            let (a, ma) = exact[k][j];
            let (b, mb) = hand[k][c];
            let r = rel(a);
            (r - b).abs() <= 16.0 * tol(r, b, ma.max(r.abs()), mb)
        })
    };
    // Another variable's partial first: partials written in another order are the likelier
    // slip when one also happens to be the negative of this one (`(-3 + w - b)^2`).
    for (j, name) in names.iter().enumerate() {
        if j != i && holds(&|a| a, j) {
            return Some(Diagnosis::Swapped { with: name.clone() });
        }
    }
    if holds(&|a| -a, i) {
        return Some(Diagnosis::OppositeSign);
    }
    // The factor from the point where the exact partial is largest.
    let &kmax = pairs
        .iter()
        .max_by(|&&p, &&q| exact[p][i].0.abs().total_cmp(&exact[q][i].0.abs()))?;
    let (a, b) = (exact[kmax][i].0, hand[kmax][c].0);
    if a != 0.0 {
        let factor = snap(b / a);
        if factor.is_finite() && factor != 0.0 && holds(&|a| factor * a, i) {
            return Some(Diagnosis::Factor { factor });
        }
    }
    let offset = snap(hand[pairs[0]][c].0 - exact[pairs[0]][i].0);
    if offset != 0.0 && holds(&|a| a + offset, i) {
        return Some(Diagnosis::Offset { offset });
    }
    None
}

impl fmt::Display for HandReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}",
            tr!(
                "check-hand-title",
                count = self.points,
                rtol = fmt_number(self.options.rtol),
                atol = fmt_number(self.options.atol)
            )
        )?;
        for c in &self.components {
            writeln!(f)?;
            let verdict = match c.verdict {
                HandVerdict::Agrees => tr!("check-hand-agrees"),
                HandVerdict::Disagrees => tr!(
                    "check-hand-disagrees",
                    disagreeing = c.disagreeing.to_string(),
                    compared = c.compared
                ),
                HandVerdict::Unchecked => tr!("check-hand-unchecked"),
            };
            writeln!(f, "df/d{} = {}", c.var, c.formula)?;
            writeln!(f, "  {verdict}")?;
            if let Some(w) = &c.worst {
                let point = point_text(&self.vars, &w.point);
                let exact = num(w.exact);
                let yours = w
                    .hand
                    .map_or_else(|| tr!("check-hand-not-finite"), fmt_number);
                let (abs, rel) = (err(w.abs_error), err(w.rel_error));
                let line = if c.verdict == HandVerdict::Agrees {
                    tr!(
                        "check-hand-largest",
                        point = point,
                        exact = exact,
                        yours = yours,
                        abs = abs,
                        rel = rel
                    )
                } else {
                    tr!(
                        "check-hand-worst",
                        point = point,
                        exact = exact,
                        yours = yours,
                        abs = abs,
                        rel = rel
                    )
                };
                writeln!(f, "  {line}")?;
            }
            if c.skipped > 0 {
                writeln!(f, "  {}", tr!("check-hand-skipped", count = c.skipped))?;
            }
            if c.verdict == HandVerdict::Disagrees {
                match &c.diagnosis {
                    Some(d) => writeln!(f, "  {d}")?,
                    None => writeln!(f, "  {}", tr!("check-hand-no-diagnosis"))?,
                }
                if let Some(t) = &c.exact_formula {
                    writeln!(f, "  {}", tr!("check-hand-exact-is", formula = t))?;
                }
            }
        }
        writeln!(f)?;
        if let Some(order) = self.agreeing_order() {
            let given: Vec<&str> = self.components.iter().map(|c| c.var.as_str()).collect();
            writeln!(
                f,
                "{}",
                tr!(
                    "check-hand-order",
                    order = order.join(", "),
                    given = given.join(", ")
                )
            )?;
        }
        if self.passed() {
            writeln!(f, "{}", tr!("check-hand-all-agree"))
        } else {
            let bad: Vec<String> = self
                .components
                .iter()
                .filter(|c| c.verdict != HandVerdict::Agrees)
                .map(|c| format!("df/d{}", c.var))
                .collect();
            writeln!(f, "{}", tr!("check-hand-check", partials = join_list(&bad)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Function, SampleBox};

    /// Formulas and the values of the same formulas (as a person's code would compute them)
    /// get the same verdicts and diagnoses.
    #[test]
    fn values_are_diagnosed_like_formulas() {
        let f = Function::parse("(1/16)*x^2 + 9*y^2").unwrap();
        let pts = SampleBox::new(vec![(-5.0, 5.0); 2]).unwrap().sample(50, 3);
        let opts = VerifyOptions::default();
        type Partial = fn(&[f64]) -> f64;
        type Case = ([&'static str; 2], [Partial; 2], [Option<Diagnosis>; 2]);
        let cases: [Case; 4] = [
            (
                ["x/8", "-18*y"],
                [|p| p[0] / 8.0, |p| -18.0 * p[1]],
                [None, Some(Diagnosis::OppositeSign)],
            ),
            (
                ["x/4", "18*y"],
                [|p| p[0] / 4.0, |p| 18.0 * p[1]],
                [Some(Diagnosis::Factor { factor: 2.0 }), None],
            ),
            (
                ["18*y", "x/8"],
                [|p| 18.0 * p[1], |p| p[0] / 8.0],
                [
                    Some(Diagnosis::Swapped { with: "y".into() }),
                    Some(Diagnosis::Swapped { with: "x".into() }),
                ],
            ),
            (
                ["x/8 + 1", "18*y"],
                [|p| p[0] / 8.0 + 1.0, |p| 18.0 * p[1]],
                [Some(Diagnosis::Offset { offset: 1.0 }), None],
            ),
        ];
        for (texts, fns, expected) in cases {
            let by_text =
                verify_gradient(&f, &[("x", texts[0]), ("y", texts[1])], &pts, &opts).unwrap();
            let values: Vec<HandValues> = ["x", "y"]
                .iter()
                .zip(fns)
                .map(|(v, g)| HandValues::new(v, "g", pts.iter().map(|p| g(p)).collect()))
                .collect();
            let by_value = verify_gradient_values(&f, &values, &pts, &opts).unwrap();
            for ((a, b), want) in by_text
                .components
                .iter()
                .zip(&by_value.components)
                .zip(&expected)
            {
                assert_eq!(&a.diagnosis, want, "{texts:?}");
                assert_eq!(
                    (a.verdict, &a.diagnosis),
                    (b.verdict, &b.diagnosis),
                    "{texts:?}"
                );
            }
            assert_eq!(by_text.agreeing_order(), by_value.agreeing_order());
        }
    }

    #[test]
    fn values_must_match_the_points() {
        let f = Function::parse("x*y").unwrap();
        let pts = [vec![1.0, 2.0]];
        let opts = VerifyOptions::default();
        let short = [HandValues::new("x", "g", vec![])];
        assert!(matches!(
            verify_gradient_values(&f, &short, &pts, &opts),
            Err(CheckError::HandValues {
                expected: 1,
                found: 0,
                ..
            })
        ));
        let unknown = [HandValues::new("z", "g", vec![1.0])];
        assert!(matches!(
            verify_gradient_values(&f, &unknown, &pts, &opts),
            Err(CheckError::UnknownPartial { .. })
        ));
        let twice = [
            HandValues::new("x", "g", vec![2.0]),
            HandValues::new("x", "g", vec![2.0]),
        ];
        assert!(matches!(
            verify_gradient_values(&f, &twice, &pts, &opts),
            Err(CheckError::DuplicatePartial { .. })
        ));
    }
}
