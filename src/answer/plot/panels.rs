//! A plot's runs one per panel, side by side in one picture (the lecture notes' three
//! learning-rate panels): each panel is the plot's own picture (curve, contour map or surface)
//! with that run alone, titled with the run's effective settings ([`panel_title`]).
//!
//! Invariants: every panel shows the same range (the one asked, else one around every point
//! every run recorded and the star), so panels compare at a glance; the request's size is each
//! panel's; at most [`MAX_PANELS`](crate::plot::MAX_PANELS) panels (checked by
//! [`PlotRequest::check`](super::PlotRequest::check) before any run).

use crate::optim::{Method, Setting};
use crate::plot::{self, Interval, PlotBox, PlotSummary};
use crate::Problem;

use super::{PlotKind, PlotPicture, PlotRequestError, PlotScene, PlotTarget};

/// A panel's title: the method's name with the step it ran with and every other setting whose
/// value is not the method's default (defaults resolved, so the title says what ran).
///
/// ```
/// use nabla::optim::Method;
/// assert_eq!(nabla::answer::panel_title(&Method::parse("gd").unwrap().lr(0.9)), "gd (lr=0.9)");
/// let m = Method::parse("momentum").unwrap().lr(5e-6).momentum(0.8);
/// assert_eq!(nabla::answer::panel_title(&m), "momentum (lr=5e-6, momentum=0.8)");
/// ```
pub fn panel_title(method: &Method) -> String {
    let shown: Vec<String> = method
        .resolved_settings()
        .0
        .into_iter()
        .filter(|(s, v)| *s == Setting::Lr || *v != method.default_setting(*s))
        .map(|(s, v)| format!("{}={v}", s.name()))
        .collect();
    if shown.is_empty() {
        method.name().to_string()
    } else {
        format!("{} ({})", method.name(), shown.join(", "))
    }
}

impl PlotScene {
    /// Draws one panel per run into `target`: the scene's picture with that run alone, every
    /// panel over the same range.
    pub(super) fn draw_panels(
        &self,
        f: &Problem,
        target: &PlotTarget,
    ) -> Result<PlotSummary, PlotRequestError> {
        let mut common = self.clone();
        common.request.panels = false;
        if common.request.range.is_none() && !common.default_range() {
            common.request.range = Some(self.shared_range());
        }
        let count = self.runs.len();
        let mut failure: Option<PlotRequestError> = None;
        let mut draw = |k: usize, path: &std::path::Path, size: (u32, u32)| {
            let mut one = common.clone();
            one.runs = vec![self.runs[k].clone()];
            one.series = vec![self.series[k].clone()];
            one.labels = vec![self.labels[k].clone()];
            one.title = Some(panel_title(&self.runs[k].method));
            one.request.size = size;
            let t = PlotTarget::File(path.to_path_buf());
            match one.draw(f, PlotPicture::Main, &t) {
                Ok(d) => Ok(d.summary),
                Err(PlotRequestError::Draw(e)) => Err(e),
                Err(e) => {
                    failure = Some(e);
                    Err(plot::PlotError::Backend {
                        message: String::new(),
                    })
                }
            }
        };
        match plot::panels(target.path(), self.request.size, count, &mut draw) {
            Ok(s) => Ok(s),
            Err(e) => Err(failure.take().unwrap_or(PlotRequestError::Draw(e))),
        }
    }

    /// Whether the picture's default range is the fixed -5..5 (no start, no star).
    fn default_range(&self) -> bool {
        self.request.start.is_none() && self.minimum().is_none()
    }

    /// One range for every panel: around every recorded point of every run and the star, so
    /// that a run that swings out (a step too large) stays inside its panel.
    fn shared_range(&self) -> Vec<(f64, f64)> {
        let star = self.minimum();
        if self.kind == PlotKind::Curve {
            let xs = self
                .series
                .iter()
                .flat_map(|p| p.points.iter().map(|q| q[0]));
            let i = Interval::around(xs.chain(star.map(|m| m[0])), 1.0);
            return vec![(i.lo, i.hi)];
        }
        let mut pts: Vec<[f64; 2]> = star.map(|m| [m[0], m[1]]).into_iter().collect();
        for s in &self.series {
            pts.extend(s.points.iter().map(|q| [q[0], q[1]]));
        }
        let b = PlotBox::around(pts);
        vec![(b.x.lo, b.x.hi), (b.y.lo, b.y.hi)]
    }
}
