//! Tick labels: one number format per axis ([`TickFormat`]), so an axis never mixes `50000`
//! with `1.5e5`, and the tick at zero reads `0`, never `-2.78e-17`; decade labels of a log colour
//! bar in one form ([`decade_labels`]).
//!
//! Invariants: labels are pure functions of the tick values; a value is snapped to the ticks'
//! step before it is written, so rounding noise in the tick positions never shows.

use super::style::{fmt_num, nice_ticks};

/// One number format for every tick label of an axis: each value is snapped to the ticks' step
/// (so the tick at `0` reads `0`, never `-2.78e-17`), and all labels are fixed-point with the
/// decimals the step needs (`-0.5`, `0`, `0.5`, `1.0`), or all in exponent form when the axis
/// reaches `1e5` or stays under `1e-3` (`0`, `5e4`, `1e5`, `1.5e5`; never `50000` beside `1.5e5`).
///
/// Charts build it with [`TickFormat::for_axis`] from the range and label count they give
/// plotters (`x_labels(n)`), and pass `|v| fmt.label(*v)` as the label formatter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct TickFormat {
    step: f64,
    sci: bool,
    decimals: usize,
}

impl TickFormat {
    /// The format for the labels plotters draws on a linear axis over `lo..hi` when asked for
    /// at most `labels` of them (plotters' own choice of tick values).
    pub(crate) fn for_axis(lo: f64, hi: f64, labels: usize) -> TickFormat {
        use plotters::coord::ranged1d::Ranged;
        use plotters::coord::types::RangedCoordf64;
        let ticks = if lo.is_finite() && hi.is_finite() && lo < hi && labels > 0 {
            RangedCoordf64::from(lo..hi).key_points(labels)
        } else {
            Vec::new()
        };
        if ticks.len() >= 2 {
            TickFormat::for_ticks(&ticks)
        } else {
            TickFormat::for_ticks(&nice_ticks(lo, hi, labels.max(2)))
        }
    }

    /// The format for exactly these tick values (evenly spaced, as an axis's are).
    pub(crate) fn for_ticks(ticks: &[f64]) -> TickFormat {
        let mut t: Vec<f64> = ticks.iter().copied().filter(|v| v.is_finite()).collect();
        t.sort_by(f64::total_cmp);
        let gaps = t.windows(2).map(|w| w[1] - w[0]).filter(|d| *d > 0.0);
        let mut step = gaps.fold(f64::INFINITY, f64::min);
        if !step.is_finite() {
            step = t.first().map_or(1.0, |v| v.abs());
        }
        if !(step > 0.0 && step.is_finite()) {
            step = 1.0;
        }
        // The step is 1, 2 or 5 times a power of ten up to rounding: take the round value.
        let mag = 10f64.powf(step.log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .iter()
            .map(|m| m * mag)
            .min_by(|a, b| (a - step).abs().total_cmp(&(b - step).abs()))
            .unwrap_or(step);
        let snapped = |v: f64| (v / step).round() * step;
        let top = t.iter().map(|v| snapped(*v).abs()).fold(0.0, f64::max);
        let sci = top >= 1e5 || (top > 0.0 && top < 1e-3);
        TickFormat {
            step,
            sci,
            decimals: decimals_for(step),
        }
    }

    /// The label of tick value `v`.
    pub(crate) fn label(&self, v: f64) -> String {
        if !v.is_finite() {
            return format!("{v}");
        }
        let r = (v / self.step).round() * self.step;
        if r.abs() < 1e-6 * self.step || r == 0.0 {
            return "0".to_string();
        }
        if self.sci {
            let e = r.abs().log10().floor();
            let m = r / 10f64.powf(e);
            // Mantissa digits: as many as the step has at this exponent.
            let d = decimals_for(self.step / 10f64.powf(e)).min(6);
            let (m, e) = if format!("{:.d$}", m.abs()).starts_with("10") {
                (m / 10.0, e + 1.0)
            } else {
                (m, e)
            };
            format!("{}e{}", trim_zeros(&format!("{m:.d$}")), e as i64)
        } else {
            let d = self.decimals;
            format!("{r:.d$}")
        }
    }
}

/// Decimals that show every multiple of `step` exactly (`0.5`: 1, `0.25`: 2, `20`: 0).
fn decimals_for(step: f64) -> usize {
    (0..=15)
        .find(|d| {
            let s = step * 10f64.powi(*d);
            (s - s.round()).abs() <= 1e-6 * s.max(1.0)
        })
        .map_or(15, |d| usize::try_from(d).unwrap_or(15))
}

/// Labels of ticks at powers of ten, in one form: plain (`0.01`, `1`, `100`) when they all lie
/// in `[1e-3, 1e5)`, else all in exponent form (`1e-2`, `1e0`, `1e6`).
pub(crate) fn decade_labels(values: &[f64]) -> Vec<String> {
    let plain = values
        .iter()
        .all(|v| (1e-3..1e5).contains(&v.abs()) || *v == 0.0);
    values
        .iter()
        .map(|v| {
            if plain || *v == 0.0 {
                fmt_num(*v)
            } else {
                format!("1e{}", v.abs().log10().round() as i64)
            }
        })
        .collect()
}

/// One label form for every tick of a log axis drawn in log10 space (a tick at `v` stands for
/// `10^v`): only whole decades are labelled (plotters may put ticks at half decades; they keep
/// their mark but no label, so `316` never stands beside `1e3`), all plain (`0.01`, `1`,
/// `1000`) when the axis lies within `[1e-3, 1e5)`, else all in exponent form (`1e-13`, `1e5`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct LogTickFormat {
    plain: bool,
}

