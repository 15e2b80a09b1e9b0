//! Drawing a computed plot ([`PlotScene`]): the curve, the contour map or the surface with the
//! runs' paths and the star, and the loss chart, each through the plotting module
//! ([`crate::plot`]), to memory or to a file; with panels, one picture per run side by side
//! (`panels.rs`).
//!
//! This is the seam between the plot's work (runs, verdicts: `runs.rs`) and its pictures: a
//! scene holds everything computed, so the same pictures can be drawn again to another
//! destination (a notebook shows the SVG, then saves a PNG) without running anything again.
//!
//! Invariants: grids are evaluated through the compiled tape's batch entry point, one call per
//! grid (per block of rows beyond 2^20 points), split on all cores
//! ([`Program::eval_batch_par`]); without a range, a start or a star the box is -5..5 on each
//! axis; the title is the one asked, else `f = <formula>` as typed, shortened with `…` when it
//! is too long for the width (about 12 pixels a character).

use crate::plot::{
    self, ChartOptions, ContourOptions, ContourStyle, CurveOptions, Interval, PathSeries, PlotBox,
    PlotSummary, SurfaceOptions,
};
use crate::{Problem, Program};

use super::{PlotKind, PlotRequest, PlotRequestError, PlotScene, PlotTarget};

/// Which picture of a plot to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlotPicture {
    /// The curve, contour map or surface.
    Main,
    /// Each run's value against its iteration (asked with [`PlotRequest::loss`]).
    Loss,
}

/// One picture drawn: where it went, what it shows (`curve`, `contour map`, `surface`,
/// `loss chart`) and the plotting module's summary (with the SVG text when drawn in memory).
#[derive(Clone, Debug)]
pub struct Drawn {
    /// The destination.
    pub target: PlotTarget,
    /// What it shows.
    pub kind: &'static str,
    /// What the plotting module reported.
    pub summary: PlotSummary,
}

/// `title` as asked, else `f = <formula>`: the formula as typed ([`PlotRequest::formula_text`],
/// white space runs made one space) or else written back from its parse, shortened with `…` to
/// the width (about 12 pixels a character); no title when not even 8 characters fit.
pub(super) fn title(req: &PlotRequest, formula: Option<&str>) -> Option<String> {
    req.title.clone().or_else(|| {
        let typed = req
            .formula_text
            .as_deref()
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|t| !t.is_empty());
        let mut text = typed.or_else(|| formula.map(str::to_string))?;
        // A slice says where it is cut: `x^2 + y^2 + z^2, z = 3`.
        for (name, value) in &req.held {
            text.push_str(&format!(
                ", {name} = {}",
                crate::display::fmt_number(*value)
            ));
        }
        let room = usize::try_from(req.size.0 / 12)
            .unwrap_or(0)
            .checked_sub(4)?;
        if room < 8 {
            return None;
        }
        if text.chars().count() <= room {
            Some(format!("f = {text}"))
        } else {
            let cut: String = text.chars().take(room - 1).collect();
            Some(format!("f = {}…", cut.trim_end()))
        }
    })
}

/// Evaluates a batch of points on all cores ([`Program::eval_batch_par`]); the plot module makes
/// one call per grid (per block of rows beyond 2^20 points), with whole points of the
/// formula's inputs.
fn par_batch(tape: &Program, points: &[f64], out: &mut [f64]) {
    if let Err(e) = tape.eval_batch_par(points, out) {
        // The grids are built from the formula's own inputs; a mismatch is a bug, shown as
        // values that are not numbers rather than a crash.
        debug_assert!(false, "plot batch: {e}");
        out.fill(f64::NAN);
    }
}

impl PlotScene {
    /// Draws `picture` to `target` (memory or a `.svg`/`.png` file, written through a temporary
    /// file renamed into place); `f` is the function the scene was computed for.
    ///
    /// ```
    /// use nabla::answer::{PlotPicture, PlotRequest, PlotScene, PlotTarget};
    /// let mut f = nabla::Function::parse("x^2 + 3*y^2").unwrap();
    /// let req = PlotRequest { size: (200, 150), grid: Some(20), ..PlotRequest::default() };
    /// let scene = PlotScene::compute(&mut f, &req).unwrap();
    /// let drawn = scene.draw(&f, PlotPicture::Main, &PlotTarget::InMemory).unwrap();
    /// assert_eq!(drawn.kind, "contour map");
    /// assert!(drawn.summary.svg.unwrap().starts_with("<svg"));
    /// ```
    pub fn draw(
        &self,
        f: &Problem,
        picture: PlotPicture,
        target: &PlotTarget,
    ) -> Result<Drawn, PlotRequestError> {
        let path = target.path();
        let req = &self.request;
        let (kind, summary) = match picture {
            PlotPicture::Loss => {
                let opts = ChartOptions {
                    size: req.size,
                    title: Some(crate::tr!("plot-loss-title")),
                    log_x: req.log_x,
                    ..Default::default()
                };
                ("loss chart", plot::loss_chart(path, &self.series, &opts)?)
            }
            PlotPicture::Main if self.request.panels => {
                (self.kind.name(), self.draw_panels(f, target)?)
            }
            PlotPicture::Main => {
                let tape = f.value_tape();
                let mut value = |p: &[f64], out: &mut [f64]| par_batch(tape, p, out);
                let s = match self.kind {
                    PlotKind::Curve => self.curve(path, &mut value)?,
                    PlotKind::Surface => self.surface(path, &mut value)?,
                    PlotKind::Map => self.contour_map(f, path, &mut value)?,
                };
                (self.kind.name(), s)
            }
        };
        Ok(Drawn {
            target: target.clone(),
            kind,
            summary,
        })
    }

