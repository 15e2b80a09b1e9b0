//! The residuals `(model - target)/σ` compiled against an in-memory data set: their values, and
//! their least-squares [`Reduction`] (`R`, `Q^T r` and the sum of squares) at any parameters,
//! computed on all cores by the compiled tape `[r, dr/dp_1, ..., dr/dp_n]` (native code once it
//! is hot), [`CHUNK`] rows per call of the batch program.
//!
//! Invariants:
//! * **Memory does not grow with the rows** beyond the data set itself: each thread keeps one
//!   chunk of inputs and outputs and one reduction (`O(p^2)`); no `rows x params` Jacobian.
//! * **Reproducible on any machine**: the rows are split into segments fixed by the row and
//!   parameter counts only ([`segments`]), each reduced in row order, then merged in segment
//!   order, so the result does not depend on the number of threads or on timing.
//! * A residual or Jacobian entry that is not finite is reported (the first in row order), never
//!   absorbed into a reduction.

use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use crate::problem::Problem;

use super::data::Dataset;
use super::lm::{JacobianNotFinite, LeastSquares};
use super::reduce::{Reduction, SumSq};

/// Rows evaluated per call of the batch program.
pub(super) const CHUNK: usize = 256;
/// The fewest rows a segment (one unit of parallel work) holds.
const MIN_SEGMENT_ROWS: usize = 4096;
/// The most segments the rows are split into.
const MAX_SEGMENTS: usize = 256;
/// The most numbers the segments' reductions hold together (2^25 `f64`, 256 MiB).
const SEGMENT_BUDGET: usize = 1 << 25;

/// Why evaluation cannot fail: buffers are sized from the problem.
const SIZED: &str = "residual buffers are sized from their problem";

/// The segments of `rows` rows for `p` parameters: contiguous, in order, their number a function
/// of `rows` and `p` only.
fn segments(rows: usize, p: usize) -> Vec<Range<usize>> {
    if rows == 0 {
        return std::iter::once(0..0).collect();
    }
    let by_rows = rows.div_ceil(MIN_SEGMENT_ROWS).max(1);
    let by_memory = (SEGMENT_BUDGET / (p * p + p + 1).max(1)).max(1);
    let k = by_rows.min(MAX_SEGMENTS).min(by_memory);
    let size = rows.div_ceil(k).max(1);
    (0..rows)
        .step_by(size)
        .map(|lo| lo..(lo + size).min(rows))
        .collect()
}

/// The residuals compiled against a data set: one tape `[r, dr/dp...]` (and the value tape)
/// with inputs `[params..., data...]`.
pub(super) struct Residuals<'a> {
    data: &'a Dataset,
    /// The data set's column of each data input.
    cols: Vec<usize>,
    np: usize,
    problem: Arc<Problem>,
}

