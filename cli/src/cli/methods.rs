//! Choosing optimizers on the command line: the hyper-parameter flags shared by every command
//! that runs one, and method lists with per-method settings (`gd:lr=5e-6,adam:beta2=0.8`).
//! Settings given with a method override the flags, which override the method's defaults.
//!
//! Invariant: a setting that does not apply is a usage error, never ignored. Which method reads
//! which setting is the library's table ([`MethodKind::settings`]); a flag must apply to the
//! method of `--method` (or to at least one method of `--compare`), a per-method setting to its
//! method, and a list must name at least one method.

use clap::Args;
use nabla::optim::{HyperParams, Method, MethodKind, Setting, SettingValue};
use nabla::tr;

use super::CliError;

/// A usage error (exit 2) with the `error:` line of the current language.
fn usage(why: String) -> CliError {
    CliError::Usage(tr!("error-line", message = why))
}

/// The method and its hyper-parameters, shared by every command that runs an optimizer.
#[derive(Args, Debug, Clone, Default)]
pub struct MethodArgs {
    /// Method: lbfgs, newton, nelder-mead, gd-armijo, gd, momentum, nesterov, adagrad, adadelta,
    /// rmsprop, adam, adamax, nadam, amsgrad; `fit` also takes lm (Levenberg-Marquardt least
    /// squares, with standard errors) and trf (trust-region reflective least squares, the method
    /// of --bounds). Default: lbfgs; for `fit`, trf with --bounds, else lm when the loss is the
    /// default squared error and the batch is the full data, lbfgs otherwise.
    #[arg(long)]
    pub method: Option<String>,
    /// Learning rate (first-order methods). Default per method, README's "Method defaults"
    /// table: gd, momentum, nesterov min(0.01, 0.3 / the largest partial at the start), rounded
    /// down to one digit; adagrad 0.1; rmsprop, adam 0.001; adadelta, gd-armijo 1; adamax, nadam
    /// 0.002; amsgrad 0.001. Each run prints the settings it used.
    #[arg(long, allow_negative_numbers = true)]
    pub lr: Option<f64>,
    /// Learning-rate decay: lr_i = lr / (1 + decay*i).
    #[arg(long, allow_negative_numbers = true)]
    pub decay: Option<f64>,
    /// Momentum coefficient (momentum, nesterov, rmsprop).
    #[arg(long, allow_negative_numbers = true)]
    pub momentum: Option<f64>,
    /// First-moment decay (adam, adamax, nadam, amsgrad).
    #[arg(long, allow_negative_numbers = true)]
    pub beta1: Option<f64>,
    /// Second-moment decay (adam, adamax, nadam, amsgrad).
    #[arg(long, allow_negative_numbers = true)]
    pub beta2: Option<f64>,
    /// Adadelta's decay rate.
    #[arg(long, allow_negative_numbers = true)]
    pub rho: Option<f64>,
    /// RMSprop's decay of squared gradients (PyTorch `alpha`, the book's `beta`).
    #[arg(long, allow_negative_numbers = true)]
    pub alpha: Option<f64>,
    /// The small term in adaptive methods' denominators.
    #[arg(long, allow_negative_numbers = true)]
    pub eps: Option<f64>,
    /// Initial value of the accumulators (adagrad, adadelta, rmsprop).
    #[arg(long = "init-acc", allow_negative_numbers = true)]
    pub initial_accumulator: Option<f64>,
    /// Centered RMSprop.
    #[arg(long)]
    pub centered: bool,
    /// L-BFGS memory.
    #[arg(long, allow_negative_numbers = true)]
    pub memory: Option<usize>,
}

impl MethodArgs {
    /// The hyper-parameters given on the command line.
    pub fn params(&self) -> HyperParams {
        HyperParams {
            lr: self.lr,
            decay: self.decay,
            momentum: self.momentum,
            beta1: self.beta1,
            beta2: self.beta2,
            rho: self.rho,
            alpha: self.alpha,
            eps: self.eps,
            initial_accumulator: self.initial_accumulator,
            centered: self.centered,
            memory: self.memory,
            ..HyperParams::default()
        }
    }

    /// The one method of `--method` (lbfgs when not given), validated; every hyper-parameter
    /// flag given must apply to it.
    pub fn method(&self) -> Result<Method, CliError> {
        self.method_or(|| Method::new(MethodKind::Lbfgs))
    }

