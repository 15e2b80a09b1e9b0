//! The limits of `nabla serve`, in one table: the constants every part of the server reads, the
//! values a run may override with flags, and [`Limits::to_json`], which `GET /api/limits` returns
//! and the page shows. README.md's "Limits" table lists the same numbers.
//!
//! Invariants: every request is bounded in bytes read (header and body), in time (reading it, and
//! the child process that computes the answer), in bytes kept from the child's output, and in
//! how many run at once; each bound that a request crosses is a 4xx (or 503) JSON error that says
//! how to stay inside it, never a crash or an unbounded wait. The CLI's own maxima (iterations,
//! grid, picture size, random points) still apply: the child enforces them, and its usage error
//! comes back as a 400.

use std::time::Duration;

use serde_json::{json, Value};

/// Largest request body, in bytes (the JSON object with the formula and the options).
pub const MAX_BODY_BYTES: usize = 64 << 10;
/// Largest request body of `/api/fit`, whose `data` holds the CSV text: about 15,000 rows of
/// two numbers, beyond the 10,000 rows whose residuals the answer carries.
pub const MAX_FIT_BODY_BYTES: usize = 256 << 10;
/// Longest formula inside the body, in bytes.
pub const MAX_FORMULA_BYTES: usize = 32 << 10;
/// Most bytes kept from a child's standard output, and from its standard error; a child that
/// writes more is stopped and the request gets a 422.
pub const MAX_OUTPUT_BYTES: usize = 8 << 20;
/// Default wall-clock budget of one computation in seconds (`--budget`); past it the child is
/// killed.
pub const DEFAULT_BUDGET_SECONDS: &str = "10";
/// Longest `--budget` a server may be given, in seconds.
pub const MAX_BUDGET_SECONDS: f64 = 600.0;
/// Default seconds a client has to send a request's header and, separately, its body
/// (`--read-timeout`).
pub const DEFAULT_READ_TIMEOUT_SECONDS: &str = "10";
/// Default number of requests that may wait for a free computation slot (`--queue`); one more
/// gets 503 with `Retry-After`. A request waits at most its budget for a slot.
pub const DEFAULT_QUEUE: usize = 64;
/// Seconds a 503 "busy" answer asks the client to wait (`Retry-After`).
pub const RETRY_AFTER_SECONDS: u64 = 1;
/// Open connections at once, all clients together; one more closes the least recently active
/// idle connection, or is closed itself when every open one is busy ([`super::conns`]).
pub const MAX_CONNECTIONS: usize = 256;
/// Open connections of one client (an IPv4 address, or an IPv6 /64); one more closes that
/// client's least recently active idle connection, or is closed itself when they are all busy.
/// A browser opens at most 6 per server.
pub const MAX_CONNECTIONS_PER_CLIENT: usize = 32;
/// Open connections past which the server is under pressure, and idle connections get
/// [`PRESSURE_IDLE`] instead of the read timeout.
pub const PRESSURE_CONNECTIONS: usize = MAX_CONNECTIONS / 2;
/// Under pressure, how long a connection may stay idle (kept alive between requests, or still
/// sending its header) before it is closed.
pub const PRESSURE_IDLE: Duration = Duration::from_secs(1);
/// How often idle connections are looked at under pressure.
pub const PRESSURE_TICK: Duration = Duration::from_millis(250);
/// Longest life of one connection (keep-alive included): a client that never reads its answer
/// cannot hold the connection and its buffers for ever.
pub const CONNECTION_LIFETIME: Duration = Duration::from_secs(120);
/// Most bytes of address space one child process may map (Unix): a request that would need more
/// memory fails in the child (its allocation fails), not in the server.
pub const CHILD_ADDRESS_SPACE: u64 = 4 << 30;
/// What a child counts for in the total memory budget until it is measured holding more: a
/// computation of the page's size holds 4 to 12 MiB.
pub const CHILD_RESERVE: u64 = 64 << 20;
/// Smallest total memory budget (`--max-memory`), in MiB: one child's reserve.
pub const MIN_MEMORY_MIB: u64 = CHILD_RESERVE >> 20;
/// Largest total memory budget (`--max-memory`), in MiB (1 TiB).
pub const MAX_MEMORY_MIB: u64 = 1 << 20;
/// How often the running children's memory is measured against the total budget while they
/// hold at most half of it.
pub const MEMORY_TICK: Duration = Duration::from_millis(50);
/// How often it is measured once they hold more than half of it (a child may allocate a few
/// hundred MiB in 50 ms).
pub const MEMORY_TICK_NEAR: Duration = Duration::from_millis(10);
/// Time given to running requests to finish after Ctrl-C before the server exits.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The largest body `POST /api/{cmd}` takes: [`MAX_FIT_BODY_BYTES`] for `fit`,
/// [`MAX_BODY_BYTES`] otherwise.
///
/// ```ignore
/// assert_eq!(max_body_bytes("fit"), MAX_FIT_BODY_BYTES);
/// ```
pub fn max_body_bytes(cmd: &str) -> usize {
    if cmd == "fit" {
        MAX_FIT_BODY_BYTES
    } else {
        MAX_BODY_BYTES
    }
}