impl<'a> Residuals<'a> {
    /// Binds the compiled residual to a data set: `cols[k]` is the column of data input `k`.
    pub(super) fn new(data: &'a Dataset, cols: Vec<usize>, problem: Arc<Problem>) -> Residuals<'a> {
        Residuals {
            data,
            cols,
            np: problem.dim(),
            problem,
        }
    }

    /// The compiled residual, shared.
    pub(super) fn problem(&self) -> &Arc<Problem> {
        &self.problem
    }

    /// The data set's column of each data input.
    pub(super) fn cols(&self) -> &[usize] {
        &self.cols
    }

    /// Writes the inputs `[x..., data...]` of rows `lo..lo + n` into `points`.
    fn load(&self, x: &[f64], lo: usize, n: usize, points: &mut [f64]) {
        let width = self.np + self.cols.len();
        for (i, dst) in points[..n * width].chunks_exact_mut(width).enumerate() {
            dst[..self.np].copy_from_slice(x);
            let src = self.data.row(lo + i);
            for (slot, &c) in dst[self.np..].iter_mut().zip(&self.cols) {
                *slot = src[c];
            }
        }
    }

    /// The residuals at `x` into `r` (one per row), on all cores.
    pub(super) fn values(&self, x: &[f64], r: &mut [f64]) {
        let program = self.problem.value_tape();
        let width = self.np + self.cols.len();
        r.par_chunks_mut(CHUNK).enumerate().for_each_init(
            || (program.workspace::<f64>(), vec![0.0; CHUNK * width]),
            |(ws, points), (k, out)| {
                let n = out.len();
                self.load(x, k * CHUNK, n, points);
                program
                    .eval_batch(&points[..n * width], ws, out)
                    .expect(SIZED);
            },
        );
    }

    /// The reduction of the rows `range` at `x`, in row order.
    fn reduce_range(&self, x: &[f64], range: Range<usize>) -> Result<Reduction, f64> {
        let program = self.problem.value_grad_tape();
        let (np, width) = (self.np, self.np + self.cols.len());
        let mut ws = program.workspace::<f64>();
        let mut points = vec![0.0; CHUNK * width];
        let mut out = vec![0.0; CHUNK * (np + 1)];
        let mut cols = vec![0.0; CHUNK * (np + 1)];
        let mut red = Reduction::new(np);
        for lo in range.clone().step_by(CHUNK) {
            let n = CHUNK.min(range.end - lo);
            self.load(x, lo, n, &mut points);
            let out = &mut out[..n * (np + 1)];
            program
                .eval_batch(&points[..n * width], &mut ws, out)
                .expect(SIZED);
            if let Some(v) = out.iter().find(|v| !v.is_finite()) {
                return Err(*v);
            }
            // Rows [r, dr/dp...] to columns [dr/dp_1..., r], then one block of Householder
            // reflections.
            let cols = &mut cols[..n * (np + 1)];
            for (i, row) in out.chunks_exact(np + 1).enumerate() {
                for (j, v) in row[1..].iter().enumerate() {
                    cols[j * n + i] = *v;
                }
                cols[np * n + i] = row[0];
            }
            red.absorb_block(cols, n);
        }
        Ok(red)
    }

    /// The sum of squares of the rows `range` at `x`.
    fn sum_range(&self, x: &[f64], range: Range<usize>) -> SumSq {
        let program = self.problem.value_tape();
        let width = self.np + self.cols.len();
        let mut ws = program.workspace::<f64>();
        let mut points = vec![0.0; CHUNK * width];
        let mut out = vec![0.0; CHUNK];
        let mut ss = SumSq::ZERO;
        for lo in range.clone().step_by(CHUNK) {
            let n = CHUNK.min(range.end - lo);
            self.load(x, lo, n, &mut points);
            program
                .eval_batch(&points[..n * width], &mut ws, &mut out[..n])
                .expect(SIZED);
            ss.add_slice(&out[..n]);
        }
        ss
    }
}

impl LeastSquares for Residuals<'_> {
    fn reduce(&mut self, x: &[f64]) -> Result<Reduction, JacobianNotFinite> {
        let parts: Vec<Result<Reduction, f64>> = segments(self.data.rows(), self.np)
            .into_par_iter()
            .map(|range| self.reduce_range(x, range))
            .collect();
        let mut total = Reduction::new(self.np);
        for part in parts {
            total.merge(&part.map_err(JacobianNotFinite)?);
        }
        Ok(total)
    }

    fn norm(&mut self, x: &[f64]) -> f64 {
        let parts: Vec<SumSq> = segments(self.data.rows(), self.np)
            .into_par_iter()
            .map(|range| self.sum_range(x, range))
            .collect();
        let mut total = SumSq::ZERO;
        for p in parts {
            total.merge(p);
        }
        total.norm()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_cover_the_rows_in_order_whatever_their_number() {
        for (rows, p) in [
            (0, 2),
            (1, 2),
            (4096, 3),
            (4097, 3),
            (10_000_000, 3),
            (1 << 20, 2000),
        ] {
            let s = segments(rows, p);
            assert!(!s.is_empty() && s.len() <= MAX_SEGMENTS);
            assert_eq!(s[0].start, 0);
            assert_eq!(s.last().unwrap().end, rows);
            for w in s.windows(2) {
                assert_eq!(w[0].end, w[1].start);
            }
            assert!(s.len() * (p * p + p + 1) <= SEGMENT_BUDGET.max(p * p + p + 1));
        }
    }
}