    /// The method of `--method`, or `None` when it is not given and no hyper-parameter flag is
    /// (the library then chooses); with flags but no `--method`, the library's choice
    /// `default()`, checked to take them.
    pub fn method_or_default(
        &self,
        default: impl FnOnce() -> Method,
    ) -> Result<Option<Method>, CliError> {
        if self.method.is_none() && self.params().given().is_empty() {
            return Ok(None);
        }
        self.method_or(default).map(Some)
    }

    /// The one method of `--method` (which may carry settings, `adam:beta2=0.8`), or `default()`
    /// when not given, validated; every hyper-parameter flag given must apply to it.
    fn method_or(&self, default: impl FnOnce() -> Method) -> Result<Method, CliError> {
        let name = match &self.method {
            Some(m) => m.clone(),
            None => default().name().to_string(),
        };
        let mut specs = self.validated("--method", std::slice::from_ref(&name))?;
        if specs.len() != 1 {
            return Err(usage(tr!("min-method-one")));
        }
        let method = specs.remove(0).method;
        if let Some(&setting) = self
            .params()
            .given()
            .iter()
            .find(|s| !method.kind.takes(**s))
        {
            return Err(usage(tr!(
                "min-method-flag-not-apply",
                flag = flag(setting),
                method = method.name(),
                takes = takes(method.kind),
                methods = taken_by(setting)
            )));
        }
        Ok(method)
    }

    /// The methods of `--compare`, a list such as `gd:lr=5e-6,momentum:lr=5e-6:momentum=0.8` (see
    /// [`parse_methods`]) on top of the command line's hyper-parameters, each validated; every flag
    /// given must apply to at least one of them (the others run with their defaults).
    pub fn methods(&self, lists: &[String]) -> Result<Vec<MethodSpec>, CliError> {
        let specs = self.validated("--compare", lists)?;
        for setting in self.params().given() {
            if !specs.iter().any(|s| s.method.kind.takes(setting)) {
                let names: Vec<&str> = specs.iter().map(|s| s.method.name()).collect();
                return Err(usage(tr!(
                    "min-method-flag-not-any",
                    flag = flag(setting),
                    names = names.join(", "),
                    methods = taken_by(setting)
                )));
            }
        }
        Ok(specs)
    }

    /// The methods of `lists` (named by `option` in messages) with the flags' settings, each
    /// built once so an invalid value is reported before anything runs.
    fn validated(&self, option: &str, lists: &[String]) -> Result<Vec<MethodSpec>, CliError> {
        let specs = parse_method_list(option, lists, &self.params())?;
        for s in &specs {
            s.method.validate().map_err(|e| usage(e.to_string()))?;
        }
        Ok(specs)
    }
}

/// The command-line flag of a setting, or how to give one that has none (`lbfgs:c2=0.5`).
fn flag(setting: Setting) -> String {
    match setting {
        Setting::InitialAccumulator => "--init-acc".to_string(),
        Setting::MomentumDecay | Setting::C1 | Setting::C2 => format!("`{setting}`"),
        other => format!("--{other}"),
    }
}

/// `gd takes lr, decay`, in the words of the library's table.
fn takes(kind: MethodKind) -> String {
    let names: Vec<&str> = kind.settings().iter().map(|s| s.name()).collect();
    if names.is_empty() {
        tr!("min-method-takes-none", method = kind.to_string())
    } else {
        tr!(
            "min-method-takes",
            method = kind.to_string(),
            settings = names.join(", ")
        )
    }
}

/// `gd takes lr, decay and iters`: what a method's settings in a list may be.
fn takes_in_list(kind: MethodKind) -> String {
    let names: Vec<&str> = kind.settings().iter().map(|s| s.name()).collect();
    if names.is_empty() {
        tr!("min-method-takes-only-iters", method = kind.to_string())
    } else {
        tr!(
            "min-method-takes-list",
            method = kind.to_string(),
            settings = names.join(", ")
        )
    }
}

/// The methods that read `setting`, comma-separated.
fn taken_by(setting: Setting) -> String {
    let names: Vec<&str> = setting.methods().iter().map(|k| k.name()).collect();
    names.join(", ")
}

/// One method to run: its settings as given and its own iteration limit, when given.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodSpec {
    /// The method with the settings given on the command line (unset ones are `None`).
    pub method: Method,
    /// A per-method iteration limit (`gd:iters=300000`).
    pub iters: Option<usize>,
}