impl LogTickFormat {
    /// The format of a log axis over the exponents `lo..hi` (log10 of its ends).
    pub(crate) fn for_axis(lo: f64, hi: f64) -> LogTickFormat {
        LogTickFormat {
            plain: lo.is_finite() && hi.is_finite() && lo >= -3.0 - 1e-9 && hi < 5.0 - 1e-9,
        }
    }

    /// The label of the tick at exponent `v`; empty between whole decades.
    pub(crate) fn label(&self, v: f64) -> String {
        let r = v.round();
        if !v.is_finite() || (v - r).abs() > 1e-9 {
            return String::new();
        }
        if self.plain {
            fmt_num(10f64.powf(r))
        } else {
            format!("1e{}", r as i64)
        }
    }
}

/// `s` without trailing zeros after a decimal point (`1.50` is `1.5`, `2.0` is `2`).
fn trim_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_tick_format_per_axis() {
        // Hand-picked tick sets, with the rounding noise plotters' key points carry.
        let f = TickFormat::for_ticks(&[-1.0, -0.5, -2.7755575615628914e-17, 0.5, 1.0, 1.5]);
        let labels: Vec<String> = [-1.0, -0.5, -2.7755575615628914e-17, 0.5, 1.0, 1.5]
            .iter()
            .map(|v| f.label(*v))
            .collect();
        assert_eq!(labels, ["-1.0", "-0.5", "0", "0.5", "1.0", "1.5"]);
        let big = [0.0, 50000.0, 100000.0, 150000.0, 200000.0];
        let f = TickFormat::for_ticks(&big);
        let labels: Vec<String> = big.iter().map(|v| f.label(*v)).collect();
        assert_eq!(labels, ["0", "5e4", "1e5", "1.5e5", "2e5"]);
        let f = TickFormat::for_ticks(&[-4.0, -2.0, 0.0, 2.0, 4.0]);
        assert_eq!(f.label(-4.0), "-4");
        assert_eq!(f.label(1e-17), "0");
        // plotters puts at most 9 ticks on -1.1..1.3 every 0.5 (0.2 would give 12).
        let f = TickFormat::for_axis(-1.1, 1.3, 9);
        assert_eq!(f.label(0.5 + 1e-16), "0.5");
        assert_eq!(f.label(-1.0), "-1.0");
        assert_eq!(
            decade_labels(&[0.01, 1.0, 100.0, 1e4, 1e6]),
            ["1e-2", "1e0", "1e2", "1e4", "1e6"]
        );
        assert_eq!(decade_labels(&[0.01, 1.0, 100.0]), ["0.01", "1", "100"]);
    }
    #[test]
    fn log_axes_label_whole_decades_in_one_form() {
        // An iteration axis 1..300000 (log10: 0..5.48): exponent form throughout; the half
        // decade 10^2.5 = 316.2 gets no label.
        let f = LogTickFormat::for_axis(0.0, 5.48);
        assert_eq!(f.label(2.0), "1e2");
        assert_eq!(f.label(5.0), "1e5");
        assert_eq!(f.label(2.5), "");
        // 0.01 .. 1000: plain numbers.
        let f = LogTickFormat::for_axis(-2.0, 3.0);
        assert_eq!(f.label(-2.0), "0.01");
        assert_eq!(f.label(0.0), "1");
        assert_eq!(f.label(3.0 + 1e-12), "1000");
        // A sweep of steps 1e-13 .. 1e-1: exponent form.
        let f = LogTickFormat::for_axis(-13.0, -1.0);
        assert_eq!(f.label(-13.0), "1e-13");
    }
}
