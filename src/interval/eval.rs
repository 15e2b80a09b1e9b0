//! Interval evaluation of a graph: one forward sweep over the nodes some outputs need, each
//! operator through its inclusion function (the `interval` slot of the operator table).
//!
//! Constants enter as the intervals the graph keeps for them ([`Graph::const_enclosure`]): a
//! folded constant such as `0.1 + 0.2` is enclosed as the real sum of the two literals, not as
//! its rounded `f64`.
//!
//! Invariants: the sweep walks the arena in index order (children before parents), never
//! recursing; a program holds only the nodes its outputs reach, with their children as positions
//! in its own list, so evaluating allocates nothing once the workspace exists.

use crate::graph::{Graph, Node, NodeId, VarId};
use crate::ops::{Binary, Unary};

use super::Interval;

/// One step: the operation and the positions of its operands in the program's value list.
#[derive(Clone, Copy, Debug)]
pub(super) enum Step {
    /// A constant: the interval holding the real number it stands for
    /// ([`Graph::const_enclosure`]; a point for an exact constant).
    Const(Interval),
    Input(usize),
    Unary(Unary, usize),
    Binary(Binary, usize, usize),
}

/// Some outputs of a graph compiled for interval evaluation over boxes of inputs.
///
/// ```
/// use nabla::{Interval, IntervalProgram, Problem};
/// let p = Problem::parse("x^2 - 2*x*y").unwrap();
/// let prog = IntervalProgram::new(p.graph(), &[p.formula().root()], p.formula().vars()).unwrap();
/// let mut out = [Interval::ENTIRE];
/// prog.eval(&[Interval::new(1.0, 2.0), Interval::new(0.0, 1.0)], &mut out);
/// // x^2 in [1, 4], 2xy in [0, 4]: the natural enclosure is [-3, 4] (the true range is [-1, 4]).
/// assert!(out[0].lo <= -3.0 && out[0].hi >= 4.0 && out[0].lo > -3.0001);
/// ```
#[derive(Clone, Debug)]
pub struct IntervalProgram {
    steps: Vec<Step>,
    outputs: Vec<usize>,
    n_inputs: usize,
}

impl IntervalProgram {
    /// Compiles `outputs` as functions of `inputs`; `None` when an output depends on a variable
    /// that is not an input.
    pub fn new(g: &Graph, outputs: &[NodeId], inputs: &[VarId]) -> Option<IntervalProgram> {
        let mask = g.reachable(outputs);
        let mut pos = vec![usize::MAX; mask.len()];
        let mut steps = Vec::new();
        for (i, node) in g.nodes()[..mask.len()].iter().enumerate() {
            if !mask[i] {
                continue;
            }
            let step = match *node {
                Node::Const(bits) => Step::Const(
                    g.const_enclosure(NodeId::from_index(i))
                        .unwrap_or(Interval::point(f64::from_bits(bits))),
                ),
                Node::Var(v) => Step::Input(inputs.iter().position(|w| *w == v)?),
                Node::Unary(op, a) => Step::Unary(op, pos[a.index()]),
                Node::Binary(op, a, b) => Step::Binary(op, pos[a.index()], pos[b.index()]),
            };
            pos[i] = steps.len();
            steps.push(step);
        }
        Some(IntervalProgram {
            outputs: outputs.iter().map(|o| pos[o.index()]).collect(),
            steps,
            n_inputs: inputs.len(),
        })
    }

    /// Number of inputs.
    pub fn n_inputs(&self) -> usize {
        self.n_inputs
    }

    /// Number of outputs.
    pub fn n_outputs(&self) -> usize {
        self.outputs.len()
    }

    /// Encloses the outputs over the box `inputs` (one interval per input) into `out`, using
    /// `work` as the value list (resized as needed).
    pub fn eval_with(&self, inputs: &[Interval], out: &mut [Interval], work: &mut Vec<Interval>) {
        work.clear();
        for step in &self.steps {
            let v = step_interval(step, work, inputs);
            work.push(v);
        }
        for (o, &p) in out.iter_mut().zip(&self.outputs) {
            *o = work[p];
        }
    }

    /// The steps, operands before the steps that read them.
    pub(super) fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The outputs' positions in the value list.
    pub(super) fn outputs(&self) -> &[usize] {
        &self.outputs
    }

    /// Encloses the outputs over the box `inputs` (allocates a value list; see
    /// [`IntervalProgram::eval_with`] to reuse one).
    pub fn eval(&self, inputs: &[Interval], out: &mut [Interval]) {
        let mut work = Vec::with_capacity(self.steps.len());
        self.eval_with(inputs, out, &mut work);
    }
}

/// One step's interval, from the values before it (`work`) and the box.
pub(super) fn step_interval(step: &Step, work: &[Interval], inputs: &[Interval]) -> Interval {
    match *step {
        Step::Const(c) => c,
        Step::Input(k) => inputs.get(k).copied().unwrap_or(Interval::ENTIRE),
        Step::Unary(op, a) => (op.spec().interval)(work[a]),
        Step::Binary(op, a, b) => {
            let (x, y) = (work[a], work[b]);
            // `x*x` as a square is tighter than the product (never negative).
            if op == Binary::Mul && a == b {
                x.square()
            } else {
                (op.spec().interval)(x, y)
            }
        }
    }
}
