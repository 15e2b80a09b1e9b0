//! The native back end (feature `jit`) against the interpreter, in `f64` and in `f32`:
//! bit-identical outputs (NaN payloads aside) on random formulas (every operator of the table,
//! integer powers, fused products) at random points (NaN, infinities, signed zeros, huge and
//! subnormal values included) for value+gradient and Hessian programs, one point at a time, as
//! batches and as sums over rows; the same errors before any native code runs, programs long
//! enough to be split into several native functions, and the automatic choice of back end.

use nabla::{
    gradient, hessian, parse_into, Backend, Binary, EvalError, Function, Graph, JitMode, JitTape,
    NativeFloat, Problem, Tape, Unary, JIT_BUDGET_FIXED, JIT_BUDGET_PER_INSTR,
};
use proptest::prelude::*;

/// An evaluation type native code runs, with its bits (for comparisons and messages).
trait Float: NativeFloat + std::fmt::LowerExp {
    fn bits(self) -> u64;
}

impl Float for f64 {
    fn bits(self) -> u64 {
        self.to_bits()
    }
}

impl Float for f32 {
    fn bits(self) -> u64 {
        u64::from(self.to_bits())
    }
}

/// Every named function of the table, as call syntax.
fn unary_names() -> Vec<&'static str> {
    Unary::ALL
        .iter()
        .map(|u| u.name())
        .filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric()))
        .collect()
}

fn binary_names() -> Vec<&'static str> {
    Binary::ALL
        .iter()
        .map(|b| b.name())
        .filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric()))
        .collect()
}

/// Random expressions over x, y, z using every operator.
fn expr() -> impl Strategy<Value = String> {
    let un = unary_names();
    let bin = binary_names();
    let leaf = prop_oneof![
        Just("x".to_string()),
        Just("y".to_string()),
        Just("z".to_string()),
        (0u32..20).prop_map(|n| n.to_string()),
        (-50i32..50).prop_map(|n| format!("{}", f64::from(n) / 8.0)),
        Just("1e300".to_string()),
        Just("pi".to_string()),
    ];
    leaf.prop_recursive(6, 48, 2, move |inner| {
        let un = un.clone();
        let bin = bin.clone();
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) + ({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) - ({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})*({b})")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, b, c)| format!("({a})*({b}) - ({c})")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, b, c)| format!("({c}) - ({a})*({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})/({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})^({b})")),
            (inner.clone(), -9i32..10).prop_map(|(a, k)| format!("({a})^({k})")),
            inner.clone().prop_map(|a| format!("-({a})")),
            (inner.clone(), 0..un.len()).prop_map(move |(a, k)| format!("{}({a})", un[k])),
            (inner.clone(), inner, 0..bin.len())
                .prop_map(move |(a, b, k)| format!("{}({a}, {b})", bin[k])),
        ]
    })
}

/// Points in `f32`: ordinary values and the special ones (the extremes, a subnormal).
fn coord32() -> impl Strategy<Value = f32> {
    prop_oneof![
        4 => -3.0f32..3.0,
        1 => prop_oneof![
            Just(f32::NAN),
            Just(-f32::NAN),
            Just(f32::INFINITY),
            Just(f32::NEG_INFINITY),
            Just(0.0),
            Just(-0.0),
            Just(f32::MAX),
            Just(-1e-40),
            Just(1.0),
            Just(-1.0),
        ],
        1 => any::<f32>(),
    ]
}

/// Points: ordinary values and the special ones.
fn coord() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -3.0f64..3.0,
        1 => prop_oneof![
            Just(f64::NAN),
            Just(-f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(0.0),
            Just(-0.0),
            Just(1e308),
            Just(-1e-310),
            Just(1.0),
            Just(-1.0),
        ],
        1 => any::<f64>(),
    ]
}

