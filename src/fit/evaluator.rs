//! The compiled problem: the per-sample loss composed with the model in the model's graph and
//! compiled against a data set. [`Evaluator`] gives the full-data loss as an
//! [`crate::optim::Objective`] (value, gradient, and on demand the exact Hessian) and mean
//! gradients over any batch of rows.
//!
//! Invariants: evaluation allocates nothing (the tapes' buffers and one gather buffer of
//! [`GATHER`] rows are made once); rows are summed in the order given (each gathered block by
//! one [`crate::Program::eval_sum`], natively once the program is hot), so the same order gives
//! bit-identical sums, with native code or without; [`compose`] is one forward loop over the loss's arena, never recursing.

use crate::graph::{Graph, Node, NodeId};
use crate::optim::Objective;
use std::sync::Arc;

use crate::problem::Problem;
use crate::tape::Workspace;

use super::data::Dataset;

/// Rows copied together before evaluation (see [`Evaluator::accumulate`]).
pub(super) const GATHER: usize = 256;

/// The per-sample loss compiled against a data set: the full-data loss as an [`Objective`], and
/// batch gradients for mini-batch steps.
pub(super) struct Evaluator<'a> {
    pub(super) data: &'a Dataset,
    /// Dataset column of each data input, in input order.
    pub(super) cols: Vec<usize>,
    pub(super) np: usize,
    /// The loss with inputs `[params..., data...]`, differentiated in the parameters.
    pub(super) problem: Arc<Problem>,
    pub(super) ws_value: Workspace<f64>,
    pub(super) ws_grad: Workspace<f64>,
    pub(super) ws_hess: Workspace<f64>,
    /// `[params..., data...]`, the tapes' input.
    pub(super) buf: Vec<f64>,
    /// [`GATHER`] rows of data inputs, copied out of the data set before they are evaluated.
    pub(super) gather: Vec<f64>,
    /// The row numbers of the rows in `gather`.
    pub(super) idx: Vec<usize>,
    pub(super) out: Vec<f64>,
    pub(super) hout: Vec<f64>,
    /// The value+gradient+Hessian program, once asked for (`None` inside when there is none).
    pub(super) hess: Option<Option<crate::Program>>,
}

/// Why an evaluation cannot fail: every buffer is sized from the problem when the evaluator is
/// made, and each workspace is made by (or first used with) its own program.
const SIZED: &str = "fit evaluator buffers are sized from its problem at construction";

impl<'a> Evaluator<'a> {
    /// Binds a compiled loss to a data set: `cols[k]` is the column of data input `k` (the inputs
    /// after the `np` parameters).
    pub(super) fn new(data: &'a Dataset, cols: Vec<usize>, problem: Arc<Problem>) -> Evaluator<'a> {
        let (n_in, np) = (problem.n_inputs(), problem.dim());
        Evaluator {
            data,
            cols,
            np,
            buf: vec![0.0; n_in],
            gather: vec![0.0; GATHER * (n_in - np)],
            idx: vec![0; GATHER],
            out: vec![0.0; np + 1],
            hout: Vec::new(),
            hess: None,
            ws_value: problem.value_tape().workspace(),
            ws_grad: problem.value_grad_tape().workspace(),
            ws_hess: Workspace::default(),
            problem,
        }
    }

    #[inline]
    fn load(&mut self, row: usize) {
        let src = self.data.row(row);
        for (slot, &c) in self.buf[self.np..].iter_mut().zip(&self.cols) {
            *slot = src[c];
        }
    }

    /// Mean loss of the rows, with the mean gradient in `g`.
    pub(super) fn accumulate(
        &mut self,
        x: &[f64],
        rows: impl Iterator<Item = usize>,
        g: &mut [f64],
    ) -> f64 {
        // `out` = [loss sum, gradient sums...], added row by row from zero.
        let mut sums = std::mem::take(&mut self.out);
        sums.fill(0.0);
        let n = self.sum_rows(true, x, rows, &mut sums);
        let inv = 1.0 / n.max(1) as f64;
        for (gi, si) in g.iter_mut().zip(&sums[1..]) {
            *gi = *si * inv;
        }
        let loss = sums[0] * inv;
        self.out = sums;
        loss
    }

    /// Adds the loss (`grad == false`) or the loss and its gradient (`grad == true`) of every
    /// row at the parameters `x` to `sums`, rows in the order given; returns the number of rows.
    /// Rows are gathered [`GATHER`] at a time and each gathered block is one
    /// [`crate::Program::eval_sum`] call (one native loop once the program is compiled).
    fn sum_rows(
        &mut self,
        grad: bool,
        x: &[f64],
        mut rows: impl Iterator<Item = usize>,
        sums: &mut [f64],
    ) -> usize {
        let nd = self.cols.len();
        let (program, ws) = if grad {
            (self.problem.value_grad_tape(), &mut self.ws_grad)
        } else {
            (self.problem.value_tape(), &mut self.ws_value)
        };
        let mut n = 0usize;
        if nd == 0 {
            // No data inputs: every row has the same loss.
            self.buf[..self.np].copy_from_slice(x);
            let out = &mut self.hout;
            out.resize(sums.len(), 0.0);
            for _ in rows {
                program.eval(&self.buf, ws, out).expect(SIZED);
                for (s, o) in sums.iter_mut().zip(out.iter()) {
                    *s += *o;
                }
                n += 1;
            }
            return n;
        }
        let first = self.cols.iter().copied().min().unwrap_or(0);
        loop {
            // Gather a chunk of (shuffled) rows first: the row numbers, then one touch of each
            // row (a few instructions per row, so many cache misses are in flight at once),
            // then the copies, which now hit the cache.
            let mut m = 0;
            for r in rows.by_ref().take(GATHER) {
                self.idx[m] = r;
                m += 1;
            }
            if m == 0 {
                break;
            }
            let mut touch = 0u64;
            for &r in &self.idx[..m] {
                touch ^= self.data.row(r)[first].to_bits();
            }
            std::hint::black_box(touch);
            for (dst, &r) in self.gather.chunks_exact_mut(nd).zip(&self.idx[..m]) {
                let src = self.data.row(r);
                for (slot, &c) in dst.iter_mut().zip(&self.cols) {
                    *slot = src[c];
                }
            }
            program
                .eval_sum(x, &self.gather[..m * nd], ws, sums)
                .expect(SIZED);
            n += m;
        }
        n
    }

    /// The sums over all rows of the loss (returned) and of its gradient (into `g`), in row
    /// order.
    pub(super) fn sums(&mut self, x: &[f64], g: &mut [f64]) -> f64 {
        let mut sums = std::mem::take(&mut self.out);
        sums.fill(0.0);
        self.sum_rows(true, x, 0..self.data.rows(), &mut sums);
        g.copy_from_slice(&sums[1..]);
        let loss = sums[0];
        self.out = sums;
        loss
    }

    /// Mean loss over all rows.
    pub(super) fn mean_loss(&mut self, x: &[f64]) -> f64 {
        let mut sum = [0.0];
        self.sum_rows(false, x, 0..self.data.rows(), &mut sum);
        sum[0] / self.data.rows().max(1) as f64
    }

    /// The first row whose loss or gradient is not finite at `x`: (row, what, value).
    pub(super) fn first_non_finite(&mut self, x: &[f64]) -> Option<(usize, &'static str, f64)> {
        self.buf[..self.np].copy_from_slice(x);
        for r in 0..self.data.rows() {
            self.load(r);
            self.problem
                .value_grad_tape()
                .eval(&self.buf, &mut self.ws_grad, &mut self.out)
                .expect(SIZED);
            if !self.out[0].is_finite() {
                return Some((r, "loss", self.out[0]));
            }
            if let Some(v) = self.out[1..].iter().find(|v| !v.is_finite()) {
                return Some((r, "gradient of the loss", *v));
            }
        }
        None
    }
}

impl Objective for Evaluator<'_> {
    fn dim(&self) -> usize {
        self.np
    }

