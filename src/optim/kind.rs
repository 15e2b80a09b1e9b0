//! The method names and the settings they read: [`MethodKind`] (with its parser), [`Setting`],
//! and [`HyperParams`] (every setting, unset ones `None`). Invariant: [`MethodKind::settings`] is
//! the one table of which setting each method reads; [`crate::optim::Method`] checks settings
//! against it and `--compare`/`plot` lists name them from it.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::optim::{Method, OptimError, SettingValue};

/// The minimization methods.
///
/// ```
/// use nabla::optim::MethodKind;
/// let k: MethodKind = "l-bfgs".parse().unwrap();
/// assert_eq!(k, MethodKind::Lbfgs);
/// assert_eq!(k.name(), "lbfgs");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum MethodKind {
    /// Plain gradient descent.
    Gd,
    /// Momentum (heavy ball).
    Momentum,
    /// Nesterov accelerated gradient.
    Nesterov,
    /// Adagrad.
    Adagrad,
    /// Adadelta.
    Adadelta,
    /// RMSprop.
    Rmsprop,
    /// Adam.
    Adam,
    /// AdaMax.
    Adamax,
    /// Nadam.
    Nadam,
    /// AMSGrad.
    Amsgrad,
    /// Gradient descent with an Armijo backtracking line search.
    GdArmijo,
    /// L-BFGS with a strong-Wolfe line search.
    Lbfgs,
    /// Newton's method on the exact Hessian (modified when not positive definite).
    Newton,
    /// Nelder-Mead simplex (derivative-free).
    NelderMead,
    /// Levenberg-Marquardt (Moré 1978, MINPACK's `lmder`): least squares on the residuals of a
    /// fit, `model - target` row by row, with their exact Jacobian. It needs residuals, so only
    /// a fit runs it ([`crate::fit`]); minimizing a general function with it is
    /// [`OptimError::NeedsResiduals`]. It is not in [`MethodKind::ALL`] (the minimization
    /// methods) but in [`MethodKind::FIT_ONLY`].
    ///
    /// ```
    /// use nabla::optim::{Method, MethodKind};
    /// let lm = Method::parse("levenberg-marquardt").unwrap();
    /// assert_eq!((lm.kind, lm.name()), (MethodKind::LevenbergMarquardt, "lm"));
    /// assert!(lm.build().is_err());
    /// ```
    LevenbergMarquardt,
    /// Trust-region reflective (Branch, Coleman & Li 1999; `scipy.optimize.least_squares`'
    /// `method='trf'`): least squares on a fit's residuals like [`MethodKind::LevenbergMarquardt`],
    /// with bounds on the parameters ([`crate::FitConfig::bound`]); the method a fit with
    /// bounds runs. Like `lm` it needs residuals, so only a fit runs it
    /// ([`MethodKind::FIT_ONLY`]).
    ///
    /// ```
    /// use nabla::optim::{Method, MethodKind};
    /// let trf = Method::parse("trust-region-reflective").unwrap();
    /// assert_eq!((trf.kind, trf.name()), (MethodKind::TrustRegionReflective, "trf"));
    /// assert!(trf.build().is_err());
    /// ```
    TrustRegionReflective,
}

impl MethodKind {
    /// Every method, in the order of [`Method::NAMES`].
    pub const ALL: [MethodKind; 14] = [
        MethodKind::Gd,
        MethodKind::Momentum,
        MethodKind::Nesterov,
        MethodKind::Adagrad,
        MethodKind::Adadelta,
        MethodKind::Rmsprop,
        MethodKind::Adam,
        MethodKind::Adamax,
        MethodKind::Nadam,
        MethodKind::Amsgrad,
        MethodKind::GdArmijo,
        MethodKind::Lbfgs,
        MethodKind::Newton,
        MethodKind::NelderMead,
    ];

