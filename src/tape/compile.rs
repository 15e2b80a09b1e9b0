//! Compilation of a tape: one forward sweep over the nodes the outputs need, with peephole fusion
//! of products into their readers, an instruction order (list scheduling for a program of one
//! window, readers placed right after their operands beyond), and linear-scan register
//! allocation (see the invariants in the parent module's documentation).
//!
//! Invariants: every register index emitted is below `n_regs` (asserted once here, relied on by
//! the interpreter's unchecked access); instructions are emitted in a topological order.

use super::{Instr, Reg, Tape, NEXT_ID};
use crate::error::Error;
use crate::graph::{Graph, Node, NodeId, VarId};
use crate::ops::{self, Lowering};

fn reg(i: usize) -> Reg {
    Reg::try_from(i).expect("register count fits in u32 (bounded by the graph size)")
}

impl Tape {
    /// Compiles `outputs` as functions of `inputs` (the variable order of the input vector).
    ///
    /// Fails with [`Error::MissingVariable`] when an output depends on a variable not in `inputs`.
    pub fn compile(g: &Graph, outputs: &[NodeId], inputs: &[VarId]) -> Result<Tape, Error> {
        let mask = g.reachable(outputs);
        let n = mask.len();
        // Position of each input variable.
        let mut input_pos = vec![usize::MAX; g.var_names().len()];
        for (k, v) in inputs.iter().enumerate() {
            input_pos[v.index()] = k;
        }
        // Peephole fusion: a product read once, by a `+`, `-` or `*`, is computed inside its
        // reader (`a*b + c` as one instruction, still rounded twice, exactly as two would be).
        // The instruction set stays at fourteen kinds on purpose: past sixteen match arms LLVM
        // stops giving each arm its own copy of the dispatch jump (tail duplication), which cost
        // Beale's value+gradient 30% when eight more fused forms (`(a-b)+c`, `a*b + c*d`, ...)
        // were tried; cut back to sixteen kinds they saved one or two of 24 instructions and no
        // measurable time, so they were left out.
        let mut uses = vec![0u32; n];
        for (i, node) in g.nodes()[..n].iter().enumerate() {
            if mask[i] {
                for c in node.children() {
                    uses[c.index()] += 1;
                }
            }
        }
        for o in outputs {
            uses[o.index()] += 1;
        }
        let mut fused = vec![false; n];
        // A node that absorbed a product is not itself absorbed: fused instructions read only
        // registers.
        let mut absorbs = vec![false; n];
        for i in 0..n {
            if !mask[i] {
                continue;
            }
            let Node::Binary(op, a, b) = g.nodes()[i] else {
                continue;
            };
            if matches!(
                op.spec().lower,
                Lowering::Add | Lowering::Sub | Lowering::Mul
            ) {
                for c in [a, b] {
                    if a != b
                        && uses[c.index()] == 1
                        && !absorbs[c.index()]
                        && product_operands(g, c).is_some()
                    {
                        fused[c.index()] = true;
                        absorbs[i] = true;
                        break;
                    }
                }
            }
        }
        let n_inputs = inputs.len();
        let mut reg_of = vec![Reg::MAX; n];
        let mut consts = Vec::new();
        let mut next = n_inputs;
        // Constants first, so temporaries come after them.
        for i in 0..n {
            if !mask[i] {
                continue;
            }
            match g.nodes()[i] {
                Node::Const(bits) => {
                    reg_of[i] = reg(next);
                    consts.push((reg(next), f64::from_bits(bits)));
                    next += 1;
                }
                Node::Var(v) => {
                    let p = input_pos[v.index()];
                    if p == usize::MAX {
                        return Err(Error::MissingVariable {
                            name: g.var_name(v).to_string(),
                            known: inputs
                                .iter()
                                .map(|v| g.var_name(*v))
                                .collect::<Vec<_>>()
                                .join(", "),
                        });
                    }
                    reg_of[i] = reg(p);
                }
                _ => {}
            }
        }
        // The registers an instruction reads: its operands, with a fused product replaced by
        // its two factors.
        let operands = |i: usize| {
            let mut kids = [None; 4];
            for (k, c) in g.nodes()[i].children().enumerate() {
                if fused[c.index()] {
                    if let Some((p, q)) = product_operands(g, c) {
                        kids[2 * k] = Some(p);
                        kids[2 * k + 1] = Some(q);
                    }
                } else {
                    kids[2 * k] = Some(c);
                }
            }
            kids
        };
        let emitted: Vec<usize> = (0..n)
            .filter(|&i| {
                mask[i] && !fused[i] && !matches!(g.nodes()[i], Node::Const(_) | Node::Var(_))
            })
            .collect();
        // A program of one window: list scheduling, which sees all of it. Longer: readers right
        // after their operands (see `locality_order` for why not both).
        let order = if emitted.len() <= SCHEDULE_WINDOW {
            schedule(&emitted, n, &operands)
        } else {
            locality_order(&emitted, n, &operands)
        };
        // The position of the last instruction reading each node.
        const FOREVER: usize = usize::MAX;
        let mut last_use = vec![0usize; n];
        for (pos, &i) in order.iter().enumerate() {
            for c in operands(i).into_iter().flatten() {
                last_use[c.index()] = pos;
            }
        }
        for o in outputs {
            last_use[o.index()] = FOREVER;
        }
        let first_temp = next;
        let mut free: Vec<Reg> = Vec::new();
        let mut instrs = Vec::with_capacity(order.len());
        for (pos, &i) in order.iter().enumerate() {
            let node = g.nodes()[i];
            let r = |c: NodeId| reg_of[c.index()];
            // Free operands read for the last time here (each once, including the operands of a
            // fused product), then pick the destination.
            let kids = operands(i);
            for (k, c) in kids.iter().enumerate() {
                let Some(c) = *c else { continue };
                if kids[..k].contains(&Some(c)) {
                    continue;
                }
                let rc = reg_of[c.index()];
                if last_use[c.index()] == pos && rc as usize >= first_temp {
                    free.push(rc);
                }
            }
            let dst = match free.pop() {
                Some(d) => d,
                None => {
                    next += 1;
                    reg(next - 1)
                }
            };
            let prod = |c: NodeId| {
                if fused[c.index()] {
                    product_operands(g, c).map(|(p, q)| (reg_of[p.index()], reg_of[q.index()]))
                } else {
                    None
                }
            };
            let instr = match node {
                Node::Unary(op, a) => match op.spec().lower {
                    Lowering::Neg => Instr::Neg(dst, r(a)),
                    _ => Instr::Unary(op, dst, r(a)),
                },
                Node::Binary(op, a, b) => match (op.spec().lower, prod(a), prod(b)) {
                    (Lowering::Add, Some((p, q)), _) => Instr::MulAdd(dst, p, q, r(b)),
                    (Lowering::Add, None, Some((p, q))) => Instr::MulAdd(dst, p, q, r(a)),
                    (Lowering::Sub, Some((p, q)), _) => Instr::MulSub(dst, p, q, r(b)),
                    (Lowering::Sub, None, Some((p, q))) => Instr::SubMul(dst, p, q, r(a)),
                    (Lowering::Mul, Some((p, q)), _) => Instr::MulMul(dst, p, q, r(b)),
                    (Lowering::Mul, None, Some((p, q))) => Instr::MulMul(dst, p, q, r(a)),
                    (Lowering::Add, None, None) => Instr::Add(dst, r(a), r(b)),
                    (Lowering::Sub, None, None) => Instr::Sub(dst, r(a), r(b)),
                    (Lowering::Mul, None, None) if a == b => Instr::Square(dst, r(a)),
                    (Lowering::Mul, None, None) => Instr::Mul(dst, r(a), r(b)),
                    (Lowering::Div, ..) => Instr::Div(dst, r(a), r(b)),
                    (Lowering::Pow, ..) => match g.const_value(b).and_then(ops::small_int) {
                        Some(2) => Instr::Square(dst, r(a)),
                        Some(3) => Instr::Cube(dst, r(a)),
                        Some(k) => Instr::Powi(dst, r(a), k),
                        None => Instr::Binary(op, dst, r(a), r(b)),
                    },
                    _ => Instr::Binary(op, dst, r(a), r(b)),
                },
                Node::Const(_) | Node::Var(_) => unreachable!("skipped above"),
            };
            reg_of[i] = dst;
            instrs.push(instr);
        }
        let outputs = outputs.iter().map(|o| reg_of[o.index()]).collect();
        let tape = Tape {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            instrs,
            n_inputs,
            n_regs: next,
            consts,
            outputs,
        };
        // The invariant `eval` relies on for unchecked register access.
        assert!(
            tape.max_reg() < tape.n_regs,
            "internal error: tape register out of range"
        );
        Ok(tape)
    }
}