/// The limits of one running server: the constants above plus the values its flags chose.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Wall-clock budget of one computation.
    pub budget: Duration,
    /// Child processes computing at once (one core each).
    pub jobs: usize,
    /// Time to send the request header, and then the body.
    pub read_timeout: Duration,
    /// Requests that may wait for a slot.
    pub queue: usize,
    /// Total memory of the children running at once, in bytes.
    pub memory: u64,
}

impl Limits {
    /// The limits as `GET /api/limits` returns them: every number with its unit in the key.
    ///
    /// ```ignore
    /// let l = Limits { budget: Duration::from_secs(10), jobs: 2, read_timeout: Duration::from_secs(10), queue: 64, memory: 8 << 30 };
    /// assert_eq!(l.to_json()["budget_seconds"], 10.0);
    /// ```
    pub fn to_json(self) -> Value {
        json!({
            "body_bytes": MAX_BODY_BYTES,
            "fit_body_bytes": MAX_FIT_BODY_BYTES,
            "formula_bytes": MAX_FORMULA_BYTES,
            "output_bytes": MAX_OUTPUT_BYTES,
            "budget_seconds": self.budget.as_secs_f64(),
            "jobs": self.jobs,
            "queue": self.queue,
            "read_timeout_seconds": self.read_timeout.as_secs_f64(),
            "connections": MAX_CONNECTIONS,
            "connections_per_client": MAX_CONNECTIONS_PER_CLIENT,
            "pressure_connections": PRESSURE_CONNECTIONS,
            "pressure_idle_seconds": PRESSURE_IDLE.as_secs_f64(),
            "connection_lifetime_seconds": CONNECTION_LIFETIME.as_secs_f64(),
            "child_address_space_bytes": CHILD_ADDRESS_SPACE,
            "memory_budget_bytes": self.memory,
            "child_reserve_bytes": CHILD_RESERVE,
            "cli": {
                "iters": crate::cli::limits::MAX_ITERS,
                "epochs": crate::cli::limits::MAX_EPOCHS,
                "fit_residual_rows": nabla::answer::MAX_ANSWER_RESIDUALS,
                "starts": crate::cli::limits::MAX_STARTS,
                "evals": crate::cli::limits::MAX_EVALS,
                "random_points": crate::cli::limits::MAX_RANDOM_POINTS,
                "grid": nabla::plot::MAX_GRID,
                "surface_grid": nabla::plot::MAX_SURFACE_GRID,
                "picture_side": nabla::plot::MAX_SIDE,
                "picture_pixels": nabla::plot::MAX_PIXELS,
            },
        })
    }
}

/// `--budget` and `--read-timeout`: a positive number of seconds, at most [`MAX_BUDGET_SECONDS`].
pub fn seconds(text: &str) -> Result<Duration, String> {
    let t: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds; give e.g. 10"))?;
    if !(t.is_finite() && t > 0.0 && t <= MAX_BUDGET_SECONDS) {
        return Err(format!(
            "give more than 0 and at most {MAX_BUDGET_SECONDS} seconds, e.g. 10"
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
        for bad in ["0", "-1", "601", "inf", "NaN", "ten"] {
            assert!(seconds(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_table_names_every_limit() {
        let l = Limits {
            budget: Duration::from_secs(10),
            jobs: 2,
            read_timeout: Duration::from_secs(3),
            queue: 5,
            memory: 1 << 30,
        };
        let v = l.to_json();
        assert_eq!(v["budget_seconds"], 10.0);
        assert_eq!(v["jobs"], 2);
        assert_eq!(v["read_timeout_seconds"], 3.0);
        assert_eq!(v["queue"], 5);
        assert_eq!(v["memory_budget_bytes"], 1u64 << 30);
        assert_eq!(v["body_bytes"], MAX_BODY_BYTES);
        assert_eq!(v["fit_body_bytes"], MAX_FIT_BODY_BYTES);
        assert_eq!(max_body_bytes("fit"), MAX_FIT_BODY_BYTES);
        assert_eq!(max_body_bytes("grad"), MAX_BODY_BYTES);
        assert_eq!(v["cli"]["iters"], crate::cli::limits::MAX_ITERS);
    }
}