    fn value(&mut self, x: &[f64]) -> f64 {
        self.mean_loss(x)
    }

    fn value_and_grad(&mut self, x: &[f64], g: &mut [f64]) -> f64 {
        self.accumulate(x, 0..self.data.rows(), g)
    }

    fn value_grad_hessian(&mut self, x: &[f64], g: &mut [f64], h: &mut [f64]) -> Option<f64> {
        // Beyond `HESSIAN_MAX_DIM` parameters there is no Hessian: Newton's method says so.
        if self.hess.is_none() {
            // Derived and compiled once, on a copy: the problem is shared (read-only) with the
            // fit's other users.
            let mut p = (*self.problem).clone();
            self.hess = Some(p.hessian_tape().ok().cloned());
        }
        let tape = self.hess.as_ref().and_then(|h| h.as_ref())?;
        self.hout.resize(tape.n_outputs(), 0.0);
        let np = self.np;
        self.buf[..np].copy_from_slice(x);
        g.fill(0.0);
        h.fill(0.0);
        let mut sum = 0.0;
        for r in 0..self.data.rows() {
            let src = self.data.row(r);
            for (slot, &c) in self.buf[np..].iter_mut().zip(&self.cols) {
                *slot = src[c];
            }
            tape.eval(&self.buf, &mut self.ws_hess, &mut self.hout)
                .expect(SIZED);
            sum += self.hout[0];
            for (gi, oi) in g.iter_mut().zip(&self.hout[1..=np]) {
                *gi += *oi;
            }
            for (hi, oi) in h.iter_mut().zip(&self.hout[1 + np..]) {
                *hi += *oi;
            }
        }
        let inv = 1.0 / self.data.rows().max(1) as f64;
        g.iter_mut().chain(h.iter_mut()).for_each(|v| *v *= inv);
        Some(sum * inv)
    }
}

/// Rebuilds the loss formula's nodes in the model's graph, one forward sweep over the loss's
/// arena (children first, so every child is mapped before its parent): `pred` becomes the model's
/// root, `target` the target's variable, `sigma` the variable of the column of uncertainties
/// when the fit has one, any other name the model graph's variable of that name.
/// Returns the loss node and whether `pred` was used.
pub(super) fn compose(
    g: &mut Graph,
    loss: &Graph,
    loss_root: NodeId,
    pred: NodeId,
    target: &str,
    sigma: Option<&str>,
) -> (NodeId, bool) {
    let mask = loss.reachable(&[loss_root]);
    let mut map: Vec<NodeId> = Vec::with_capacity(mask.len());
    let mut uses_pred = false;
    for (i, node) in loss.nodes()[..mask.len()].iter().enumerate() {
        // Unreachable nodes are mapped to `pred` as a placeholder; no reachable node reads them.
        let id = if !mask[i] {
            pred
        } else {
            match *node {
                Node::Const(bits) => g.constant(f64::from_bits(bits)),
                Node::Var(v) => match loss.var_name(v) {
                    "pred" => {
                        uses_pred = true;
                        pred
                    }
                    "target" => g.var(target),
                    "sigma" => g.var(sigma.unwrap_or("sigma")),
                    other => g.var(other),
                },
                Node::Unary(op, a) => g.unary(op, map[a.index()]),
                Node::Binary(op, a, b) => g.binary(op, map[a.index()], map[b.index()]),
            }
        };
        map.push(id);
    }
    (map[loss_root.index()], uses_pred)
}
