//! What a run actually ran with: every setting its method reads, the value given or the
//! method's default ([`Method::resolved_settings`], as [`ResolvedSettings`] with its text
//! `lr=0.01, decay=0`), and the labels that tell runs apart in a comparison table or a plot
//! legend ([`run_labels`]).
//!
//! Invariants: the defaults here are the ones [`Method::build`] and [`Method::first_order`] run
//! with (a unit test builds each method and compares); no setting is ever shown as unset, and a
//! setting a method does not read is never shown.

use std::fmt;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::kind::{MethodKind, Setting};
use super::method::Method;
use crate::display::fmt_number;

/// The value of one setting as a method runs with it.
///
/// ```
/// use nabla::optim::SettingValue;
/// assert_eq!(SettingValue::Number(1e-6).to_string(), "1e-6");
/// assert_eq!(SettingValue::Count(10).to_string(), "10");
/// assert_eq!(SettingValue::Flag(false).to_string(), "false");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum SettingValue {
    /// A real number (`lr`, `beta2`, ...).
    Number(f64),
    /// A count (`memory`).
    Count(usize),
    /// On or off (`centered`).
    Flag(bool),
}

impl fmt::Display for SettingValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingValue::Number(v) => f.write_str(&fmt_number(*v)),
            SettingValue::Count(n) => write!(f, "{n}"),
            SettingValue::Flag(b) => write!(f, "{b}"),
        }
    }
}

/// Every setting a method reads with the value it runs with, in the order of
/// [`MethodKind::settings`]. Its `Display` is `lr=0.01, decay=0` (empty for a method without
/// settings); it serializes as a JSON object `{"lr": 0.01, "decay": 0.0}`.
///
/// ```
/// use nabla::optim::Method;
/// let s = Method::parse("gd").unwrap().resolved_settings();
/// assert_eq!(s.to_string(), "lr=0.01, decay=0");
/// let s = Method::parse("adam").unwrap().lr(0.1).resolved_settings();
/// assert_eq!(s.to_string(), "lr=0.1, decay=0, beta1=0.9, beta2=0.999, eps=1e-8");
/// assert!(Method::parse("nelder-mead").unwrap().resolved_settings().is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResolvedSettings(pub Vec<(Setting, SettingValue)>);

impl ResolvedSettings {
    /// Whether the method reads no setting.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of `setting`, if the method reads it.
    ///
    /// ```
    /// use nabla::optim::{Method, Setting, SettingValue};
    /// let s = Method::parse("lbfgs").unwrap().resolved_settings();
    /// assert_eq!(s.get(Setting::Memory), Some(SettingValue::Count(10)));
    /// assert_eq!(s.get(Setting::Lr), None);
    /// ```
    pub fn get(&self, setting: Setting) -> Option<SettingValue> {
        self.0.iter().find(|(s, _)| *s == setting).map(|(_, v)| *v)
    }
}

impl fmt::Display for ResolvedSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, (s, v)) in self.0.iter().enumerate() {
            if k > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}={v}", s.name())?;
        }
        Ok(())
    }
}

impl Serialize for ResolvedSettings {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (s, v) in &self.0 {
            map.serialize_entry(s.name(), v)?;
        }
        map.end()
    }
}

impl Method {
    /// The default of `setting` for this method: the value it runs with when the setting is not
    /// given (PyTorch's for the first-order methods, the optimizer suite's otherwise; see
    /// [`Method`]).
    ///
    /// ```
    /// use nabla::optim::{Method, Setting, SettingValue};
    /// let rmsprop = Method::parse("rmsprop").unwrap();
    /// assert_eq!(rmsprop.default_setting(Setting::Momentum), SettingValue::Number(0.0));
    /// let adagrad = Method::parse("adagrad").unwrap();
    /// assert_eq!(adagrad.default_setting(Setting::Eps), SettingValue::Number(1e-10));
    /// ```
    pub fn default_setting(&self, setting: Setting) -> SettingValue {
        use SettingValue::{Count, Flag, Number};
        match setting {
            Setting::Lr => Number(self.default_lr()),
            Setting::Decay | Setting::InitialAccumulator => Number(0.0),
            Setting::Momentum => Number(if self.kind == MethodKind::Rmsprop {
                0.0
            } else {
                0.9
            }),
            Setting::Beta1 | Setting::Rho | Setting::C2 => Number(0.9),
            Setting::Beta2 => Number(0.999),
            Setting::Alpha => Number(0.99),
            Setting::Eps => Number(match self.kind {
                MethodKind::Adagrad => 1e-10,
                MethodKind::Adadelta => 1e-6,
                _ => 1e-8,
            }),
            Setting::Centered => Flag(false),
            Setting::MomentumDecay => Number(4e-3),
            Setting::Memory => Count(10),
            Setting::C1 => Number(1e-4),
        }
    }