    /// Draws every picture asked: the main one to `target` and, with [`PlotRequest::loss`], the
    /// loss chart beside it ([`PlotTarget::sibling`] `loss`).
    pub fn draw_all(
        &self,
        f: &Problem,
        target: &PlotTarget,
    ) -> Result<Vec<Drawn>, PlotRequestError> {
        let mut out = vec![self.draw(f, PlotPicture::Main, target)?];
        if self.request.loss {
            out.push(self.draw(f, PlotPicture::Loss, &target.sibling("loss"))?);
        }
        Ok(out)
    }

    /// The box of a two-variable picture: the range asked (or found for the minima), else
    /// -5..5 when nothing else decides it.
    fn plot_box(&self) -> Result<Option<PlotBox>, PlotRequestError> {
        Ok(match &self.request.range {
            Some(r) => Some(PlotBox::new(r[0], r[1])?),
            None if self.default_box() => Some(PlotBox::new((-5.0, 5.0), (-5.0, 5.0))?),
            None => None,
        })
    }

    /// Without a start or a star the box has nothing to centre on.
    fn default_box(&self) -> bool {
        self.request.start.is_none() && self.minimum().is_none()
    }

    fn grid(&self) -> usize {
        self.request.grid.unwrap_or(self.kind.default_grid())
    }

    /// The curve of a function of one variable.
    fn curve(
        &self,
        path: &std::path::Path,
        value: &mut plot::BatchEval,
    ) -> Result<PlotSummary, PlotRequestError> {
        let range = match &self.request.range {
            Some(r) => Some(Interval::new(r[0].0, r[0].1)?),
            None if self.default_box() => Some(Interval { lo: -5.0, hi: 5.0 }),
            None => None,
        };
        let opts = CurveOptions {
            size: self.request.size,
            title: self.title.clone(),
            var_name: self.names[0].clone(),
            range,
            samples: self.grid(),
            minimum: self.minimum().map(|m| m[0]),
            ..Default::default()
        };
        Ok(plot::curve(path, value, &self.series, &opts)?)
    }

    /// The 3-D surface of a function of two variables; without a box, one around the star and
    /// the paths' ends.
    fn surface(
        &self,
        path: &std::path::Path,
        value: &mut plot::BatchEval,
    ) -> Result<PlotSummary, PlotRequestError> {
        let star = self.minimum().map(|m| [m[0], m[1]]);
        let range = self.plot_box()?.or_else(|| {
            let mut pts: Vec<[f64; 2]> = star.into_iter().collect();
            for s in &self.series {
                for q in [s.points.first(), s.points.last()].into_iter().flatten() {
                    pts.push([q[0], q[1]]);
                }
            }
            Some(PlotBox::around(pts))
        });
        let n = self.grid();
        let mut opts = SurfaceOptions {
            size: self.request.size,
            title: self.title.clone(),
            var_names: [self.names[0].clone(), self.names[1].clone()],
            range,
            grid: (n, n),
            scale: self.request.scale,
            minimum: star,
            ..Default::default()
        };
        self.request.view.unwrap_or_default().apply(&mut opts);
        Ok(plot::surface_with_paths(path, value, &self.series, &opts)?)
    }

    /// The contour map of a function of two variables, with the paths and, when asked, descent
    /// arrows from the compiled gradient.
    fn contour_map(
        &self,
        f: &Problem,
        path: &std::path::Path,
        value: &mut plot::BatchEval,
    ) -> Result<PlotSummary, PlotRequestError> {
        let n = self.grid();
        let opts = ContourOptions {
            size: self.request.size,
            title: self.title.clone(),
            var_names: [self.names[0].clone(), self.names[1].clone()],
            range: self.plot_box()?,
            grid: (n, n),
            levels: self.request.levels,
            scale: self.request.scale,
            style: if self.request.lines {
                ContourStyle::Lines
            } else {
                ContourStyle::Filled
            },
            minimum: self.minimum().map(|m| [m[0], m[1]]),
            minima: self.minima.iter().map(|m| [m[0], m[1]]).collect(),
            ..Default::default()
        };
        let gtape = f.value_grad_tape();
        let stride = gtape.n_outputs();
        let mut buf: Vec<f64> = Vec::new();
        let mut grad = |p: &[f64], out: &mut [f64]| {
            buf.resize(p.len() / 2 * stride, 0.0);
            par_batch(gtape, p, &mut buf);
            for (o, row) in out.chunks_exact_mut(2).zip(buf.chunks_exact(stride)) {
                o.copy_from_slice(&row[1..3]);
            }
        };
        let grad_arg: Option<&mut plot::BatchEval> = if self.request.quiver {
            Some(&mut grad)
        } else {
            None
        };
        Ok(plot::contour_map(
            path,
            value,
            grad_arg,
            &self.series,
            &opts,
        )?)
    }
}

/// The series drawn for the runs, labelled.
pub(super) fn series(runs: &[super::PlotRunReport], labels: &[String]) -> Vec<PathSeries> {
    runs.iter()
        .zip(labels)
        .map(|(r, l)| super::runs::path_series(r, l))
        .collect()
}
