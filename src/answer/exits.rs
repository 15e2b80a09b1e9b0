//! The exit class of every error a request can end with: which failures are the user's input
//! (exit 2) and which are numerical (exit 1). Decided here, in the library, so that every front
//! end maps an error the same way; the engine's [`Error`] gets its class from this layer (the
//! engine knows nothing of exit codes).

use super::Exit;
use crate::{CheckError, Error};

impl Error {
    /// The exit class of this error: a formula too large to print is a numerical limit (exit 1);
    /// every other engine error is about the input (exit 2).
    ///
    /// ```
    /// use nabla::answer::Exit;
    /// let e = nabla::Formula::parse("x^").map_err(nabla::Error::from).unwrap_err();
    /// assert_eq!(e.exit(), Exit::Usage);
    /// ```
    pub fn exit(&self) -> Exit {
        match self {
            Error::TooLargeToPrint { .. } => Exit::Failure,
            _ => Exit::Usage,
        }
    }
}

impl CheckError {
    /// The exit class: the engine's errors by [`Error::exit`], every other check error is about
    /// the input (a hand formula that does not parse, no point to check, bad options): exit 2.
    pub fn exit(&self) -> Exit {
        match self {
            CheckError::Engine(e) => e.exit(),
            _ => Exit::Usage,
        }
    }
}

#[cfg(feature = "plot")]
impl crate::plot::PlotError {
    /// The exit class: the drawing back end failing (a picture that could not be rendered or
    /// written) is exit 1; every other picture error is about the input (exit 2).
    pub fn exit(&self) -> Exit {
        match self {
            crate::plot::PlotError::Backend { .. } => Exit::Failure,
            _ => Exit::Usage,
        }
    }
}