    /// The value `setting` has in this method: the one given, else the default.
    fn setting_value(&self, setting: Setting) -> SettingValue {
        let p = &self.params;
        let given = match setting {
            Setting::Lr => p.lr,
            Setting::Decay => p.decay,
            Setting::Momentum => p.momentum,
            Setting::Beta1 => p.beta1,
            Setting::Beta2 => p.beta2,
            Setting::Rho => p.rho,
            Setting::Alpha => p.alpha,
            Setting::Eps => p.eps,
            Setting::InitialAccumulator => p.initial_accumulator,
            Setting::MomentumDecay => p.momentum_decay,
            Setting::C1 => p.c1,
            Setting::C2 => p.c2,
            Setting::Centered => return SettingValue::Flag(p.centered),
            Setting::Memory => {
                return p
                    .memory
                    .map_or(self.default_setting(setting), SettingValue::Count)
            }
        };
        given.map_or(self.default_setting(setting), SettingValue::Number)
    }

    /// Every setting this method reads ([`MethodKind::settings`]) with the value it runs with:
    /// the one given, else the method's default.
    pub fn resolved_settings(&self) -> ResolvedSettings {
        ResolvedSettings(
            self.kind
                .settings()
                .iter()
                .map(|s| (*s, self.setting_value(*s)))
                .collect(),
        )
    }
}

/// Labels for runs shown together (the rows of a comparison, the paths of a plot): the method's
/// name, and where several runs have the same method, the resolved settings (and the iteration
/// limit, the second of each pair) that tell them apart, in parentheses: `gd (lr=0.001)`,
/// `gd (lr=1e-6)`. Runs alike in everything get `#2`, `#3`, ... No setting is ever shown unset.
///
/// ```
/// use nabla::optim::{run_labels, Method};
/// let gd = Method::parse("gd").unwrap();
/// let runs = [
///     (gd.clone(), 1000),
///     (gd.clone().lr(1e-6), 1000),
///     (gd.clone().decay(0.5), 1000),
///     (Method::parse("adam").unwrap(), 1000),
///     (gd, 1000),
/// ];
/// assert_eq!(
///     run_labels(&runs),
///     ["gd (lr=0.01, decay=0)", "gd (lr=1e-6, decay=0)", "gd (lr=0.01, decay=0.5)", "adam", "gd (lr=0.01, decay=0) #2"]
/// );
/// let runs = [(Method::parse("gd").unwrap(), 10), (Method::parse("gd").unwrap().lr(0.5), 10)];
/// assert_eq!(run_labels(&runs), ["gd (lr=0.01)", "gd (lr=0.5)"]);
/// ```
pub fn run_labels(runs: &[(Method, usize)]) -> Vec<String> {
    let settings: Vec<ResolvedSettings> = runs.iter().map(|(m, _)| m.resolved_settings()).collect();
    let mut labels = Vec::with_capacity(runs.len());
    for (k, (m, iters)) in runs.iter().enumerate() {
        let same: Vec<usize> = (0..runs.len())
            .filter(|&j| runs[j].0.kind == m.kind)
            .collect();
        if same.len() < 2 {
            labels.push(m.name().to_string());
            continue;
        }
        let mut parts: Vec<String> = settings[k]
            .0
            .iter()
            .filter(|(s, v)| same.iter().any(|&j| settings[j].get(*s) != Some(*v)))
            .map(|(s, v)| format!("{}={v}", s.name()))
            .collect();
        if same.iter().any(|&j| runs[j].1 != *iters) {
            parts.push(format!("iters={iters}"));
        }
        let mut label = m.name().to_string();
        if !parts.is_empty() {
            label = format!("{label} ({})", parts.join(", "));
        }
        let twins = same
            .iter()
            .filter(|&&j| j < k && settings[j] == settings[k] && runs[j].1 == *iters)
            .count();
        if twins > 0 {
            label = format!("{label} #{}", twins + 1);
        }
        labels.push(label);
    }
    labels
}

