//! [`Method`] (a method and its settings) with its tests; the method is documented on it. The
//! names and the settings table are in `kind.rs`. Invariants: [`Method::build`] validates every
//! setting it uses, and the tests check [`MethodKind::settings`] against the methods' behaviour.

use std::fmt;
use std::str::FromStr;

/// The most L-BFGS correction pairs a method may keep (each costs two vectors of the problem's
/// dimension; past a few dozen they stop helping).
pub const LBFGS_MAX_MEMORY: usize = 1000;

/// Most iterations of one optimizer run that a front end accepts (`nabla min --iters`, a plot's
/// runs, a method's `iters=`): 100,000,000.
pub const MAX_ITERS: u64 = crate::limits::MAX_ITERS;

use serde::Serialize;

use super::kind::{HyperParams, MethodKind, Setting};
use crate::optim::{
    AdaMax, Adadelta, Adagrad, Adam, AmsGrad, FirstOrder, Gd, GdArmijo, Lbfgs, Momentum, Nadam,
    NelderMead, Nesterov, Newton, OptimError, Optimizer, RmsProp, UpdateRule,
};

/// A method and its settings: what [`minimize`](crate::optim::minimize) runs.
///
/// Choosing a method by name and setting its hyper-parameters: [`MethodKind`] (the names), [`HyperParams`]
/// (every setting, each `None` meaning "the method's default") and [`Method`] (the two together, which
/// [`minimize`](crate::optim::minimize) takes).
///
/// Defaults follow PyTorch unless noted in each method's file: `lr` gd/momentum/nesterov/adagrad/rmsprop
/// 0.01, adadelta 1.0, adam/amsgrad 0.001, adamax/nadam 0.002; `momentum` 0.9 (momentum, nesterov; 0 for
/// rmsprop); `beta1` 0.9, `beta2` 0.999; `rho` (adadelta) 0.9; `alpha` (rmsprop) 0.99; `eps` adam-family
/// and rmsprop 1e-8, adagrad 1e-10, adadelta 1e-6; `decay` 0; `initial_accumulator` 0; L-BFGS `memory` 10;
/// line-search `c1` 1e-4, `c2` 0.9. Invariant: [`Method::build`] validates every setting it uses and
/// returns [`OptimError::InvalidHyperParameter`] instead of running with a nonsensical one.
///
/// ```
/// use nabla::optim::{minimize, FnObjective, Method, StopRule};
/// // f = (x - 3)^2: one minimum, at x = 3.
/// let mut f = FnObjective::new(1, |x: &[f64]| (x[0] - 3.0).powi(2), |x: &[f64], g: &mut [f64]| {
///     g[0] = 2.0 * (x[0] - 3.0);
///     (x[0] - 3.0).powi(2)
/// });
/// // A method chosen by name (as a user would type it), with one setting changed.
/// let method = Method::parse("L-BFGS").unwrap().memory(3);
/// let r = minimize(&mut f, &[0.0], &method, &StopRule::default()).unwrap();
/// assert_eq!(r.method, "lbfgs");
/// assert!((r.x[0] - 3.0).abs() < 1e-8);
/// // A typo is an error that lists the valid names.
/// let err = Method::parse("adma").unwrap_err().to_string();
/// assert!(err.starts_with("unknown method `adma`: use one of gd, momentum"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Method {
    /// Which method.
    pub kind: MethodKind,
    /// Its settings.
    pub params: HyperParams,
}