    /// The methods that only a fit runs, because they need residuals: Levenberg-Marquardt and
    /// trust-region reflective.
    pub const FIT_ONLY: [MethodKind; 2] = [
        MethodKind::LevenbergMarquardt,
        MethodKind::TrustRegionReflective,
    ];

    /// Whether only a fit can run this method (it needs residuals; see [`MethodKind::FIT_ONLY`]).
    ///
    /// ```
    /// use nabla::optim::MethodKind;
    /// assert!(MethodKind::LevenbergMarquardt.needs_residuals() && !MethodKind::Lbfgs.needs_residuals());
    /// assert!(MethodKind::TrustRegionReflective.needs_residuals());
    /// ```
    pub fn needs_residuals(self) -> bool {
        matches!(
            self,
            MethodKind::LevenbergMarquardt | MethodKind::TrustRegionReflective
        )
    }

    /// The canonical name.
    ///
    /// ```
    /// assert_eq!(nabla::optim::MethodKind::NelderMead.name(), "nelder-mead");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            MethodKind::Gd => "gd",
            MethodKind::Momentum => "momentum",
            MethodKind::Nesterov => "nesterov",
            MethodKind::Adagrad => "adagrad",
            MethodKind::Adadelta => "adadelta",
            MethodKind::Rmsprop => "rmsprop",
            MethodKind::Adam => "adam",
            MethodKind::Adamax => "adamax",
            MethodKind::Nadam => "nadam",
            MethodKind::Amsgrad => "amsgrad",
            MethodKind::GdArmijo => "gd-armijo",
            MethodKind::Lbfgs => "lbfgs",
            MethodKind::Newton => "newton",
            MethodKind::NelderMead => "nelder-mead",
            MethodKind::LevenbergMarquardt => "lm",
            MethodKind::TrustRegionReflective => "trf",
        }
    }

    /// Whether the method is a first-order update rule (the ones that take `lr` and `decay`).
    ///
    /// ```
    /// use nabla::optim::MethodKind;
    /// assert!(MethodKind::Adam.is_first_order() && !MethodKind::Lbfgs.is_first_order());
    /// ```
    pub fn is_first_order(self) -> bool {
        !matches!(
            self,
            MethodKind::GdArmijo
                | MethodKind::Lbfgs
                | MethodKind::Newton
                | MethodKind::NelderMead
                | MethodKind::LevenbergMarquardt
                | MethodKind::TrustRegionReflective
        )
    }
}

impl MethodKind {
    /// The settings this method reads: the one table of which hyper-parameter applies to which
    /// method (the command line checks against it). Every first-order method reads `lr` and
    /// `decay`; `gd-armijo` reads `lr` as its first trial step; Nelder-Mead reads none.
    ///
    /// ```
    /// use nabla::optim::{MethodKind, Setting};
    /// assert_eq!(MethodKind::Gd.settings(), [Setting::Lr, Setting::Decay]);
    /// assert!(MethodKind::Lbfgs.takes(Setting::Memory) && !MethodKind::Lbfgs.takes(Setting::Lr));
    /// assert!(MethodKind::NelderMead.settings().is_empty());
    /// ```
    pub fn settings(self) -> &'static [Setting] {
        use Setting::*;
        match self {
            MethodKind::Gd => &[Lr, Decay],
            MethodKind::Momentum | MethodKind::Nesterov => &[Lr, Decay, Momentum],
            MethodKind::Adagrad => &[Lr, Decay, Eps, InitialAccumulator],
            MethodKind::Adadelta => &[Lr, Decay, Rho, Eps, InitialAccumulator],
            MethodKind::Rmsprop => &[
                Lr,
                Decay,
                Momentum,
                Alpha,
                Eps,
                InitialAccumulator,
                Centered,
            ],
            MethodKind::Adam | MethodKind::Adamax | MethodKind::Amsgrad => {
                &[Lr, Decay, Beta1, Beta2, Eps]
            }
            MethodKind::Nadam => &[Lr, Decay, Beta1, Beta2, Eps, MomentumDecay],
            MethodKind::GdArmijo => &[Lr, C1],
            MethodKind::Lbfgs => &[Memory, C1, C2],
            MethodKind::Newton => &[C1],
            MethodKind::NelderMead
            | MethodKind::LevenbergMarquardt
            | MethodKind::TrustRegionReflective => &[],
        }
    }

    /// Whether this method reads `setting` (see [`MethodKind::settings`]).
    pub fn takes(self, setting: Setting) -> bool {
        self.settings().contains(&setting)
    }
}

