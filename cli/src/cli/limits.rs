//! The documented maximum of every count and size a user can type, and the clap value parsers
//! that enforce them (a value out of range is a usage error, exit 2, naming the range).
//!
//! Invariant: every integer or duration flag of every subcommand goes through one of these
//! parsers, so no typed number reaches an allocation or a `Duration` unchecked. README.md's
//! "Limits" table lists the same numbers.

use std::time::Duration;

/// Most iterations of one optimizer run (`min --iters`, `plot --iters`, a method's `iters=`).
pub const MAX_ITERS: u64 = nabla::optim::MAX_ITERS;
/// Most epochs of a fit.
pub const MAX_EPOCHS: u64 = 10_000_000;
/// Most starts of `min --global`.
pub const MAX_STARTS: u64 = 100_000;
/// Most evaluations of `min --global --evals`.
pub const MAX_EVALS: u64 = 1_000_000_000;
/// Most random points of `check --random`.
pub const MAX_RANDOM_POINTS: u64 = 100_000;
/// Longest wall-clock limit, in seconds (`--time`): about 11.6 days.
pub const MAX_TIME_SECONDS: f64 = 1e6;
/// Most steps (variables and operations) `nabla trace` prints and `nabla graph --dot` exports.
pub const MAX_TRACE_STEPS: usize = 10_000;
/// Longest formula read from a file or standard input, in bytes.
pub const MAX_FORMULA_BYTES: u64 = 16 << 20;

/// A count between `min` and `max`, as a `usize`. Negative and fractional numbers are read as
/// numbers (the flags that take counts accept `-5` as their value) and answered with the range.
pub fn count(min: u64, max: u64) -> impl Fn(&str) -> Result<usize, String> + Clone + Send + Sync {
    move |text: &str| {
        let range = || {
            format!(
                "give a whole number from {} to {}",
                group_digits(min),
                group_digits(max)
            )
        };
        let t = text.trim();
        match t.parse::<i128>() {
            Ok(n) if (i128::from(min)..=i128::from(max)).contains(&n) => {
                usize::try_from(n).map_err(|_| range())
            }
            Ok(_) => Err(format!("`{t}` is out of range; {}", range())),
            Err(_) => Err(format!("`{t}` is not a whole number; {}", range())),
        }
    }
}

/// `100000000` as `100,000,000`.
fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `--time`: a positive number of seconds, at most [`MAX_TIME_SECONDS`].
pub fn seconds(text: &str) -> Result<Duration, String> {
    let t: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds; give e.g. 2.5"))?;
    if !(t.is_finite() && t > 0.0 && t <= MAX_TIME_SECONDS) {
        return Err(format!(
            "the time limit must be more than 0 and at most {MAX_TIME_SECONDS:e} seconds"
        ));
    }
    Ok(Duration::from_secs_f64(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_are_bounded() {
        assert_eq!(seconds("2.5"), Ok(Duration::from_millis(2500)));
        for bad in ["0", "-1", "1e20", "inf", "NaN", "abc"] {
            assert!(seconds(bad).is_err(), "{bad}");
        }
        assert!(seconds("1e6").is_ok());
    }

    #[test]
    fn counts_name_their_range_for_negative_numbers() {
        let iters = count(0, MAX_ITERS);
        assert_eq!(iters("10"), Ok(10));
        assert_eq!(
            iters("-5"),
            Err("`-5` is out of range; give a whole number from 0 to 100,000,000".to_string())
        );
        assert!(iters("1e3").unwrap_err().contains("not a whole number"));
        assert!(iters("100000001").unwrap_err().contains("out of range"));
    }
}
