//! Bounds on a fit's parameters ([`crate::FitConfig::bound`]): checked against the parameters
//! and the start, resolved into one `[lower, upper]` per parameter for the trust-region
//! reflective solver (`super::trf`), and reported per bounded parameter ([`ParamBounds`]: the
//! bounds and whether the solution is at one of them).
//!
//! Invariants: a resolved lower bound is below its upper bound (`-inf` and `+inf` mean no
//! bound, NaN is refused); a bound names a parameter of the fit, once; the start lies within
//! the bounds (a start outside is a [`FitError::StartOutsideBounds`], never moved silently),
//! and a start on a bound (or within [`START_RSTEP`] of it) is moved strictly inside, as
//! `scipy.optimize.least_squares` moves it, with a note saying so.

use schemars::JsonSchema;
use serde::Serialize;

use super::error::FitError;
use crate::display::fmt_number;

/// How far inside its bounds a start on a bound is moved: `START_RSTEP * max(1, |bound|)`, as
/// `scipy.optimize.least_squares` does (its `make_strictly_feasible` with `rstep = 1e-10`).
pub const START_RSTEP: f64 = 1e-10;

/// Which bound a parameter is at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BoundSide {
    /// The lower bound.
    Lower,
    /// The upper bound.
    Upper,
}

/// A bounded parameter in a fit's report: its bounds, and the bound it ended at, if any.
///
/// ```
/// use nabla::{fit, BoundSide, Dataset, FitConfig};
/// // A constant c fitted to y = 2, 4 has its least-squares value 3; with c <= 1 the sum of
/// // squares (c-2)^2 + (c-4)^2 decreases all the way to the bound, so c = 1 and the bound is
/// // active.
/// let data = Dataset::from_columns("pts", &[("y", vec![2.0, 4.0])]).unwrap();
/// let r = fit("c", &data, &FitConfig::new(&["c"]).bound("c", f64::NEG_INFINITY, 1.0)).unwrap();
/// assert_eq!((r.method.as_str(), r.values[0]), ("trf", 1.0));
/// assert_eq!(r.bounds[0].lower, None);
/// assert_eq!((r.bounds[0].upper, r.bounds[0].active), (Some(1.0), Some(BoundSide::Upper)));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct ParamBounds {
    /// The parameter.
    pub param: String,
    /// Its lower bound (`null`: none).
    pub lower: Option<f64>,
    /// Its upper bound (`null`: none).
    pub upper: Option<f64>,
    /// The bound the learned value is at (`null`: strictly inside, or the fit did not finish).
    pub active: Option<BoundSide>,
}

/// The bounds of every parameter, in parameter order (`-inf`/`+inf` where none is given).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Resolved {
    pub(super) lower: Vec<f64>,
    pub(super) upper: Vec<f64>,
    /// Which parameters were given bounds, in parameter order.
    pub(super) given: Vec<bool>,
}

impl Resolved {
    /// The report's bounded parameters, with the sides they ended at (`active[k]` for
    /// parameter `k`).
    pub(super) fn report(
        &self,
        names: &[String],
        active: &[Option<BoundSide>],
    ) -> Vec<ParamBounds> {
        (0..names.len())
            .filter(|&k| self.given[k])
            .map(|k| ParamBounds {
                param: names[k].clone(),
                lower: Some(self.lower[k]).filter(|v| v.is_finite()),
                upper: Some(self.upper[k]).filter(|v| v.is_finite()),
                active: active.get(k).copied().flatten(),
            })
            .collect()
    }
}

/// One end of a range in messages: `inf`, `-inf`, `NaN` or the number.
fn end_text(v: f64) -> String {
    if v == f64::INFINITY {
        "inf".to_string()
    } else if v == f64::NEG_INFINITY {
        "-inf".to_string()
    } else if v.is_nan() {
        "NaN".to_string()
    } else {
        fmt_number(v)
    }
}

/// `lo..hi` in messages, with `inf` for no bound.
pub(super) fn range_text(lower: f64, upper: f64) -> String {
    format!("{}..{}", end_text(lower), end_text(upper))
}

/// Checks the bounds given by name against the parameters `names` and resolves them.
pub(super) fn resolve(
    bounds: &[(String, f64, f64)],
    names: &[String],
) -> Result<Resolved, FitError> {
    let n = names.len();
    let mut out = Resolved {
        lower: vec![f64::NEG_INFINITY; n],
        upper: vec![f64::INFINITY; n],
        given: vec![false; n],
    };
    for (name, lo, hi) in bounds {
        let Some(k) = names.iter().position(|p| p == name) else {
            return Err(FitError::UnknownBound {
                name: name.clone(),
                params: names.join(", "),
            });
        };
        if out.given[k] {
            return Err(FitError::DuplicateBound { name: name.clone() });
        }
        // NaN fails both comparisons; +inf below or -inf above bounds nothing.
        let valid = *lo < *hi && *lo != f64::INFINITY && *hi != f64::NEG_INFINITY;
        if !valid {
            return Err(FitError::InvalidBounds {
                name: name.clone(),
                lower: *lo,
                upper: *hi,
            });
        }
        out.lower[k] = *lo;
        out.upper[k] = *hi;
        out.given[k] = true;
    }
    Ok(out)
}