macro_rules! setter {
    ($($(#[$doc:meta])+ $name:ident: $ty:ty),* $(,)?) => {
        $(
            $(#[$doc])+
            pub fn $name(mut self, value: $ty) -> Self {
                self.params.$name = Some(value);
                self
            }
        )*
    };
}

/// Checks `lo <= v <= hi` (or `< hi` when `open_hi`), finite.
fn check(
    name: &'static str,
    v: f64,
    lo: f64,
    hi: f64,
    open_hi: bool,
    expected: &'static str,
) -> Result<f64, OptimError> {
    let ok = v.is_finite() && v >= lo && if open_hi { v < hi } else { v <= hi };
    if ok {
        Ok(v)
    } else {
        Err(OptimError::InvalidHyperParameter {
            name,
            value: v,
            expected,
        })
    }
}

fn positive(name: &'static str, v: f64) -> Result<f64, OptimError> {
    if v.is_finite() && v > 0.0 {
        Ok(v)
    } else {
        Err(OptimError::InvalidHyperParameter {
            name,
            value: v,
            expected: "a finite number greater than 0",
        })
    }
}

fn non_negative(name: &'static str, v: f64) -> Result<f64, OptimError> {
    check(
        name,
        v,
        0.0,
        f64::INFINITY,
        true,
        "a finite number at least 0",
    )
}

fn unit(name: &'static str, v: f64) -> Result<f64, OptimError> {
    check(name, v, 0.0, 1.0, true, "a number in [0, 1)")
}

impl Method {
    /// The method with the defaults of nabla's front ends resolved for a start whose gradient
    /// is `grad` (README, "Method defaults"): an explicit `lr` (`--lr`) where the method has none;
    /// otherwise `gd`, `momentum` and `nesterov` take `lr = min(0.01, 0.3/max|grad f(start)|)`
    /// rounded down to one significant digit (the first step moves at most 0.3: the book's 5e-6
    /// for Beale from (3, 4)), `momentum` the book's coefficient 0.8, `adagrad` lr 0.1, `rmsprop`
    /// and `adam` lr 0.001, `adam` `beta2` 0.8 (the book's); every other setting the optimizer
    /// suite's default. The CLI, `nabla serve` and (next) Python all start runs through here.
    ///
    /// ```
    /// use nabla::optim::Method;
    /// let gd = Method::parse("gd").unwrap().with_start_defaults(None, &[25625.25, 57519.0]);
    /// assert_eq!(gd.params.lr, Some(5e-6));
    /// let adam = Method::parse("adam").unwrap().with_start_defaults(None, &[1.0]);
    /// assert_eq!((adam.params.lr, adam.params.beta2), (Some(0.001), Some(0.8)));
    /// let mut set = Method::parse("gd").unwrap();
    /// set.params.lr = Some(0.1);
    /// // A method's own setting wins over `--lr`, which wins over the default.
    /// assert_eq!(set.with_start_defaults(Some(0.5), &[1.0]).params.lr, Some(0.1));
    /// let gd = Method::parse("gd").unwrap();
    /// assert_eq!(gd.with_start_defaults(Some(0.5), &[1.0]).params.lr, Some(0.5));
    /// ```
    pub fn with_start_defaults(&self, lr: Option<f64>, grad: &[f64]) -> Method {
        let gmax = grad.iter().fold(0.0_f64, |m, d| m.max(d.abs()));
        let mut m = self.clone();
        let p = &mut m.params;
        if p.lr.is_none() {
            p.lr = lr.or(match m.kind {
                MethodKind::Gd | MethodKind::Momentum | MethodKind::Nesterov => {
                    Some(capped_lr(0.01, 0.3, gmax))
                }
                MethodKind::Adagrad => Some(0.1),
                MethodKind::Rmsprop | MethodKind::Adam => Some(0.001),
                _ => None,
            });
        }
        if m.kind == MethodKind::Momentum && p.momentum.is_none() {
            p.momentum = Some(0.8);
        }
        if m.kind == MethodKind::Adam && p.beta2.is_none() {
            p.beta2 = Some(0.8);
        }
        m
    }

    /// The canonical method names.
    pub const NAMES: [&'static str; 14] = [
        "gd",
        "momentum",
        "nesterov",
        "adagrad",
        "adadelta",
        "rmsprop",
        "adam",
        "adamax",
        "nadam",
        "amsgrad",
        "gd-armijo",
        "lbfgs",
        "newton",
        "nelder-mead",
    ];

    /// `kind` with default settings.
    ///
    /// ```
    /// use nabla::optim::{Method, MethodKind};
    /// assert_eq!(Method::new(MethodKind::Lbfgs).name(), "lbfgs");
    /// ```
    pub fn new(kind: MethodKind) -> Self {
        Method {
            kind,
            params: HyperParams::default(),
        }
    }

    /// The method called `name` (see [`MethodKind`]'s `FromStr`) with default settings.
    ///
    /// ```
    /// use nabla::optim::{Method, MethodKind};
    /// // Case, `_`/`-` and the usual aliases do not matter: all three are the same method.
    /// let m = Method::new(MethodKind::NelderMead);
    /// for name in ["Nelder_Mead", "neldermead", "nm"] {
    ///     assert_eq!(Method::parse(name).unwrap(), m);
    /// }
    /// ```
    pub fn parse(name: &str) -> Result<Self, OptimError> {
        Ok(Method::new(name.parse()?))
    }

    /// The canonical name.
    ///
    /// ```
    /// assert_eq!(nabla::optim::Method::parse("sgd").unwrap().name(), "gd");
    /// ```
    pub fn name(&self) -> &'static str {
        self.kind.name()
    }

    /// The settings given that this method does not read (which [`Method::build`] ignores).
    ///
    /// ```
    /// use nabla::optim::{Method, Setting};
    /// let m = Method::parse("gd").unwrap().lr(0.1).momentum(0.9);
    /// assert_eq!(m.unused_settings(), [Setting::Momentum]);
    /// ```
    pub fn unused_settings(&self) -> Vec<Setting> {
        self.params
            .given()
            .into_iter()
            .filter(|s| !self.kind.takes(*s))
            .collect()
    }

    /// An error for the first given setting this method does not read, naming the settings it
    /// does read and the methods that read the one given.
    ///
    /// ```
    /// use nabla::optim::{Method, OptimError, Setting};
    /// let err = Method::parse("lbfgs").unwrap().lr(0.1).check_settings().unwrap_err();
    /// assert!(matches!(err, OptimError::UnusedSetting { setting: Setting::Lr, .. }));
    /// assert!(err.to_string().starts_with("method `lbfgs` does not use `lr`: lbfgs takes memory, c1, c2"));
    /// assert!(Method::parse("adam").unwrap().beta2(0.8).check_settings().is_ok());
    /// ```
    pub fn check_settings(&self) -> Result<(), OptimError> {
        match self.unused_settings().first() {
            None => Ok(()),
            Some(&setting) => Err(OptimError::UnusedSetting {
                method: self.kind,
                setting,
            }),
        }
    }

    /// Replaces all settings.
    pub fn with_params(mut self, params: HyperParams) -> Self {
        self.params = params;
        self
    }

    setter! {
        /// Sets the step size.
        ///
        /// The step size decides whether a first-order method converges, and how fast. On
        /// `f = x^2` (gradient `2x`) from `x = 1`, a gd step is `x <- (1 - 2 lr) x`: lr 0.5 lands
        /// on the minimum in one step; lr 0.1 multiplies `x` by 0.8 per step, so the gradient
        /// `2 * 0.8^k` first falls below the default tolerance 1e-8 at step 86
        /// (`k > ln(2e8) / ln(1.25) = 85.7`); lr 1.5 multiplies `x` by -2, so `f = 4^k` passes the
        /// explosion bound 1e30 at step 50 (`4^49 = 3.2e29`, `4^50 = 1.3e30`).
        ///
        /// ```
        /// use nabla::optim::{minimize, FnObjective, Method, StopReason, StopRule};
        /// let run = |lr: f64| {
        ///     let mut f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| {
        ///         g[0] = 2.0 * x[0];
        ///         x[0] * x[0]
        ///     });
        ///     let method = Method::parse("gd").unwrap().lr(lr);
        ///     minimize(&mut f, &[1.0], &method, &StopRule::default()).unwrap()
        /// };
        /// let (exact, slow, wild) = (run(0.5), run(0.1), run(1.5));
        /// assert_eq!((exact.x[0], exact.iters), (0.0, 1));
        /// assert_eq!((slow.stop, slow.iters), (StopReason::GradientTolerance, 86));
        /// assert_eq!(wild.stop, StopReason::Diverged { iter: 50 });
        /// ```
        lr: f64,
        /// Sets the learning-rate decay.
        decay: f64,
        /// Sets the momentum coefficient.
        momentum: f64,
        /// Sets the first-moment decay.
        beta1: f64,
        /// Sets the second-moment decay.
        beta2: f64,
        /// Sets Adadelta's decay.
        rho: f64,
        /// Sets RMSprop's decay.
        alpha: f64,
        /// Sets the denominator term.
        eps: f64,
        /// Sets the accumulators' start value.
        initial_accumulator: f64,
        /// Sets Nadam's momentum schedule rate.
        momentum_decay: f64,
        /// Sets the L-BFGS memory.
        memory: usize,
        /// Sets the sufficient-decrease constant.
        c1: f64,
        /// Sets the curvature constant.
        c2: f64,
    }

    /// Sets centered RMSprop: the step divides by an estimate of the gradient's standard deviation
    /// (`sqrt(v - m^2)`, `m` the running mean of the gradient) instead of its root mean square
    /// (`sqrt(v)`), so a steady gradient takes larger steps.
    ///
    /// ```
    /// use nabla::optim::Method;
    /// // First step from x = 0 on gradient 2, alpha 0.75, eps 0, the default lr 0.01:
    /// // v = 0.25 * 2^2 = 1, m = 0.25 * 2 = 0.5, so v - m^2 = 0.75.
    /// let first_step = |centered: bool| {
    ///     let method = Method::parse("rmsprop").unwrap().alpha(0.75).eps(0.0).centered(centered);
    ///     let mut opt = method.first_order().unwrap().unwrap();
    ///     opt.prepare(1);
    ///     let mut x = [0.0];
    ///     opt.update(&mut x, &[2.0], 0);
    ///     -x[0]
    /// };
    /// assert!((first_step(false) - 0.01 * 2.0 / 1.0).abs() < 1e-15);
    /// assert!((first_step(true) - 0.01 * 2.0 / 0.75f64.sqrt()).abs() < 1e-15);
    /// ```
    pub fn centered(mut self, on: bool) -> Self {
        self.params.centered = on;
        self
    }

    /// The default step size of this method.
    ///
    /// ```
    /// use nabla::optim::Method;
    /// assert_eq!(Method::parse("adadelta").unwrap().default_lr(), 1.0);
    /// ```
    pub fn default_lr(&self) -> f64 {
        match self.kind {
            MethodKind::Adadelta | MethodKind::GdArmijo => 1.0,
            MethodKind::Adam | MethodKind::Amsgrad => 1e-3,
            MethodKind::Adamax | MethodKind::Nadam => 2e-3,
            _ => 0.01,
        }
    }

    /// Validates every setting without running anything: [`Method::build`]'s checks, and for a
    /// method that only a fit runs ([`MethodKind::needs_residuals`]) that no setting is given
    /// that it does not read.
    ///
    /// ```
    /// use nabla::optim::{Method, MethodKind};
    /// assert!(Method::new(MethodKind::LevenbergMarquardt).validate().is_ok());
    /// assert!(Method::new(MethodKind::LevenbergMarquardt).lr(0.1).validate().is_err());
    /// assert!(Method::parse("gd").unwrap().lr(-1.0).validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<(), OptimError> {
        if self.kind.needs_residuals() {
            return self.check_settings();
        }
        self.build().map(|_| ())
    }

    /// Builds the optimizer, validating every setting it uses.
    ///
    /// ```
    /// use nabla::optim::{Method, OptimError};
    /// assert_eq!(Method::parse("adam").unwrap().build().unwrap().name(), "adam");
    /// let err = Method::parse("momentum").unwrap().momentum(1.5).build().err().unwrap();
    /// assert!(matches!(err, OptimError::InvalidHyperParameter { name: "momentum", .. }));
    /// ```
    pub fn build(&self) -> Result<Box<dyn Optimizer>, OptimError> {
        if self.kind.needs_residuals() {
            return Err(OptimError::NeedsResiduals { method: self.kind });
        }
        if let Some(first_order) = self.first_order()? {
            return Ok(Box::new(first_order));
        }
        // The same settings are validated for every method, used or not, so a typo never passes.
        let p = &self.params;
        let lr = positive("lr", p.lr.unwrap_or_else(|| self.default_lr()))?;
        non_negative("decay", p.decay.unwrap_or(0.0))?;
        unit("beta1", p.beta1.unwrap_or(0.9))?;
        unit("beta2", p.beta2.unwrap_or(0.999))?;
        non_negative("initial_accumulator", p.initial_accumulator.unwrap_or(0.0))?;
        let c1 = self.checked_c1()?;
        let opt: Box<dyn Optimizer> = match self.kind {
            MethodKind::GdArmijo => Box::new(GdArmijo::new(lr, c1)),
            MethodKind::Lbfgs => {
                let c2 = check(
                    "c2",
                    p.c2.unwrap_or(0.9),
                    c1,
                    1.0,
                    true,
                    "a number in (c1, 1)",
                )?;
                let memory = p.memory.unwrap_or(10);
                if memory == 0 || memory > LBFGS_MAX_MEMORY {
                    return Err(OptimError::InvalidHyperParameter {
                        name: "memory",
                        value: memory as f64,
                        expected: "between 1 and 1000 correction pairs",
                    });
                }
                Box::new(Lbfgs::new(memory, c1, c2))
            }
            MethodKind::Newton => Box::new(Newton::new(c1)),
            _ => Box::new(NelderMead::default()),
        };
        Ok(opt)
    }

    fn checked_c1(&self) -> Result<f64, OptimError> {
        let c1 = check(
            "c1",
            self.params.c1.unwrap_or(1e-4),
            0.0,
            1.0,
            true,
            "a number in (0, 1)",
        )?;
        if c1 == 0.0 {
            return Err(OptimError::InvalidHyperParameter {
                name: "c1",
                value: c1,
                expected: "a number in (0, 1)",
            });
        }
        Ok(c1)
    }

    /// The update rule of a first-order method with its step size and decay, validated; `None` for
    /// the line-search and derivative-free methods. Callers that choose their own gradients (the
    /// mini-batches of `fit`) step the rule directly with [`FirstOrder::lr_at`].
    ///
    /// ```
    /// use nabla::optim::Method;
    /// let fo = Method::parse("adam").unwrap().lr(0.1).first_order().unwrap().unwrap();
    /// assert_eq!((fo.rule.name(), fo.lr), ("adam", 0.1));
    /// assert!(Method::parse("lbfgs").unwrap().first_order().unwrap().is_none());
    /// ```
    pub fn first_order(
        &self,
    ) -> Result<Option<FirstOrder<Box<dyn UpdateRule + Send>>>, OptimError> {
        if !self.kind.is_first_order() {
            return Ok(None);
        }
        let p = &self.params;
        let lr = positive("lr", p.lr.unwrap_or_else(|| self.default_lr()))?;
        let decay = non_negative("decay", p.decay.unwrap_or(0.0))?;
        let beta1 = unit("beta1", p.beta1.unwrap_or(0.9))?;
        let beta2 = unit("beta2", p.beta2.unwrap_or(0.999))?;
        let acc = non_negative("initial_accumulator", p.initial_accumulator.unwrap_or(0.0))?;
        let eps = |default: f64| non_negative("eps", p.eps.unwrap_or(default));
        self.checked_c1()?;
        let rule: Box<dyn UpdateRule + Send> = match self.kind {
            MethodKind::Momentum => {
                Box::new(Momentum::new(unit("momentum", p.momentum.unwrap_or(0.9))?))
            }
            MethodKind::Nesterov => {
                Box::new(Nesterov::new(unit("momentum", p.momentum.unwrap_or(0.9))?))
            }
            MethodKind::Adagrad => Box::new(Adagrad::new(eps(1e-10)?, acc)),
            MethodKind::Adadelta => {
                let rho = unit("rho", p.rho.unwrap_or(0.9))?;
                Box::new(Adadelta::new(rho, eps(1e-6)?, acc))
            }
            MethodKind::Rmsprop => {
                let alpha = unit("alpha", p.alpha.unwrap_or(0.99))?;
                let mu = unit("momentum", p.momentum.unwrap_or(0.0))?;
                Box::new(RmsProp::new(alpha, eps(1e-8)?, p.centered, mu, acc))
            }
            MethodKind::Adam => Box::new(Adam::new(beta1, beta2, eps(1e-8)?)),
            MethodKind::Amsgrad => Box::new(AmsGrad::new(beta1, beta2, eps(1e-8)?)),
            MethodKind::Adamax => Box::new(AdaMax::new(beta1, beta2, eps(1e-8)?)),
            MethodKind::Nadam => {
                let psi = non_negative("momentum_decay", p.momentum_decay.unwrap_or(4e-3))?;
                Box::new(Nadam::new(beta1, beta2, eps(1e-8)?, psi))
            }
            _ => Box::new(Gd),
        };
        Ok(Some(FirstOrder::new(rule, lr, decay)))
    }
}

impl FromStr for Method {
    type Err = OptimError;
    fn from_str(s: &str) -> Result<Self, OptimError> {
        Method::parse(s)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `min(lr, reach / gmax)`, rounded down to one significant digit.
///
/// ```
/// use nabla::optim::capped_lr;
/// assert_eq!(capped_lr(0.01, 0.3, 57519.0), 5e-6);
/// assert_eq!(capped_lr(0.01, 0.3, 12.0), 0.01);
/// assert_eq!(capped_lr(0.01, 0.3, 0.0), 0.01);
/// assert_eq!(capped_lr(0.01, 0.3, 40.0), 7e-3);
/// ```
pub fn capped_lr(lr: f64, reach: f64, gmax: f64) -> f64 {
    if !(gmax.is_finite() && gmax > 0.0) || reach / gmax >= lr {
        return lr;
    }
    let v = reach / gmax;
    let e = v.log10().floor();
    let scale = 10f64.powf(e);
    let d = (v / scale).floor().max(1.0);
    // `d * 10^e` written as a decimal literal so it prints as `5e-6`, not `5.000000000000001e-6`.
    format!("{d}e{e}").parse().unwrap_or(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_round_trips() {
        for (kind, name) in MethodKind::ALL.iter().zip(Method::NAMES) {
            assert_eq!(kind.name(), name);
            assert_eq!(name.parse::<MethodKind>(), Ok(*kind));
            assert!(Method::new(*kind).build().is_ok() || *kind == MethodKind::Newton);
        }
    }

    #[test]
    fn unknown_name_lists_valid_names() {
        let err = Method::parse("bfgs").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown method `bfgs`: use one of gd, momentum, nesterov, adagrad, adadelta, rmsprop, adam, \
             adamax, nadam, amsgrad, gd-armijo, lbfgs, newton, nelder-mead"
        );
    }

    #[test]
    fn invalid_settings_are_typed_errors() {
        let bad = [
            Method::parse("gd").unwrap().lr(0.0),
            Method::parse("gd").unwrap().lr(f64::NAN),
            Method::parse("adam").unwrap().beta2(1.0),
            Method::parse("adagrad").unwrap().initial_accumulator(-1.0),
            Method::parse("lbfgs").unwrap().memory(0),
            Method::parse("lbfgs").unwrap().c2(1e-5),
        ];
        for m in bad {
            assert!(
                matches!(m.build(), Err(OptimError::InvalidHyperParameter { .. })),
                "{m:?}"
            );
        }
        let msg = Method::parse("gd")
            .unwrap()
            .lr(-1.0)
            .build()
            .err()
            .unwrap()
            .to_string();
        assert_eq!(
            msg,
            "invalid lr = -1: expected a finite number greater than 0"
        );
    }

    /// The table of [`MethodKind::settings`] is checked against behaviour, not restated: from
    /// Rosenbrock's classic start, a few iterations with one setting changed away from its default
    /// end somewhere else exactly when the method reads that setting.
    #[test]
    fn the_settings_table_matches_what_each_method_reads() {
        let changed = |m: Method, s: Setting| match s {
            Setting::Lr => m.lr(0.0003),
            Setting::Decay => m.decay(0.5),
            Setting::Momentum => m.momentum(0.5),
            Setting::Beta1 => m.beta1(0.5),
            Setting::Beta2 => m.beta2(0.5),
            Setting::Rho => m.rho(0.5),
            Setting::Alpha => m.alpha(0.5),
            Setting::Eps => m.eps(0.5),
            Setting::InitialAccumulator => m.initial_accumulator(3.0),
            Setting::Centered => m.centered(true),
            Setting::MomentumDecay => m.momentum_decay(0.5),
            Setting::Memory => m.memory(1),
            Setting::C1 => m.c1(0.45),
            Setting::C2 => m.c2(0.01),
        };
        let run = |m: &Method| {
            let mut f = crate::Function::parse("(1 - x)^2 + 100*(y - x^2)^2").unwrap();
            let rule = crate::optim::StopRule::default().max_iters(6);
            let r = crate::optim::minimize(&mut f, &[-1.2, 1.0], m, &rule).unwrap();
            (r.x, r.f_evals)
        };
        let mut wrong = Vec::new();
        for kind in MethodKind::ALL {
            let base = run(&Method::new(kind));
            for s in Setting::ALL {
                let moved = run(&changed(Method::new(kind), s)) != base;
                if moved != kind.takes(s) {
                    wrong.push(format!("{kind} {s}: changing it moves the run: {moved}"));
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn unused_settings_are_named_with_what_applies() {
        let err = Method::parse("gd")
            .unwrap()
            .momentum(0.9)
            .check_settings()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "method `gd` does not use `momentum`: gd takes lr, decay; drop the setting, or choose a \
             method that uses it (momentum, nesterov, rmsprop)"
        );
        let err = Method::parse("nelder-mead")
            .unwrap()
            .eps(1e-3)
            .check_settings()
            .unwrap_err();
        assert!(
            err.to_string().contains("nelder-mead takes no settings"),
            "{err}"
        );
    }
}