/// The long name of a method that needs residuals, for messages: `Levenberg-Marquardt`,
/// `trust-region reflective`; the canonical name for the others.
pub(crate) fn long_name(kind: MethodKind) -> &'static str {
    match kind {
        MethodKind::LevenbergMarquardt => "Levenberg-Marquardt",
        MethodKind::TrustRegionReflective => "trust-region reflective",
        other => other.name(),
    }
}

impl fmt::Display for MethodKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for MethodKind {
    type Err = OptimError;

    /// Case-insensitive; `_` and `-` are interchangeable; also accepts `sgd`, `l-bfgs`, `neldermead`, `nm`.
    fn from_str(s: &str) -> Result<Self, OptimError> {
        let key = s.trim().to_ascii_lowercase().replace('_', "-");
        let kind = match key.as_str() {
            "gd" | "sgd" => MethodKind::Gd,
            "momentum" => MethodKind::Momentum,
            "nesterov" | "nag" => MethodKind::Nesterov,
            "adagrad" => MethodKind::Adagrad,
            "adadelta" => MethodKind::Adadelta,
            "rmsprop" => MethodKind::Rmsprop,
            "adam" => MethodKind::Adam,
            "adamax" => MethodKind::Adamax,
            "nadam" => MethodKind::Nadam,
            "amsgrad" => MethodKind::Amsgrad,
            "gd-armijo" | "armijo" => MethodKind::GdArmijo,
            "lbfgs" | "l-bfgs" => MethodKind::Lbfgs,
            "newton" => MethodKind::Newton,
            "nelder-mead" | "neldermead" | "nm" => MethodKind::NelderMead,
            "lm" | "levenberg-marquardt" | "lmder" => MethodKind::LevenbergMarquardt,
            "trf" | "trust-region-reflective" => MethodKind::TrustRegionReflective,
            _ => {
                return Err(OptimError::UnknownMethod {
                    name: s.to_string(),
                    valid: Method::NAMES.join(", "),
                })
            }
        };
        Ok(kind)
    }
}

/// One hyper-parameter of [`HyperParams`], by the name users type (`lr`, `beta1`,
/// `initial_accumulator`). [`MethodKind::settings`] says which ones each method reads.
///
/// ```
/// use nabla::optim::{MethodKind, Setting};
/// assert_eq!(Setting::Beta1.name(), "beta1");
/// assert_eq!(Setting::Momentum.methods(), [MethodKind::Momentum, MethodKind::Nesterov, MethodKind::Rmsprop]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Setting {
    /// [`HyperParams::lr`].
    Lr,
    /// [`HyperParams::decay`].
    Decay,
    /// [`HyperParams::momentum`].
    Momentum,
    /// [`HyperParams::beta1`].
    Beta1,
    /// [`HyperParams::beta2`].
    Beta2,
    /// [`HyperParams::rho`].
    Rho,
    /// [`HyperParams::alpha`].
    Alpha,
    /// [`HyperParams::eps`].
    Eps,
    /// [`HyperParams::initial_accumulator`].
    InitialAccumulator,
    /// [`HyperParams::centered`].
    Centered,
    /// [`HyperParams::momentum_decay`].
    MomentumDecay,
    /// [`HyperParams::memory`].
    Memory,
    /// [`HyperParams::c1`].
    C1,
    /// [`HyperParams::c2`].
    C2,
}