/// `emitted` (graph order) reordered so that each instruction follows its operands closely: in
/// graph order, except that once an instruction is placed, every reader it makes ready (all of
/// whose operand instructions are placed) is placed right after it, depth first, before the next
/// instruction of graph order. Inputs and constants make nothing ready, so instructions reading
/// only them stay where graph order puts them.
///
/// The gradient is built after the whole function in the graph (reverse mode), so graph order
/// computes every forward value first and the backward steps much later, each forward value the
/// backward sweep reads live all along. For a sum of terms, each term's adjoint is known at once
/// (a constant), so this order places each term's backward steps right after its forward ones:
/// each forward value of 10,000-variable Rosenbrock's value+gradient then lives for a few
/// instructions instead of across the program, and native code keeps it in a machine register
/// instead of storing it for a later chunk to load. The order is still topological and every instruction is the same,
/// so no result changes.
///
/// Measured on that program (value+gradient, 37,500 instructions): native code ran 126,000
/// machine instructions a call in graph order with window scheduling, 92,000 in this order
/// (callgrind), and the interpreter took a fifth less time. Window scheduling on top of this order
/// was worse than either (172,000): its priority, the longest chain to an output, is the
/// accumulation chain of the sum, so it placed the forward steps of the eight or so terms in a
/// window before all their backward steps, and their values, all live at once, no longer fit in
/// machine registers (each spilled and reloaded).
fn locality_order(
    emitted: &[usize],
    n: usize,
    operands: &dyn Fn(usize) -> [Option<NodeId>; 4],
) -> Vec<usize> {
    let mut is_instr = vec![false; n];
    for &i in emitted {
        is_instr[i] = true;
    }
    // Operand instructions not yet placed (each distinct operand once), and the readers of each
    // instruction in graph order (compressed rows: `start[i]..start[i + 1]` of `list`).
    let mut pending = vec![0u32; n];
    let mut start = vec![0u32; n + 1];
    let distinct = |i: usize| {
        let kids = operands(i);
        let mut out = [None; 4];
        for (k, c) in kids.iter().enumerate() {
            if let Some(c) = *c {
                if is_instr[c.index()] && !kids[..k].contains(&Some(c)) {
                    out[k] = Some(c.index());
                }
            }
        }
        out
    };
    for &i in emitted {
        for c in distinct(i).into_iter().flatten() {
            pending[i] += 1;
            start[c + 1] += 1;
        }
    }
    for k in 0..n {
        start[k + 1] += start[k];
    }
    let mut fill = start.clone();
    let mut list = vec![0usize; start[n] as usize];
    for &i in emitted {
        for c in distinct(i).into_iter().flatten() {
            list[fill[c] as usize] = i;
            fill[c] += 1;
        }
    }
    let mut placed = vec![false; n];
    let mut order = Vec::with_capacity(emitted.len());
    let mut stack = Vec::new();
    for &i in emitted {
        // Every operand of `i` precedes it in graph order, so it is placed by now.
        if placed[i] {
            continue;
        }
        stack.push(i);
        while let Some(j) = stack.pop() {
            placed[j] = true;
            order.push(j);
            // Readers made ready, the first in graph order placed first.
            for &r in list[start[j] as usize..start[j + 1] as usize].iter().rev() {
                pending[r] -= 1;
                if pending[r] == 0 {
                    stack.push(r);
                }
            }
        }
    }
    order
}

