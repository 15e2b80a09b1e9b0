//! Gradient checking: the exact (reverse-mode) gradient beside central differences, error sweeps
//! for teaching, and verification of gradients people derived by hand.
//!
//! # The estimate and its step
//!
//! The partial `df/dx_i` is estimated with the central difference `(f(x + h e_i) - f(x - h e_i))
//! / (2h)`, written exactly as in the book (chapter 2.4) so that a given step reproduces its
//! printed digits. Its error has two parts: truncation, `h^2 |f'''| / 6`, which falls with `h`,
//! and round-off, about `eps |f| / h`, which rises as `h` falls (`eps = 2^-52` in `f64`). The sum
//! is smallest near `h = cbrt(3 eps |f| / |f'''|)`; with `|f| ~ |f'''|` that is `cbrt(eps) ≈ 6e-6`,
//! and the error there is about `eps^(2/3) ≈ 4e-11` relative. The default step is therefore
//! `h_i = cbrt(eps) * max(|x_i|, 1)`, rounded to the nearest power of two so that `x_i ± h` and
//! `2h` are exact: the only error left is `f`'s own rounding. The same default (chosen for double
//! precision) is used in `f32` mode, to show how it fails there.
//!
//! # When a partial agrees
//!
//! `|a - n| <= atol + rtol * max(|a|, |n|) + fd_error_bound`, with `a` the exact partial, `n` the
//! estimate, [`DEFAULT_RTOL`] and [`DEFAULT_ATOL`] by default. `fd_error_bound` is what the finite
//! difference itself cannot resolve, always computed in `f64`: twice the Richardson estimate of the
//! truncation error, `2 |D(h) - D(2h)|` (for a smooth `f`, `D(2h) - D(h) ≈ 3 c h^2` while the error
//! of `D(h)` is `c h^2`), plus `8 eps M / h` for round-off, where `M` is `f` evaluated with every
//! sum and product taken in absolute value (a first-order bound on the rounding of sums with
//! cancellation). So a correct gradient does not raise a false alarm where `|grad f|` is `1e5` or
//! `1e-8`, while a wrong one (a sign, a factor, a missing term) is off by far more.
//!
//! # Kinks and singular points
//!
//! Before trusting a difference, every non-smooth node the formula reaches (`abs`, `sign`, `step`,
//! `sqrt`, `cbrt`, logarithms, `min`/`max`, division, non-integer or negative powers, `atan2`,
//! `hypot`, `asin`/`acos`, `tan`) is evaluated at `x + k h e_i`, `k = -2..=2`, in one forward sweep
//! over the arena per direction (children precede parents, so nothing recurses). When its argument
//! varies along `e_i` and reaches the critical value (0 for `abs`, a tie for `max`, ±1 for `asin`,
//! ...) the partial is reported as a kink, not a failure. Non-finite values are reported as such.
//!
//! # Functions given as code
//!
//! The central check and the sweep run on any [`Objective`]: a compiled formula (above), or a
//! function and its gradient given as code ([`FnObjective`], a person's Python functions), whose
//! partials are compared with central differences of its values in the same way. Without a
//! graph, kinks are read from the five values `f(x + k h e_i)` the differences take
//! ([`kink_from_values`]), and the rounding scale is `|f|`.
//!
//! # Hand-derived gradients
//!
//! [`verify_gradient`] parses the person's formulas into the function's own graph (sharing
//! variables by name) and compares them with the exact partials at many points;
//! [`verify_gradient_values`] takes the hand partials' values at the points instead (whatever
//! computed them: a person's own gradient code), with the same comparison and diagnosis. Two exact formulas
//! can still differ by rounding, so the tolerance adds `8 eps (M_exact + M_hand)` with `M` as above.
//! A disagreement is explained in words when a simple relation fits every point: opposite sign, a
//! constant factor, the partial of another variable, or a constant offset.
//!
//! # Layout
//!
//! * `options`: the settings ([`CheckOptions`], [`Step`], [`Precision`], [`SampleBox`], the
//!   default tolerances) and [`CheckError`];
//! * `objective`: [`Objective`], what the central check and the sweep run on, for a compiled
//!   formula and for closures ([`FnObjective`]), and [`kink_from_values`];
//! * `central`: [`check_gradient`] and [`check_objective`], the central differences they take
//!   and their [`CheckReport`];
//! * `sweep`: [`sweep`], the error of forward and central differences across steps;
//! * `kink`: the forward sweep over the graph (values and magnitudes of every node) and the
//!   search for non-smooth nodes whose argument reaches its critical value;
//! * `hand`: [`verify_gradient`] and [`verify_gradient_values`], hand-derived partials against
//!   the exact ones, with a [`Diagnosis`] of a disagreement.
//!
//! This file holds the small formatting helpers the reports share.

mod central;
mod hand;
mod kink;
mod objective;
mod options;
mod sweep;

use std::fmt;

use crate::{fmt_number, tr};

pub use central::{
    check_gradient, check_objective, CheckReport, PartialCheck, PointCheck, Summary, Verdict,
};
pub use hand::{
    verify_gradient, verify_gradient_values, Diagnosis, HandComponent, HandPoint, HandReport,
    HandValues, HandVerdict, VerifyOptions,
};
pub(crate) use objective::ProblemObjective;
pub use objective::{kink_from_values, FnObjective, Objective, Source};
pub use options::{
    CheckError, CheckOptions, Precision, SampleBox, Step, DEFAULT_ATOL, DEFAULT_BOX,
    DEFAULT_CHECK_POINTS, DEFAULT_HAND_POINTS, DEFAULT_RTOL,
};
pub use sweep::{sweep, sweep_objective, sweep_steps, SweepColumn, SweepReport};

/// `Some(v)` when `v` is finite.
fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// Formats a number for the tables: shortest round-trip digits, `-` for none.
fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), fmt_number)
}

/// Formats an error with three significant digits.
fn err(v: Option<f64>) -> String {
    match v {
        Some(0.0) => "0".to_string(),
        Some(v) => format!("{v:.2e}"),
        None => "-".to_string(),
    }
}

/// Writes rows as an aligned table (first column left-aligned, the others too, two spaces apart),
/// columns measured in terminal columns so that headers in any language line up.
fn table(f: &mut fmt::Formatter<'_>, rows: &[Vec<String>]) -> fmt::Result {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| crate::i18n::width(s))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            if c + 1 == r.len() {
                line.push_str(cell);
            } else {
                line.push_str(&crate::i18n::pad(cell, widths[c]));
                line.push_str("  ");
            }
        }
        writeln!(f, "{}", line.trim_end())?;
    }
    Ok(())
}

/// `(x, y) = (1, 2)`.
fn point_text(names: &[String], x: &[f64]) -> String {
    let vals: Vec<String> = x.iter().map(|v| fmt_number(*v)).collect();
    format!("({}) = ({})", names.join(", "), vals.join(", "))
}

/// A value that is not finite, in words: NaN (with where it comes from) or an infinity.
fn describe(v: f64) -> String {
    if v.is_nan() {
        tr!("check-nan")
    } else if v > 0.0 {
        tr!("check-pos-inf")
    } else {
        tr!("check-neg-inf")
    }
}

/// The items of a list joined with the language's separator (`, ` or `，`).
fn join_list(items: &[String]) -> String {
    items.join(&tr!("check-list-sep"))
}