/// Legend labels for runs drawn together in a picture: the method's name and the settings the
/// run actually used that a reader needs, as `name=value` after the name: the step size always
/// (for a method that has one), every other setting whose value is not the method's default or
/// differs between runs of the method, and the iteration limit where runs of one method differ in
/// it. Runs alike in all of these get `#2`, `#3`, ... No setting is ever shown unset.
///
/// ```
/// use nabla::optim::{legend_labels, Method};
/// let runs = [
///     (Method::parse("gd").unwrap().lr(5e-6), 1000),
///     (Method::parse("adam").unwrap().beta2(0.8), 1000),
///     (Method::parse("lbfgs").unwrap(), 1000),
/// ];
/// assert_eq!(legend_labels(&runs), ["gd lr=5e-6", "adam lr=0.001 beta2=0.8", "lbfgs"]);
/// let gd = Method::parse("gd").unwrap().lr(0.1);
/// let runs = [(gd.clone(), 10), (gd.clone().decay(0.5), 10), (gd, 10)];
/// assert_eq!(
///     legend_labels(&runs),
///     ["gd lr=0.1 decay=0", "gd lr=0.1 decay=0.5", "gd lr=0.1 decay=0 #2"]
/// );
/// ```
pub fn legend_labels(runs: &[(Method, usize)]) -> Vec<String> {
    use super::kind::Setting;
    let settings: Vec<ResolvedSettings> = runs.iter().map(|(m, _)| m.resolved_settings()).collect();
    let mut labels: Vec<String> = Vec::with_capacity(runs.len());
    for (k, (m, iters)) in runs.iter().enumerate() {
        let same: Vec<usize> = (0..runs.len())
            .filter(|&j| runs[j].0.kind == m.kind)
            .collect();
        let mut label = m.name().to_string();
        for (s, v) in &settings[k].0 {
            let shown = *s == Setting::Lr
                || *v != m.default_setting(*s)
                || same.iter().any(|&j| settings[j].get(*s) != Some(*v));
            if shown {
                label.push_str(&format!(" {}={v}", s.name()));
            }
        }
        if same.iter().any(|&j| runs[j].1 != *iters) {
            label.push_str(&format!(" iters={iters}"));
        }
        let twins = labels[..k]
            .iter()
            .zip(runs)
            .filter(|(l, (_, n))| l.split(" #").next() == Some(label.as_str()) && *n == *iters)
            .count();
        if twins > 0 {
            label = format!("{label} #{}", twins + 1);
        }
        labels.push(label);
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The defaults shown are the ones the optimizers run with: a method built with every
    /// resolved setting given explicitly takes the same steps as one built with none given.
    #[test]
    fn shown_defaults_are_the_defaults_run() {
        // Newton needs a Hessian, which a closure objective has not; its one setting, c1, is
        // the line search's, shared with gd-armijo and lbfgs, which are run.
        for name in Method::NAMES.into_iter().filter(|n| *n != "newton") {
            let bare = Method::parse(name).unwrap();
            let mut explicit = bare.clone();
            for (s, v) in bare.resolved_settings().0 {
                let p = &mut explicit.params;
                match (s, v) {
                    (Setting::Lr, SettingValue::Number(x)) => p.lr = Some(x),
                    (Setting::Decay, SettingValue::Number(x)) => p.decay = Some(x),
                    (Setting::Momentum, SettingValue::Number(x)) => p.momentum = Some(x),
                    (Setting::Beta1, SettingValue::Number(x)) => p.beta1 = Some(x),
                    (Setting::Beta2, SettingValue::Number(x)) => p.beta2 = Some(x),
                    (Setting::Rho, SettingValue::Number(x)) => p.rho = Some(x),
                    (Setting::Alpha, SettingValue::Number(x)) => p.alpha = Some(x),
                    (Setting::Eps, SettingValue::Number(x)) => p.eps = Some(x),
                    (Setting::InitialAccumulator, SettingValue::Number(x)) => {
                        p.initial_accumulator = Some(x)
                    }
                    (Setting::MomentumDecay, SettingValue::Number(x)) => p.momentum_decay = Some(x),
                    (Setting::C1, SettingValue::Number(x)) => p.c1 = Some(x),
                    (Setting::C2, SettingValue::Number(x)) => p.c2 = Some(x),
                    (Setting::Memory, SettingValue::Count(n)) => p.memory = Some(n),
                    (Setting::Centered, SettingValue::Flag(b)) => p.centered = b,
                    other => panic!("{name}: {other:?} has the wrong kind of value"),
                }
            }
            // Three steps of each on a skewed quadratic from the same start, compared bit for bit.
            let run = |m: &Method| {
                let mut f = crate::optim::FnObjective::new(
                    2,
                    |x: &[f64]| x[0] * x[0] + 10.0 * x[1] * x[1] + x[0] * x[1],
                    |x: &[f64], g: &mut [f64]| {
                        g[0] = 2.0 * x[0] + x[1];
                        g[1] = 20.0 * x[1] + x[0];
                        x[0] * x[0] + 10.0 * x[1] * x[1] + x[0] * x[1]
                    },
                );
                let rule = crate::optim::StopRule::default().max_iters(3);
                crate::optim::minimize(&mut f, &[1.0, -0.7], m, &rule)
                    .unwrap()
                    .x
            };
            assert_eq!(run(&bare), run(&explicit), "{name}");
        }
    }
}