/// Instructions within this many of each other (in graph order) may be reordered by
/// [`schedule`]; the window bounds how far scheduling can stretch register lifetimes. Programs
/// of at most this many instructions are list scheduled, longer ones take [`locality_order`].
const SCHEDULE_WINDOW: usize = 64;

/// The order to emit instructions in: `emitted` (graph order, a topological order) reordered
/// within windows of [`SCHEDULE_WINDOW`] by list scheduling, longest remaining dependency chain
/// first. An interpreter runs one instruction at a time but the processor overlaps the next few
/// with it when they do not wait for its result, so starting the long chains early hides their
/// latency. On Beale's value+gradient this, together with reading every operand from its register
/// (forwarding the previous result no longer pays once neighbours are rarely dependent), took a
/// tenth off the time. `operands(i)` lists what instruction `i` reads. Used for programs of one
/// window (Beale's value and value+gradient); a longer one takes [`locality_order`], which on
/// extended Rosenbrock did better than this for the interpreter as well as for native code.
fn schedule(
    emitted: &[usize],
    n: usize,
    operands: &dyn Fn(usize) -> [Option<NodeId>; 4],
) -> Vec<usize> {
    // Height: the longest chain of instructions from each node to an output (readers come later
    // in graph order, so one reverse sweep finalizes each height before it is read).
    let mut height = vec![0u32; n];
    for &i in emitted.iter().rev() {
        for c in operands(i).into_iter().flatten() {
            height[c.index()] = height[c.index()].max(height[i] + 1);
        }
    }
    let mut order = Vec::with_capacity(emitted.len());
    let mut slot = vec![usize::MAX; n];
    for window in emitted.chunks(SCHEDULE_WINDOW) {
        for (k, &i) in window.iter().enumerate() {
            slot[i] = k;
        }
        // Operands waiting inside the window, and the readers inside the window of each node.
        let mut waiting = vec![0u32; window.len()];
        let mut readers: Vec<Vec<usize>> = vec![Vec::new(); window.len()];
        for (k, &i) in window.iter().enumerate() {
            let kids = operands(i);
            for (j, c) in kids.iter().enumerate() {
                let Some(c) = *c else { continue };
                let s = slot[c.index()];
                if s != usize::MAX && !kids[..j].contains(&Some(c)) {
                    waiting[k] += 1;
                    readers[s].push(k);
                }
            }
        }
        let mut ready: Vec<usize> = (0..window.len()).filter(|&k| waiting[k] == 0).collect();
        while !ready.is_empty() {
            // Highest first; among equals the earliest in graph order.
            let best = (0..ready.len())
                .max_by_key(|&r| (height[window[ready[r]]], std::cmp::Reverse(ready[r])))
                .unwrap_or(0);
            let k = ready.swap_remove(best);
            order.push(window[k]);
            for &rd in &readers[k] {
                waiting[rd] -= 1;
                if waiting[rd] == 0 {
                    ready.push(rd);
                }
            }
        }
        for &i in window {
            slot[i] = usize::MAX;
        }
    }
    order
}

/// The two factors of a product node: `a*b`, or `a^2` as `a*a`.
fn product_operands(g: &Graph, n: NodeId) -> Option<(NodeId, NodeId)> {
    match g.node(n) {
        Node::Binary(op, a, b) => match op.spec().lower {
            Lowering::Mul => Some((a, b)),
            Lowering::Pow if g.const_value(b) == Some(2.0) => Some((a, a)),
            _ => None,
        },
        _ => None,
    }
}