impl Setting {
    /// Every setting, in the order of [`HyperParams`]' fields.
    pub const ALL: [Setting; 14] = [
        Setting::Lr,
        Setting::Decay,
        Setting::Momentum,
        Setting::Beta1,
        Setting::Beta2,
        Setting::Rho,
        Setting::Alpha,
        Setting::Eps,
        Setting::InitialAccumulator,
        Setting::Centered,
        Setting::MomentumDecay,
        Setting::Memory,
        Setting::C1,
        Setting::C2,
    ];

    /// The name, as the field of [`HyperParams`] is called.
    pub fn name(self) -> &'static str {
        match self {
            Setting::Lr => "lr",
            Setting::Decay => "decay",
            Setting::Momentum => "momentum",
            Setting::Beta1 => "beta1",
            Setting::Beta2 => "beta2",
            Setting::Rho => "rho",
            Setting::Alpha => "alpha",
            Setting::Eps => "eps",
            Setting::InitialAccumulator => "initial_accumulator",
            Setting::Centered => "centered",
            Setting::MomentumDecay => "momentum_decay",
            Setting::Memory => "memory",
            Setting::C1 => "c1",
            Setting::C2 => "c2",
        }
    }

    /// The setting called `name`: its [`Setting::name`] in any case, with `-` for `_`, or
    /// `init_acc` for [`Setting::InitialAccumulator`]; `None` for anything else.
    ///
    /// ```
    /// use nabla::optim::Setting;
    /// assert_eq!(Setting::named("Beta2"), Some(Setting::Beta2));
    /// assert_eq!(Setting::named("init-acc"), Some(Setting::InitialAccumulator));
    /// assert_eq!(Setting::named("iters"), None);
    /// ```
    pub fn named(name: &str) -> Option<Setting> {
        let key = name.trim().to_ascii_lowercase().replace('-', "_");
        Setting::ALL
            .into_iter()
            .find(|s| s.name() == key || (*s == Setting::InitialAccumulator && key == "init_acc"))
    }

    /// The methods that read this setting, in the order of [`MethodKind::ALL`].
    pub fn methods(self) -> Vec<MethodKind> {
        MethodKind::ALL
            .into_iter()
            .filter(|k| k.takes(self))
            .collect()
    }
}

impl fmt::Display for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Every hyper-parameter of every method; `None` (or `false`) means the method's default (see the module
/// docs). [`Method::build`] ignores the settings a method does not read ([`MethodKind::settings`]);
/// [`Method::check_settings`] makes them an error.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HyperParams {
    /// Step size (first-order methods), or the first trial step of `gd-armijo`.
    pub lr: Option<f64>,
    /// Learning-rate decay: `lr_i = lr / (1 + decay * i)` (first-order methods).
    pub decay: Option<f64>,
    /// Momentum coefficient (momentum, nesterov, rmsprop).
    pub momentum: Option<f64>,
    /// First-moment decay (adam, adamax, nadam, amsgrad).
    pub beta1: Option<f64>,
    /// Second-moment decay (adam, adamax, nadam, amsgrad).
    pub beta2: Option<f64>,
    /// Adadelta's decay of both running averages.
    pub rho: Option<f64>,
    /// RMSprop's decay of the squared gradients (PyTorch `alpha`, the book's `beta`, Keras' `rho`).
    pub alpha: Option<f64>,
    /// The small term in the denominators of the adaptive methods.
    pub eps: Option<f64>,
    /// Value the accumulators start at (adagrad, adadelta, rmsprop).
    pub initial_accumulator: Option<f64>,
    /// Centered RMSprop.
    pub centered: bool,
    /// Nadam's momentum schedule rate `psi`.
    pub momentum_decay: Option<f64>,
    /// L-BFGS memory (number of correction pairs, 1 to [`LBFGS_MAX_MEMORY`](crate::optim::LBFGS_MAX_MEMORY)).
    pub memory: Option<usize>,
    /// Sufficient-decrease constant of the line searches.
    pub c1: Option<f64>,
    /// Curvature constant of the strong-Wolfe search (L-BFGS).
    pub c2: Option<f64>,
}

