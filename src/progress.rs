//! Progress of long computations, reported to whoever asked for it: the library defines the
//! [`Progress`] trait and calls it; a front end implements it (the command line draws a bar on
//! standard error) and installs it around the work with [`scope`].
//!
//! A computation that may take long (a fine contour grid, long optimizer runs) makes a
//! [`Counter`] for each of its stages with the stage's total; the counter captures the sink
//! installed on the thread that starts the stage, so the work may then be spread over other
//! threads (rayon) and still report.
//!
//! # Invariants
//!
//! * For one counter, the sink sees `done` strictly increasing, never above `total`, and the last
//!   report of a finished counter has `done == total` (reports are serialized by a lock; a counter
//!   dropped before its end reports nothing more).
//! * Without a sink installed, a counter costs a thread-local read when made and nothing after.
//! * The library never draws anything itself, and nothing here depends on a terminal.

use std::cell::RefCell;
use std::sync::{Arc, Mutex};

/// A stage of a long computation, as reported to a [`Progress`] sink.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Stage {
    /// Evaluating the function on a picture's grid (counts grid points).
    Grid,
    /// Cutting the grid into filled bands or contour lines (counts levels).
    Contours,
    /// Running the optimizers of a plot (counts iterations, all methods together).
    Runs,
}

impl Stage {
    /// What the stage does, in the reader's language (`evaluating the grid`).
    ///
    /// ```
    /// assert_eq!(nabla::progress::Stage::Runs.label(), "running the optimizers");
    /// ```
    pub fn label(self) -> String {
        match self {
            Stage::Grid => crate::tr!("progress-grid"),
            Stage::Contours => crate::tr!("progress-contours"),
            Stage::Runs => crate::tr!("progress-runs"),
        }
    }
}

/// Receives progress reports: `done` of `total` units of `stage` are finished.
pub trait Progress: Send + Sync {
    /// Called with increasing `done`, ending at `total` when the stage completes.
    fn report(&self, stage: Stage, done: u64, total: u64);
}

thread_local! {
    static SINK: RefCell<Option<Arc<dyn Progress>>> = const { RefCell::new(None) };
}

/// Runs `work` with `sink` receiving the progress of the computations it starts on this thread;
/// the sink installed before is restored afterwards.
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use nabla::progress::{scope, Counter, Progress, Stage};
/// #[derive(Default)]
/// struct Log(Mutex<Vec<u64>>);
/// impl Progress for Log {
///     fn report(&self, _: Stage, done: u64, _: u64) {
///         self.0.lock().unwrap().push(done);
///     }
/// }
/// let log = Arc::new(Log::default());
/// scope(log.clone(), || {
///     let c = Counter::new(Stage::Grid, 10);
///     c.add(4);
///     c.add(6);
/// });
/// assert_eq!(*log.0.lock().unwrap(), [4, 10]);
/// ```
pub fn scope<R>(sink: Arc<dyn Progress>, work: impl FnOnce() -> R) -> R {
    struct Restore(Option<Arc<dyn Progress>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let old = self.0.take();
            SINK.with(|s| *s.borrow_mut() = old);
        }
    }
    let old = SINK.with(|s| s.borrow_mut().replace(sink));
    let _restore = Restore(old);
    work()
}

/// Counts the finished units of one stage and reports them to the sink installed on the thread
/// that made it (see [`scope`]); `Sync`, so workers of any thread may add to it.
pub struct Counter {
    stage: Stage,
    total: u64,
    sink: Option<Arc<dyn Progress>>,
    done: Mutex<u64>,
}

impl Counter {
    /// A counter of `total` units of `stage`.
    ///
    /// ```
    /// let c = nabla::progress::Counter::new(nabla::progress::Stage::Contours, 3);
    /// c.add(5); // clamped to the total; without a sink nothing is reported
    /// ```
    pub fn new(stage: Stage, total: u64) -> Counter {
        Counter {
            stage,
            total,
            sink: SINK.with(|s| s.borrow().clone()),
            done: Mutex::new(0),
        }
    }

    /// Adds `n` finished units (the count stops at the total) and reports the new count when it
    /// grew.
    pub fn add(&self, n: u64) {
        let Some(sink) = &self.sink else {
            return;
        };
        // A poisoned lock only means a sink panicked earlier: keep counting.
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        let next = done.saturating_add(n).min(self.total);
        if next > *done {
            *done = next;
            sink.report(self.stage, next, self.total);
        }
    }

    /// Moves the count to `done` (if that is further) and reports it.
    pub fn reach(&self, done: u64) {
        let Some(sink) = &self.sink else {
            return;
        };
        let mut d = self.done.lock().unwrap_or_else(|e| e.into_inner());
        let next = done.min(self.total);
        if next > *d {
            *d = next;
            sink.report(self.stage, next, self.total);
        }
    }

    /// Reports the stage complete (the count moves to the total).
    pub fn finish(&self) {
        self.reach(self.total);
    }
}