/// The tape's and the native code's outputs, bit for bit; a NaN matches any NaN. Rust leaves a
/// NaN's sign and payload unspecified (LLVM may swap the operands of `a + b`, and with two NaN
/// operands the processor returns the first), so the interpreter's own NaN bits are not a
/// contract; first runs with strict comparison found only sign differences of NaNs made from two
/// NaN operands (see `jit.proptest-regressions`).
fn same_bits<F: Float>(
    src: &str,
    tape: &Tape,
    jit: &JitTape,
    x: &[F],
) -> Result<(), TestCaseError> {
    let n = tape.n_outputs();
    let (mut a, mut b) = (vec![F::zero(); n], vec![F::one(); n]);
    tape.eval(x, &mut tape.workspace(), &mut a).unwrap();
    // A workspace made by the tape serves the native code too (same program).
    jit.eval(x, &mut tape.workspace(), &mut b).unwrap();
    agree(src, &format!("output at {x:?}"), &a, &b)?;
    // The value and the gradient entry point (outputs `1..` as the gradient).
    if n > 0 {
        let (mut ga, mut gb) = (vec![F::zero(); n - 1], vec![F::one(); n - 1]);
        let va = tape
            .eval_value_grad(x, &mut tape.workspace(), &mut ga)
            .unwrap();
        let vb = jit
            .eval_value_grad(x, &mut jit.workspace(), &mut gb)
            .unwrap();
        agree(src, &format!("value at {x:?}"), &[va], &[vb])?;
        agree(src, &format!("gradient at {x:?}"), &ga, &gb)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Value and gradient programs of random formulas, at random points.
    #[test]
    fn native_code_is_bit_identical_to_the_tape(
        src in expr(),
        pts in prop::collection::vec(prop::array::uniform3(coord()), 1..=5),
        fixed in 0usize..4,
    ) {
        let mut g = Graph::new();
        let f = parse_into(&mut g, &src).unwrap().root;
        let vars = g.vars_of(&[f]);
        let mut outputs = vec![f];
        outputs.extend(gradient(&mut g, f, &vars));
        let tape = Tape::compile(&g, &outputs, &vars).unwrap();
        let jit = JitTape::compile(&tape).unwrap();
        for p in &pts {
            same_bits(&src, &tape, &jit, &p[..vars.len()])?;
        }
        let rows: Vec<f64> = pts.iter().flat_map(|p| p[..vars.len()].to_vec()).collect();
        same_rows(&src, &tape, &jit, &rows, fixed)?;
    }

    /// The same in `f32`: value and gradient programs of random formulas (constants such as
    /// `1e300` round to infinity in the `f32` workspace) at random `f32` points, up to nine of
    /// them so that batches and sums run the four-row vector loop and the rows left over.
    #[test]
    fn native_f32_code_is_bit_identical_to_the_tape(
        src in expr(),
        pts in prop::collection::vec(prop::array::uniform3(coord32()), 1..=9),
        fixed in 0usize..4,
    ) {
        let mut g = Graph::new();
        let f = parse_into(&mut g, &src).unwrap().root;
        let vars = g.vars_of(&[f]);
        let mut outputs = vec![f];
        outputs.extend(gradient(&mut g, f, &vars));
        let tape = Tape::compile(&g, &outputs, &vars).unwrap();
        let jit = JitTape::compile(&tape).unwrap();
        for p in &pts {
            same_bits(&src, &tape, &jit, &p[..vars.len()])?;
        }
        let rows: Vec<f32> = pts.iter().flat_map(|p| p[..vars.len()].to_vec()).collect();
        same_rows(&src, &tape, &jit, &rows, fixed)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Value, gradient and Hessian programs (as `Problem::hessian_tape` builds them) of random
    /// formulas, in `f64` and `f32`, one point at a time and as batches and sums.
    #[test]
    fn native_hessian_programs_are_bit_identical_in_both_types(
        src in expr(),
        pts in prop::collection::vec(prop::array::uniform3(coord()), 1..=5),
        pts32 in prop::collection::vec(prop::array::uniform3(coord32()), 1..=5),
        fixed in 0usize..4,
    ) {
        let mut g = Graph::new();
        let f = parse_into(&mut g, &src).unwrap().root;
        let vars = g.vars_of(&[f]);
        let grad = gradient(&mut g, f, &vars);
        let mut outputs = vec![f];
        outputs.extend(&grad);
        outputs.extend(hessian(&mut g, &grad, &vars));
        let tape = Tape::compile(&g, &outputs, &vars).unwrap();
        let jit = JitTape::compile(&tape).unwrap();
        for p in &pts {
            same_bits(&src, &tape, &jit, &p[..vars.len()])?;
        }
        for p in &pts32 {
            same_bits(&src, &tape, &jit, &p[..vars.len()])?;
        }
        let rows: Vec<f64> = pts.iter().flat_map(|p| p[..vars.len()].to_vec()).collect();
        same_rows(&src, &tape, &jit, &rows, fixed)?;
        let rows: Vec<f32> = pts32.iter().flat_map(|p| p[..vars.len()].to_vec()).collect();
        same_rows(&src, &tape, &jit, &rows, fixed)?;
    }
}

/// Bit equality with any NaN matching any NaN (see [`same_bits`]).
fn agree<F: Float>(src: &str, what: &str, a: &[F], b: &[F]) -> Result<(), TestCaseError> {
    prop_assert_eq!(a.len(), b.len());
    for (k, (&p, &q)) in a.iter().zip(b).enumerate() {
        prop_assert!(
            p.bits() == q.bits() || (p.is_nan() && q.is_nan()),
            "{}: {} {}: tape {:e} ({:#x}) native {:e} ({:#x})",
            src,
            what,
            k,
            p,
            p.bits(),
            q,
            q.bits()
        );
    }
    Ok(())
}

/// The batch and the sums over the rows of `points` (row-major, one point per row), natively and
/// interpreted, and the interpreted sums against a loop of single evaluations: bit for bit. The
/// sums hold the first `fixed` inputs (at most all) at the first row's values.
fn same_rows<F: Float>(
    src: &str,
    tape: &Tape,
    jit: &JitTape,
    points: &[F],
    fixed: usize,
) -> Result<(), TestCaseError> {
    let (nin, nout) = (tape.n_inputs(), tape.n_outputs());
    let npts = points.len().checked_div(nin).unwrap_or(4);
    let pts = &points[..npts * nin];
    let (mut a, mut b) = (vec![F::zero(); npts * nout], vec![F::one(); npts * nout]);
    tape.eval_batch(pts, &mut tape.workspace(), &mut a).unwrap();
    jit.eval_batch(pts, &mut jit.workspace(), &mut b).unwrap();
    agree(src, "batch output", &a, &b)?;
    // Sums: the first `nf` inputs fixed at the first point, the rest from every row.
    let nf = fixed.min(nin);
    if nin == 0 {
        return Ok(());
    }
    let fixed_x = pts[..nf].to_vec();
    let rows: Vec<F> = pts
        .chunks_exact(nin)
        .flat_map(|p| p[nf..].to_vec())
        .collect();
    let rows = if nf == nin { Vec::new() } else { rows };
    let start: Vec<F> = (0..nout)
        .map(|k| F::from(k as f64 - 1.5).unwrap())
        .collect();
    let (mut s1, mut s2, mut s3) = (start.clone(), start.clone(), start.clone());
    tape.eval_sum(&fixed_x, &rows, &mut tape.workspace(), &mut s1)
        .unwrap();
    jit.eval_sum(&fixed_x, &rows, &mut tape.workspace(), &mut s2)
        .unwrap();
    agree(src, "sum", &s1, &s2)?;
    let mut ws = tape.workspace();
    let mut out = vec![F::zero(); nout];
    let mut x = fixed_x.clone();
    for row in rows.chunks_exact((nin - nf).max(1)) {
        x.truncate(nf);
        x.extend_from_slice(row);
        tape.eval(&x, &mut ws, &mut out).unwrap();
        for (s, o) in s3.iter_mut().zip(&out) {
            *s = *s + *o;
        }
    }
    agree(src, "sum against single evaluations", &s3, &s1)
}

#[test]
fn long_programs_split_into_chunks_and_agree() {
    // 3,000-variable Rosenbrock: its value+gradient program has more than one chunk.
    let n = 3000;
    let src = (1..=n / 2)
        .map(|i| {
            format!(
                "100*(x{} - x{}^2)^2 + (1 - sin(x{}))^2",
                2 * i,
                2 * i - 1,
                2 * i - 1
            )
        })
        .collect::<Vec<_>>()
        .join(" + ")
        // Gradient entries that are a constant (3) or an input (w, v), never written.
        + " + 3*u + v*w";
    let p = Problem::parse(&src)
        .unwrap()
        .with_backend(Backend::Interpreter)
        .unwrap();
    let tape = p.value_grad_tape().tape();
    assert!(tape.instrs().len() > 10_000, "{}", tape.instrs().len());
    let jit = JitTape::compile(tape).unwrap();
    let x: Vec<f64> = (0..n + 3).map(|i| (i as f64 * 0.37).sin() * 2.0).collect();
    same_bits("rosenbrock", tape, &jit, &x).unwrap();
    let mut xs = x.clone();
    xs[7] = f64::NAN;
    xs[100] = f64::INFINITY;
    same_bits("rosenbrock", tape, &jit, &xs).unwrap();
    // Batches and sums of a multi-chunk program run the chunks row by row.
    let mut rows = x.clone();
    rows.extend_from_slice(&xs);
    same_rows("rosenbrock", tape, &jit, &rows, n - 2).unwrap();
    // And in `f32`, where the chunks are compiled on this first `f32` call.
    let x32: Vec<f32> = x.iter().map(|&v| v as f32).collect();
    let xs32: Vec<f32> = xs.iter().map(|&v| v as f32).collect();
    same_bits("rosenbrock f32", tape, &jit, &x32).unwrap();
    same_bits("rosenbrock f32", tape, &jit, &xs32).unwrap();
    let mut rows32 = x32.clone();
    rows32.extend_from_slice(&xs32);
    same_rows("rosenbrock f32", tape, &jit, &rows32, n - 2).unwrap();
    same_rows("rosenbrock f32", tape, &jit, &rows32, 0).unwrap();
}

#[test]
fn inputs_and_outputs_in_scattered_order_agree() {
    // Native code addresses inputs and outputs through copies of their pointers moved near
    // runs of nearby accesses (one-byte displacements); here the reads and the gradient's writes
    // jump about 2,000 variables, with short runs forwards and backwards in between.
    let n = 2000;
    let term = |i: usize| {
        let (a, b) = ((i * 7919) % n, (i * 104_729 + 13) % n);
        let c = if i % 3 == 0 {
            (a + 1) % n
        } else {
            (a + n - 1) % n
        };
        format!("x{a}*sin(x{b}) + (x{c} - x{a})^2")
    };
    let src = (0..n).map(term).collect::<Vec<_>>().join(" + ");
    let p = Problem::parse(&src)
        .unwrap()
        .with_backend(Backend::Interpreter)
        .unwrap();
    let tape = p.value_grad_tape().tape();
    assert!(tape.instrs().len() > 2_000, "{}", tape.instrs().len());
    let jit = JitTape::compile(tape).unwrap();
    let nin = tape.n_inputs();
    let x: Vec<f64> = (0..nin).map(|i| (i as f64 * 0.61).cos() * 3.0).collect();
    same_bits("scattered", tape, &jit, &x).unwrap();
    let x32: Vec<f32> = x.iter().map(|&v| v as f32).collect();
    same_bits("scattered f32", tape, &jit, &x32).unwrap();
}

#[test]
fn errors_come_before_native_code() {
    let mut g = Graph::new();
    let f = parse_into(&mut g, "x*y + 2").unwrap().root;
    let h = parse_into(&mut g, "x*y + 3").unwrap().root;
    let vars = g.vars_of(&[f]);
    let tf = Tape::compile(&g, &[f], &vars).unwrap();
    let th = Tape::compile(&g, &[h], &vars).unwrap();
    let (jf, jh) = (
        JitTape::compile(&tf).unwrap(),
        JitTape::compile(&th).unwrap(),
    );
    let mut ws = jf.workspace();
    let mut out = [7.0];
    assert_eq!(
        jh.eval(&[1.0, 2.0], &mut ws, &mut out),
        Err(EvalError::ForeignWorkspace)
    );
    assert_eq!(
        jf.eval(&[1.0], &mut ws, &mut out),
        Err(EvalError::Inputs {
            expected: 2,
            found: 1
        })
    );
    assert_eq!(
        jf.eval(&[1.0, 2.0], &mut ws, &mut [0.0; 2]),
        Err(EvalError::Outputs {
            expected: 1,
            found: 2
        })
    );
    assert_eq!(out, [7.0], "nothing written");
    assert!(jf
        .eval_value_grad(&[1.0, 2.0], &mut ws, &mut [0.0])
        .is_err());
    jf.eval(&[3.0, 4.0], &mut ws, &mut out).unwrap();
    assert_eq!(out, [14.0]);
    // Batches: the tape's length rules, native rows.
    let mut outs = [0.0; 3];
    jf.eval_batch(&[1.0, 1.0, 2.0, 2.0, 3.0, 3.0], &mut ws, &mut outs)
        .unwrap();
    assert_eq!(outs, [3.0, 6.0, 11.0]);
    assert!(jf.eval_batch(&[1.0, 1.0, 2.0], &mut ws, &mut outs).is_err());
    // Sums: the same checks as the tape's, nothing added on an error.
    let mut sums = [1.0];
    assert_eq!(
        jf.eval_sum(&[1.0], &[1.0, 2.0, 3.0], &mut ws, &mut sums),
        Ok(())
    );
    assert_eq!(sums, [1.0 + 3.0 + 4.0 + 5.0]);
    assert!(matches!(
        jf.eval_sum(&[1.0, 2.0, 3.0], &[], &mut ws, &mut sums),
        Err(EvalError::Inputs { .. })
    ));
    assert!(matches!(
        jf.eval_sum(&[], &[1.0, 2.0, 3.0], &mut ws, &mut sums),
        Err(EvalError::Inputs { .. })
    ));
    assert!(matches!(
        jf.eval_sum(&[1.0], &[2.0], &mut ws, &mut [0.0; 2]),
        Err(EvalError::Outputs { .. })
    ));
    assert_eq!(
        jh.eval_sum(&[1.0], &[2.0], &mut ws, &mut sums),
        Err(EvalError::ForeignWorkspace)
    );
    assert_eq!(sums, [13.0], "nothing added");
    // Every input fixed: no rows, nothing added.
    jf.eval_sum(&[1.0, 2.0], &[], &mut ws, &mut sums).unwrap();
    assert_eq!(sums, [13.0]);
    // Dropping a clone keeps the code alive for the other.
    let keep = jf.clone();
    drop(jf);
    keep.eval(&[3.0, 4.0], &mut ws, &mut out).unwrap();
    assert_eq!(out, [14.0]);

    // The same checks in `f32`, before the `f32` code runs (or is first compiled and run).
    let mut ws32 = keep.workspace::<f32>();
    let mut out32 = [7.0f32];
    assert_eq!(
        jh.eval(&[1.0f32, 2.0], &mut ws32, &mut out32),
        Err(EvalError::ForeignWorkspace)
    );
    assert_eq!(
        keep.eval(&[1.0f32], &mut ws32, &mut out32),
        Err(EvalError::Inputs {
            expected: 2,
            found: 1
        })
    );
    assert_eq!(
        keep.eval(&[1.0f32, 2.0], &mut ws32, &mut [0.0; 2]),
        Err(EvalError::Outputs {
            expected: 1,
            found: 2
        })
    );
    assert_eq!(
        keep.eval_value_grad(&[1.0f32, 2.0], &mut ws32, &mut [0.0]),
        Err(EvalError::Outputs {
            expected: 0,
            found: 1
        })
    );
    assert_eq!(out32, [7.0], "nothing written");
    keep.eval(&[3.0f32, 4.0], &mut ws32, &mut out32).unwrap();
    assert_eq!(out32, [14.0]);
    // A default workspace is filled (in `f32`) and claimed.
    let mut fresh = nabla::Workspace::<f32>::default();
    keep.eval(&[0.5f32, 4.0], &mut fresh, &mut out32).unwrap();
    assert_eq!(out32, [4.0]);
    assert_eq!(
        jh.eval(&[1.0f32, 2.0], &mut fresh, &mut out32),
        Err(EvalError::ForeignWorkspace)
    );
    let mut outs32 = [0.0f32; 3];
    keep.eval_batch(&[1.0, 1.0, 2.0, 2.0, 3.0, 3.0], &mut ws32, &mut outs32)
        .unwrap();
    assert_eq!(outs32, [3.0, 6.0, 11.0]);
    assert!(keep
        .eval_batch(&[1.0f32, 1.0, 2.0], &mut ws32, &mut outs32)
        .is_err());
    let mut sums32 = [1.0f32];
    keep.eval_sum(&[1.0], &[1.0, 2.0, 3.0], &mut ws32, &mut sums32)
        .unwrap();
    assert_eq!(sums32, [1.0 + 3.0 + 4.0 + 5.0]);
    assert!(keep
        .eval_sum(&[1.0f32, 2.0, 3.0], &[], &mut ws32, &mut sums32)
        .is_err());
    assert_eq!(
        jh.eval_sum(&[1.0f32], &[2.0], &mut ws32, &mut sums32),
        Err(EvalError::ForeignWorkspace)
    );
    assert_eq!(sums32, [13.0], "nothing added");
}

#[test]
fn problems_choose_the_backend() {
    let small = Problem::parse("x^2 + y").unwrap();
    assert!(
        !small.value_tape().is_native(),
        "programs start interpreted (even forced, until their first evaluation)"
    );
    let native = small.clone().with_backend(Backend::Native).unwrap();
    assert!(native.value_tape().is_native() && native.value_grad_tape().is_native());
    let mut f = Function::parse("x^2*y + sin(x)")
        .unwrap()
        .with_backend(Backend::Native)
        .unwrap();
    let mut i = Function::parse("x^2*y + sin(x)").unwrap();
    let (mut g1, mut g2) = ([0.0; 2], [0.0; 2]);
    let (mut h1, mut h2) = ([0.0; 4], [0.0; 4]);
    assert_eq!(
        f.value_and_grad(&[0.3, 2.0], &mut g1).to_bits(),
        i.value_and_grad(&[0.3, 2.0], &mut g2).to_bits()
    );
    assert_eq!(g1, g2);
    f.value_grad_hessian(&[0.3, 2.0], &mut g1, &mut h1).unwrap();
    i.value_grad_hessian(&[0.3, 2.0], &mut g2, &mut h2).unwrap();
    assert_eq!((g1, h1), (g2, h2));
    let mut g3 = [0.0; 2];
    // f32 evaluations run native code too, with the interpreter's f32 bits.
    let prog = native.value_tape();
    let mut o32 = [0.0f32];
    prog.eval(&[3.0f32, 1.0], &mut prog.workspace(), &mut o32)
        .unwrap();
    assert_eq!(o32, [10.0]);
    let vg = native.value_grad_tape();
    let ivg = small
        .clone()
        .with_backend(Backend::Interpreter)
        .unwrap()
        .value_grad_tape()
        .clone();
    let x32 = [0.1f32, -2.7];
    let (mut n32, mut i32g) = ([0.0f32; 2], [0.0f32; 2]);
    let nv = vg
        .eval_value_grad(&x32, &mut vg.workspace(), &mut n32)
        .unwrap();
    let iv = ivg
        .eval_value_grad(&x32, &mut ivg.workspace(), &mut i32g)
        .unwrap();
    assert_eq!(
        (nv.to_bits(), n32.map(f32::to_bits)),
        (iv.to_bits(), i32g.map(f32::to_bits))
    );
    let _ = native.value_grad_tape().eval_value_grad(
        &[1.0, 2.0],
        &mut native.value_grad_tape().workspace(),
        &mut g3,
    );
    assert_eq!(g3, [2.0, 1.0]);
}

#[test]
fn hot_programs_turn_native() {
    let mode = JitMode::from_env();
    let mut f = Function::parse("sin(x)*y + x^3").unwrap();
    let n = f.value_tape().instrs().len() as u64;
    let evals = (JIT_BUDGET_FIXED + JIT_BUDGET_PER_INSTR * n) / n + 1;
    let mut i = f.clone().with_backend(Backend::Interpreter).unwrap();
    let mut want = 0.0;
    for k in 0..evals {
        let x = [k as f64 * 1e-3, 0.5];
        // Forced, a program is native from its first evaluation; else after the budget.
        assert_eq!(
            f.value_tape().is_native(),
            mode == JitMode::Force && k > 0,
            "evaluation {k}"
        );
        want = i.value(&x);
        assert_eq!(f.value(&x).to_bits(), want.to_bits());
    }
    assert_eq!(f.value_tape().is_native(), mode != JitMode::Off);
    assert!(!i.value_tape().is_native(), "the interpreter stays");
    let x = [(evals - 1) as f64 * 1e-3, 0.5];
    assert_eq!(f.value(&x).to_bits(), want.to_bits());
    // The gradient program counts its own evaluations.
    assert!(!f.value_grad_tape().is_native());
}

#[test]
fn batches_and_sums_count_every_row() {
    // One batch of as many points as the budget allows compiles the program (unless off).
    let p = Problem::parse("(w*x - y)^2").unwrap();
    let prog = p.value_tape();
    let n = prog.instrs().len() as u64;
    let rows = usize::try_from((JIT_BUDGET_FIXED + JIT_BUDGET_PER_INSTR * n) / n + 1).unwrap();
    let data: Vec<f64> = (0..2 * rows).map(|k| (k as f64 * 0.01).sin()).collect();
    let interp = p.clone().with_backend(Backend::Interpreter).unwrap();
    let (mut s1, mut s2) = ([0.0], [0.0]);
    prog.eval_sum(&[0.7], &data, &mut prog.workspace(), &mut s1)
        .unwrap();
    let ip = interp.value_tape();
    ip.eval_sum(&[0.7], &data, &mut ip.workspace(), &mut s2)
        .unwrap();
    assert_eq!(s1[0].to_bits(), s2[0].to_bits());
    assert!(s1[0] > 0.0);
    // The next call runs natively (where enabled), with the same sums.
    assert_eq!(prog.is_native(), JitMode::from_env() != JitMode::Off);
    prog.eval_sum(&[0.7], &data, &mut prog.workspace(), &mut s1)
        .unwrap();
    ip.eval_sum(&[0.7], &data, &mut ip.workspace(), &mut s2)
        .unwrap();
    assert_eq!(s1[0].to_bits(), s2[0].to_bits());
    // f32 sums (native where enabled) agree with f32 single evaluations.
    let mut s32 = [0.0f32];
    let d32: Vec<f32> = data[..6].iter().map(|&v| v as f32).collect();
    prog.eval_sum(&[0.7f32], &d32, &mut prog.workspace(), &mut s32)
        .unwrap();
    let mut want = 0.0f32;
    for r in d32.chunks_exact(2) {
        let mut o = [0.0f32];
        prog.eval(&[0.7f32, r[0], r[1]], &mut prog.workspace(), &mut o)
            .unwrap();
        want += o[0];
    }
    assert_eq!(s32[0].to_bits(), want.to_bits());
}

#[test]
fn f32_evaluations_count_towards_the_budget() {
    // `f32` batches alone turn a program native (unless off), and their results stay the
    // interpreter's `f32` bits before and after.
    let p = Problem::parse("exp(-w*x)*sin(y) + (w*x - y)^3").unwrap();
    let prog = p.value_tape();
    let interp = p.clone().with_backend(Backend::Interpreter).unwrap();
    let ip = interp.value_tape();
    let n = prog.instrs().len() as u64;
    let points = usize::try_from((JIT_BUDGET_FIXED + JIT_BUDGET_PER_INSTR * n) / n + 1).unwrap();
    let pts: Vec<f32> = (0..3 * points)
        .map(|k| (k as f32 * 0.013).sin() * 3.0)
        .collect();
    let (mut a, mut b) = (vec![0.0f32; points], vec![1.0f32; points]);
    for round in 0..2 {
        prog.eval_batch(&pts, &mut prog.workspace(), &mut a)
            .unwrap();
        ip.eval_batch(&pts, &mut ip.workspace(), &mut b).unwrap();
        assert!(
            a.iter().zip(&b).all(|(x, y)| x.to_bits() == y.to_bits()),
            "round {round}"
        );
        assert_eq!(prog.is_native(), JitMode::from_env() != JitMode::Off);
    }
    // Single `f32` evaluations and value+gradient calls of a native program.
    let mut f = Function::parse("x^2*y + sin(x)")
        .unwrap()
        .with_backend(Backend::Native)
        .unwrap();
    let i = Function::parse("x^2*y + sin(x)").unwrap();
    let (fp, ip) = (f.value_grad_tape().clone(), i.value_grad_tape().clone());
    for x in [[0.3f32, 2.0], [f32::NAN, 1.0], [1e30, -1e30], [-0.0, 0.0]] {
        let (mut g1, mut g2) = ([0.0f32; 2], [0.0f32; 2]);
        let v1 = fp
            .eval_value_grad(&x, &mut fp.workspace(), &mut g1)
            .unwrap();
        let v2 = ip
            .eval_value_grad(&x, &mut ip.workspace(), &mut g2)
            .unwrap();
        assert!(v1.to_bits() == v2.to_bits() || (v1.is_nan() && v2.is_nan()));
        for (p, q) in g1.iter().zip(&g2) {
            assert!(p.to_bits() == q.to_bits() || (p.is_nan() && q.is_nan()));
        }
    }
    assert!(f.value_tape().is_native());
    let _ = f.value(&[1.0, 2.0]);
}