impl HyperParams {
    /// The settings given (`Some`, or `centered` on), in the order of [`Setting::ALL`].
    ///
    /// ```
    /// use nabla::optim::{HyperParams, Setting};
    /// let p = HyperParams { beta2: Some(0.8), lr: Some(0.1), ..HyperParams::default() };
    /// assert_eq!(p.given(), [Setting::Lr, Setting::Beta2]);
    /// ```
    pub fn given(&self) -> Vec<Setting> {
        Setting::ALL
            .into_iter()
            .filter(|s| self.is_given(*s))
            .collect()
    }

    /// Gives `setting` the value `value`: a number for most settings, a count for `memory`, a
    /// flag for `centered` (a count is also read as a number). Returns `false`, changing
    /// nothing, when the value is of another kind; the range is checked by [`Method::build`].
    ///
    /// ```
    /// use nabla::optim::{HyperParams, Setting, SettingValue};
    /// let mut p = HyperParams::default();
    /// assert!(p.set(Setting::Lr, SettingValue::Number(0.1)));
    /// assert!(p.set(Setting::Memory, SettingValue::Count(5)));
    /// assert!(!p.set(Setting::Centered, SettingValue::Number(1.0)));
    /// assert_eq!((p.lr, p.memory, p.centered), (Some(0.1), Some(5), false));
    /// ```
    pub fn set(&mut self, setting: Setting, value: SettingValue) -> bool {
        use SettingValue::{Count, Flag, Number};
        let number = match (setting, value) {
            (Setting::Memory, Count(n)) => {
                self.memory = Some(n);
                return true;
            }
            (Setting::Centered, Flag(b)) => {
                self.centered = b;
                return true;
            }
            (Setting::Memory | Setting::Centered, _) | (_, Flag(_)) => return false,
            (_, Number(v)) => v,
            (_, Count(n)) => n as f64,
        };
        let field = match setting {
            Setting::Lr => &mut self.lr,
            Setting::Decay => &mut self.decay,
            Setting::Momentum => &mut self.momentum,
            Setting::Beta1 => &mut self.beta1,
            Setting::Beta2 => &mut self.beta2,
            Setting::Rho => &mut self.rho,
            Setting::Alpha => &mut self.alpha,
            Setting::Eps => &mut self.eps,
            Setting::InitialAccumulator => &mut self.initial_accumulator,
            Setting::MomentumDecay => &mut self.momentum_decay,
            Setting::C1 => &mut self.c1,
            Setting::C2 => &mut self.c2,
            Setting::Memory | Setting::Centered => return false,
        };
        *field = Some(number);
        true
    }

    /// Whether `setting` is given (`Some`, or `centered` on).
    pub fn is_given(&self, setting: Setting) -> bool {
        match setting {
            Setting::Lr => self.lr.is_some(),
            Setting::Decay => self.decay.is_some(),
            Setting::Momentum => self.momentum.is_some(),
            Setting::Beta1 => self.beta1.is_some(),
            Setting::Beta2 => self.beta2.is_some(),
            Setting::Rho => self.rho.is_some(),
            Setting::Alpha => self.alpha.is_some(),
            Setting::Eps => self.eps.is_some(),
            Setting::InitialAccumulator => self.initial_accumulator.is_some(),
            Setting::Centered => self.centered,
            Setting::MomentumDecay => self.momentum_decay.is_some(),
            Setting::Memory => self.memory.is_some(),
            Setting::C1 => self.c1.is_some(),
            Setting::C2 => self.c2.is_some(),
        }
    }
}

/// The names of `settings`, comma-separated, or `no settings`.
pub(crate) fn setting_list(settings: &[Setting]) -> String {
    if settings.is_empty() {
        return crate::tr!("min-no-settings");
    }
    settings
        .iter()
        .map(|s| s.name())
        .collect::<Vec<_>>()
        .join(", ")
}
