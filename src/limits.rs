//! The documented maximum of every count and size a user can ask for, and the checks that enforce
//! them: one table for every front end (the command line's flags, the Python functions), so a
//! count out of range is refused with the same range everywhere. README.md's "Limits" table lists
//! the same numbers.
//!
//! Invariant: every front end checks each user-given count with [`count_in`] and each wall-clock
//! limit with [`seconds`] before it reaches an allocation, a loop bound or a `Duration`.
//!
//! ```
//! use nabla::limits::{count_in, MAX_ITERS};
//! assert_eq!(count_in(300_000, 0, MAX_ITERS), Ok(300_000));
//! assert!(count_in(-5, 0, MAX_ITERS).unwrap_err().contains("100,000,000"));
//! ```

use std::time::Duration;

/// Most iterations of one optimizer run.
pub const MAX_ITERS: u64 = 100_000_000;
/// Most epochs of a fit.
pub const MAX_EPOCHS: u64 = 10_000_000;
/// Most starts of a global search's plain multi-start.
pub const MAX_STARTS: u64 = 100_000;
/// Most evaluations of a global search.
pub const MAX_EVALS: u64 = 1_000_000_000;
/// Most random points of a gradient check.
pub const MAX_RANDOM_POINTS: u64 = 100_000;
/// Longest wall-clock limit, in seconds: about 11.6 days.
pub const MAX_TIME_SECONDS: f64 = 1e6;
/// Most steps (variables and operations) a trace prints and a graph export holds.
pub const MAX_TRACE_STEPS: usize = 10_000;
/// Longest formula read from a file or standard input, in bytes.
pub const MAX_FORMULA_BYTES: u64 = 16 << 20;
/// Most significant digits a printed value can be rounded to (17 digits always print an `f64`
/// exactly, see [`crate::fmt_digits`]).
pub const MAX_DIGITS: u64 = 17;

/// `n` as a count between `min` and `max` (inclusive), or the message that names the range:
/// ``"`-5` is out of range; give a whole number from 0 to 100,000,000"``.
///
/// ```
/// assert_eq!(nabla::limits::count_in(1, 1, 10), Ok(1));
/// assert_eq!(
///     nabla::limits::count_in(11, 1, 10),
///     Err("`11` is out of range; give a whole number from 1 to 10".to_string())
/// );
/// ```
pub fn count_in(n: i128, min: u64, max: u64) -> Result<usize, String> {
    let range = || {
        crate::tr!(
            "limits-whole-number",
            min = group_digits(min),
            max = group_digits(max)
        )
    };
    if (i128::from(min)..=i128::from(max)).contains(&n) {
        usize::try_from(n).map_err(|_| range())
    } else {
        Err(crate::tr!(
            "limits-out-of-range",
            value = n.to_string(),
            range = range()
        ))
    }
}

/// A wall-clock limit of `t` seconds: more than 0 and at most [`MAX_TIME_SECONDS`], or the
/// message that says so.
///
/// ```
/// use std::time::Duration;
/// assert_eq!(nabla::limits::seconds(2.5), Ok(Duration::from_millis(2500)));
/// assert!(nabla::limits::seconds(0.0).is_err());
/// assert!(nabla::limits::seconds(f64::NAN).is_err());
/// ```
pub fn seconds(t: f64) -> Result<Duration, String> {
    if !(t.is_finite() && t > 0.0 && t <= MAX_TIME_SECONDS) {
        return Err(crate::tr!(
            "limits-time",
            max = format!("{MAX_TIME_SECONDS:e}")
        ));
    }
    Ok(Duration::from_secs_f64(t))
}

/// `100000000` as `100,000,000`.
///
/// ```
/// assert_eq!(nabla::limits::group_digits(100_000_000), "100,000,000");
/// assert_eq!(nabla::limits::group_digits(0), "0");
/// ```
pub fn group_digits(n: u64) -> String {
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
