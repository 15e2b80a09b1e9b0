//! [`AnyError`]: every layer's error in one enum, for a function that `?`s across layers.
//!
//! Invariant: the layers' errors compose upward only. The engine's [`Error`] wraps nothing of the
//! solvers; the solvers' errors wrap the engine's; this enum, at the top, wraps them all and is
//! wrapped by nothing in the library.

use crate::optim::OptimError;
use crate::{CertifyError, CheckError, Error};

/// Any error of the library, by layer.
///
/// ```
/// use nabla::{AnyError, Function};
/// fn value(src: &str) -> Result<f64, AnyError> {
///     let mut f = Function::parse(src)?;
///     Ok(f.value(&[2.0]))
/// }
/// assert_eq!(value("x^2").unwrap(), 4.0);
/// assert!(matches!(value("x^"), Err(AnyError::Engine(nabla::Error::Parse(_)))));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AnyError {
    /// The engine: parsing, variables, compiled programs.
    #[error(transparent)]
    Engine(#[from] Error),
    /// A gradient check.
    #[error(transparent)]
    Check(#[from] CheckError),
    /// An optimizer.
    #[error(transparent)]
    Optim(#[from] OptimError),
    /// A certificate.
    #[error(transparent)]
    Certify(#[from] CertifyError),
    /// Fitting.
    #[cfg(feature = "fit")]
    #[error(transparent)]
    Fit(#[from] crate::FitError),
    /// A picture.
    #[cfg(feature = "plot")]
    #[error(transparent)]
    Plot(#[from] crate::plot::PlotError),
}

impl From<crate::ParseError> for AnyError {
    fn from(e: crate::ParseError) -> Self {
        AnyError::Engine(Error::Parse(e))
    }
}
