//! The step sweep of a gradient check as a picture (`nabla check --sweep -o sweep.svg`): each
//! variable's forward and central difference errors against the step, drawn on log-log axes by
//! [`crate::plot::sweep_chart`], which marks and names the best step of each curve.
//!
//! Invariants: the curves are the answer's own columns, in the order printed (for each
//! variable, forward then central); errors that are not finite are left out of their curve;
//! nothing is computed again.

use crate::plot::{self, ChartOptions, PlotError, PlotSummary, SweepSeries};
use crate::tr;

use super::SweepAnswer;

impl SweepAnswer {
    /// The curves of the sweep: for each variable, the forward then the central difference's
    /// error at each step.
    ///
    /// ```
    /// let f = nabla::Function::parse("x^2").unwrap();
    /// let a = nabla::answer::check_sweep(&f, &[1.0], nabla::Precision::F64).unwrap();
    /// let s = a.series();
    /// assert_eq!(s.len(), 2);
    /// assert_eq!(s[0].name, "forward difference, df/dx");
    /// // The forward difference of x^2 at 1 with step h is 2 + h: its error is h, at large h.
    /// assert!((s[0].errors[0] - s[0].steps[0]).abs() < 1e-12);
    /// ```
    pub fn series(&self) -> Vec<SweepSeries> {
        let mut out = Vec::with_capacity(2 * self.columns.len());
        for c in &self.columns {
            for (name, errors) in [
                (tr!("check-sweep-series-forward", var = &c.var), &c.forward),
                (tr!("check-sweep-series-central", var = &c.var), &c.central),
            ] {
                let (steps, errors): (Vec<f64>, Vec<f64>) = self
                    .steps
                    .iter()
                    .zip(errors)
                    .filter_map(|(h, e)| e.map(|e| (*h, e)))
                    .unzip();
                out.push(SweepSeries::new(name, steps, errors));
            }
        }
        out
    }

    /// Draws the sweep to `path` (`.svg`, `.png`, or [`plot::IN_MEMORY`]): the error of each
    /// curve of [`SweepAnswer::series`] against the step, log-log, the best step of each
    /// marked and named in the legend (`best h = ...`).
    ///
    /// ```
    /// let f = nabla::Function::parse("x^2").unwrap();
    /// let a = nabla::answer::check_sweep(&f, &[1.0], nabla::Precision::F64).unwrap();
    /// let s = a.chart("-".as_ref()).unwrap();
    /// assert!(s.svg.unwrap().contains("best h ="));
    /// ```
    pub fn chart(&self, path: &std::path::Path) -> Result<PlotSummary, PlotError> {
        let names: Vec<String> = self.vars.clone();
        let point = format!(
            "({}) = ({})",
            names.join(", "),
            self.point
                .iter()
                .map(|v| crate::fmt_short(*v))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let opts = ChartOptions {
            title: Some(tr!("check-sweep-chart-title", point = point)),
            ..Default::default()
        };
        plot::sweep_chart(path, &self.series(), &opts)
    }
}
