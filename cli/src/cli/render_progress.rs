//! The progress bar of long renders (`nabla plot` with a fine grid or long runs): the library
//! reports through its [`nabla::progress::Progress`] trait, this file draws the reports with
//! indicatif on standard error.
//!
//! Invariants: nothing is drawn unless standard error is a terminal (tests and pipes capture
//! stderr, and their text must not change), and nothing before the work has run for a second;
//! the bar is cleared when the work ends, so the lines printed after it are as without it.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use nabla::progress::{Progress, Stage};

/// A bar on stderr that follows the stages of one computation.
struct Bar {
    bar: ProgressBar,
    start: Instant,
    /// The stage shown, and whether the bar is drawn yet.
    state: Mutex<(Option<Stage>, bool)>,
}

impl Progress for Bar {
    fn report(&self, stage: Stage, done: u64, total: u64) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.0 != Some(stage) {
            // A new stage starts over: message, length and position at once, then drawn.
            state.0 = Some(stage);
            self.bar.reset();
            self.bar.set_message(stage.label());
            self.bar.set_length(total);
        }
        self.bar.set_position(done);
        if !state.1 && self.start.elapsed() > Duration::from_secs(1) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            state.1 = true;
        }
    }
}

/// Runs `work` with a progress bar on stderr when stderr is a terminal; plainly otherwise.
pub(crate) fn with_bar<R>(work: impl FnOnce() -> R) -> R {
    if !std::io::stderr().is_terminal() {
        return work();
    }
    let bar = ProgressBar::with_draw_target(Some(1), ProgressDrawTarget::hidden());
    if let Ok(style) = ProgressStyle::with_template("{msg}  {bar:40} {pos}/{len}  {elapsed}") {
        bar.set_style(style);
    }
    let sink = Arc::new(Bar {
        bar: bar.clone(),
        start: Instant::now(),
        state: Mutex::new((None, false)),
    });
    let out = nabla::progress::scope(sink, work);
    bar.finish_and_clear();
    out
}
