//! The clap value parsers that enforce the documented maximum of every count and size a user can
//! type (the library's table, [`nabla::limits`], re-exported here): a value out of range is a
//! usage error, exit 2, naming the range.
//!
//! Invariant: every integer or duration flag of every subcommand goes through one of these
//! parsers, so no typed number reaches an allocation or a `Duration` unchecked. README.md's
//! "Limits" table lists the same numbers.

use std::time::Duration;

pub use nabla::limits::{
    MAX_DIGITS, MAX_EPOCHS, MAX_EVALS, MAX_FORMULA_BYTES, MAX_ITERS, MAX_RANDOM_POINTS, MAX_STARTS,
    MAX_TRACE_STEPS,
};

/// A count between `min` and `max`, as a `usize`. Negative and fractional numbers are read as
/// numbers (the flags that take counts accept `-5` as their value) and answered with the range
/// (the library's [`nabla::limits::count_in`]).
pub fn count(min: u64, max: u64) -> impl Fn(&str) -> Result<usize, String> + Clone + Send + Sync {
    move |text: &str| {
        let t = text.trim();
        match t.parse::<i128>() {
            Ok(n) => nabla::limits::count_in(n, min, max),
            Err(_) => Err(nabla::tr!(
                "cli-not-whole-number",
                text = t,
                min = nabla::limits::group_digits(min),
                max = nabla::limits::group_digits(max)
            )),
        }
    }
}

/// `--time`: a positive number of seconds, at most [`nabla::limits::MAX_TIME_SECONDS`]
/// ([`nabla::limits::seconds`]).
pub fn seconds(text: &str) -> Result<Duration, String> {
    let t: f64 = text
        .trim()
        .parse()
        .map_err(|_| nabla::tr!("cli-not-seconds", text = text))?;
    nabla::limits::seconds(t)
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