/// Checks that the start `x` lies within the bounds (`explicit[k]`: whether parameter `k`'s
/// start was given, for the message) and moves a start on a bound (or within
/// [`START_RSTEP`]` * max(1, |bound|)` of it) strictly inside, returning a note for each one
/// moved.
pub(super) fn feasible_start(
    b: &Resolved,
    names: &[String],
    x: &mut [f64],
    explicit: &[bool],
) -> Result<Vec<String>, FitError> {
    let mut notes = Vec::new();
    for k in 0..x.len() {
        let (lo, hi, v) = (b.lower[k], b.upper[k], x[k]);
        if v < lo || v > hi {
            return Err(FitError::StartOutsideBounds {
                name: names[k].clone(),
                value: v,
                lower: lo,
                upper: hi,
                default: !explicit[k],
            });
        }
        // scipy's make_strictly_feasible(x, lb, ub, rstep=1e-10).
        let lo_tol = START_RSTEP * lo.abs().max(1.0);
        let hi_tol = START_RSTEP * hi.abs().max(1.0);
        let (dlo, dhi) = (v - lo, hi - v);
        let mut moved = if lo.is_finite() && dlo <= dhi.min(lo_tol) {
            Some((lo + lo_tol, crate::tr!("fit-side-lower"), lo))
        } else if hi.is_finite() && dhi <= dlo.min(hi_tol) {
            Some((hi - hi_tol, crate::tr!("fit-side-upper"), hi))
        } else {
            None
        };
        if let Some((to, _, _)) = &mut moved {
            if !(*to > lo && *to < hi) {
                *to = 0.5 * (lo + hi);
            }
        }
        if let Some((to, side, bound)) = moved {
            let on = if v == bound { "on" } else { "near" };
            notes.push(crate::tr!(
                "fit-note-start-moved",
                name = &names[k],
                value = fmt_number(v),
                on = on,
                side = side,
                bound = fmt_number(bound),
                to = fmt_number(to)
            ));
            x[k] = to;
        }
    }
    Ok(notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        vec!["a".to_string(), "b".to_string()]
    }

    #[test]
    fn bounds_resolve_by_name_and_refuse_bad_ones() {
        let r = resolve(&[("b".to_string(), 0.0, f64::INFINITY)], &names()).unwrap();
        assert_eq!(r.lower, [f64::NEG_INFINITY, 0.0]);
        assert_eq!(r.upper, [f64::INFINITY, f64::INFINITY]);
        assert_eq!(r.given, [false, true]);
        let bad = |lo: f64, hi: f64| resolve(&[("a".to_string(), lo, hi)], &names()).is_err();
        assert!(bad(1.0, 1.0) && bad(2.0, 1.0) && bad(f64::NAN, 1.0) && bad(0.0, f64::NAN));
        assert!(bad(f64::INFINITY, f64::INFINITY) && bad(f64::NEG_INFINITY, f64::NEG_INFINITY));
        assert!(!bad(f64::NEG_INFINITY, f64::INFINITY));
        let twice = [("a".to_string(), 0.0, 1.0), ("a".to_string(), 0.0, 2.0)];
        assert!(matches!(
            resolve(&twice, &names()),
            Err(FitError::DuplicateBound { .. })
        ));
        let unknown = [("c".to_string(), 0.0, 1.0)];
        assert!(matches!(
            resolve(&unknown, &names()),
            Err(FitError::UnknownBound { .. })
        ));
    }

    #[test]
    fn a_start_on_a_bound_moves_inside_and_one_outside_is_refused() {
        let r = resolve(&[("b".to_string(), 0.0, 10.0)], &names()).unwrap();
        // On the lower bound 0: moved to 0 + 1e-10 * max(1, 0).
        let mut x = [5.0, 0.0];
        let notes = feasible_start(&r, &names(), &mut x, &[true, true]).unwrap();
        assert_eq!(x, [5.0, 1e-10]);
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].contains("`b` (0) is on its lower bound 0"),
            "{}",
            notes[0]
        );
        // On the upper bound 10: moved to 10 - 1e-10 * 10.
        let mut x = [5.0, 10.0];
        feasible_start(&r, &names(), &mut x, &[true, true]).unwrap();
        assert_eq!(x[1], 10.0 - 1e-9);
        let mut x = [5.0, -1.0];
        let e = feasible_start(&r, &names(), &mut x, &[true, false]).unwrap_err();
        assert!(
            matches!(e, FitError::StartOutsideBounds { default: true, .. }),
            "{e}"
        );
    }
}