/// Parses `--methods` values: comma-separated methods, each `name` or `name:key=value:...`. An item
/// `key=value` without a method name adds a setting to the method before it
/// (`adam:lr=0.01,beta2=0.8`). Keys: `lr`, `decay`, `momentum`, `beta1`, `beta2`, `rho`, `alpha`,
/// `eps`, `initial_accumulator` (or `init-acc`), `momentum_decay`, `memory`, `c1`, `c2`, `centered`
/// (each only for a method that reads it), and `iters` (for any method). No lists at all means
/// `gd`; lists that name no method (`--methods ''`) are an error.
pub fn parse_methods(lists: &[String], base: &HyperParams) -> Result<Vec<MethodSpec>, CliError> {
    parse_method_list("--methods", lists, base)
}

/// [`parse_methods`] for the option called `option` in messages.
fn parse_method_list(
    option: &str,
    lists: &[String],
    base: &HyperParams,
) -> Result<Vec<MethodSpec>, CliError> {
    let mut out: Vec<MethodSpec> = Vec::new();
    for list in lists {
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let continues = match (item.find('='), item.find(':')) {
                (Some(eq), Some(colon)) => eq < colon,
                (Some(_), None) => true,
                _ => false,
            };
            if continues {
                let Some(last) = out.last_mut() else {
                    return Err(usage(tr!("min-method-setting-first", item = item)));
                };
                for kv in item.split(':').map(str::trim).filter(|s| !s.is_empty()) {
                    set_param(last, kv)?;
                }
                continue;
            }
            let mut pieces = item.split(':').map(str::trim);
            let name = pieces.next().unwrap_or_default();
            let method = Method::parse(name)
                .map_err(|e| usage(e.to_string()))?
                .with_params(base.clone());
            let mut spec = MethodSpec {
                method,
                iters: None,
            };
            for kv in pieces.filter(|s| !s.is_empty()) {
                set_param(&mut spec, kv)?;
            }
            out.push(spec);
        }
    }
    if out.is_empty() && !lists.is_empty() {
        return Err(usage(tr!(
            "min-method-names-none",
            option = option,
            lists = lists.join(","),
            valid = Method::NAMES.join(", "),
            example = if option == "--method" {
                "adam"
            } else {
                "gd,adam,lbfgs"
            }
        )));
    }
    if out.is_empty() {
        out.push(MethodSpec {
            method: Method::new(MethodKind::Gd).with_params(base.clone()),
            iters: None,
        });
    }
    Ok(out)
}

/// Applies one `key=value` setting to a method.
fn set_param(spec: &mut MethodSpec, kv: &str) -> Result<(), CliError> {
    let name = spec.method.name();
    let Some((key, value)) = kv.split_once('=') else {
        return Err(usage(tr!("min-setting-not-kv", kv = kv, name = name)));
    };
    let key = key.trim().to_ascii_lowercase().replace('-', "_");
    let value = value.trim();
    let number = || -> Result<f64, CliError> {
        value
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| usage(tr!("min-setting-number", kv = kv, name = name, key = &key)))
    };
    let count = || -> Result<usize, CliError> {
        value
            .parse::<usize>()
            .map_err(|_| usage(tr!("min-setting-count", kv = kv, name = name, key = &key)))
    };
    if key == "iters" {
        let n = count()?;
        if n as u64 > super::limits::MAX_ITERS {
            return Err(usage(tr!(
                "min-setting-too-large",
                kv = kv,
                name = name,
                max = super::limits::MAX_ITERS.to_string()
            )));
        }
        spec.iters = Some(n);
        return Ok(());
    }
    let Some(setting) = Setting::named(&key) else {
        return Err(usage(tr!("min-setting-unknown", key = &key, name = name)));
    };
    let kind = spec.method.kind;
    if !kind.takes(setting) {
        return Err(usage(tr!(
            "min-setting-not-apply",
            kv = kv,
            name = name,
            takes = takes_in_list(kind),
            methods = taken_by(setting)
        )));
    }
    let value = match setting {
        Setting::Memory => SettingValue::Count(count()?),
        Setting::Centered => SettingValue::Flag(match value {
            "true" | "1" | "yes" => true,
            "false" | "0" | "no" => false,
            _ => return Err(usage(tr!("min-setting-flag", kv = kv, name = name))),
        }),
        _ => SettingValue::Number(number()?),
    };
    spec.method.params.set(setting, value);
    Ok(())
}
