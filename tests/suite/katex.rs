//! Every LaTeX output typesets (issue 25): the `--latex` outputs of `diff` (gradient and
//! Hessian) and `trace` for random formulas over every operator, odd names (`_1`, `x_1_2`,
//! Greek, long) and extreme constants (`1e-300`, `3e20`, `pi`, `e`), parsed and rendered by
//! KaTeX in its strict mode (`throwOnError`, `strict: "error"`), the strict LaTeX parser the
//! issue names where TeX is absent.
//!
//! Needs Node.js and KaTeX (`scripts/install-katex.sh` installs the pinned KaTeX into
//! `tests/katex/node_modules`); `#[ignore]`d in a plain `cargo test`, run by `.ci/run` with
//! `--ignored` after the install. Without KaTeX the test fails rather than passing with nothing
//! compared.

use std::io::Write;
use std::process::{Command, Stdio};

use super::cli::{nabla, stderr, stdout};

/// A small seeded generator (xorshift64*), so the formulas are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn pick<'a>(&mut self, options: &[&'a str]) -> &'a str {
        options[(self.next() % options.len() as u64) as usize]
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const NAMES: &[&str] = &[
    "x",
    "y_1_2",
    "_1",
    "theta2",
    "alpha",
    "long_name",
    "a__b",
    "w",
];
const NUMBERS: &[&str] = &[
    "0", "1", "2", "2.5", "0.1", "1e-300", "3e20", "1e-7", "pi", "e", "7e-5",
];
const UNARY: &[&str] = &[
    "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "exp", "ln", "log10",
    "log2", "sqrt", "cbrt", "abs", "sigmoid", "softplus", "sign", "step", "square",
];
const BINARY_CALLS: &[&str] = &["atan2", "hypot", "min", "max", "xlogy", "pow", "log"];

/// A random formula over three of [`NAMES`], at most `depth` deep.
fn formula(rng: &mut Rng, names: &[&str], depth: u32) -> String {
    if depth == 0 || rng.below(5) == 0 {
        return if rng.below(3) == 0 {
            rng.pick(NUMBERS).to_string()
        } else {
            rng.pick(names).to_string()
        };
    }
    let a = formula(rng, names, depth - 1);
    match rng.below(8) {
        0 => format!("-({a})"),
        1 => format!("{}({a})", rng.pick(UNARY)),
        2 => {
            let b = formula(rng, names, depth - 1);
            format!("{}({a}, {b})", rng.pick(BINARY_CALLS))
        }
        3 => format!(
            "({a})^{}",
            rng.pick(&["2", "3", "-1", "0.5", "y_1_2", "-1.5", "1e-9"])
        ),
        _ => {
            let b = formula(rng, names, depth - 1);
            let op = rng.pick(&[" + ", " - ", "*", "/"]);
            format!("({a}){op}({b})")
        }
    }
}

/// Renders every string with KaTeX; returns KaTeX's message for each that fails.
fn katex_errors(texs: &[String]) -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/katex");
    assert!(
        std::path::Path::new(dir)
            .join("node_modules/katex")
            .is_dir(),
        "KaTeX is not installed: run scripts/install-katex.sh"
    );
    let mut child = Command::new("node")
        .arg("check.mjs")
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run node (install Node.js and run scripts/install-katex.sh)");
    let input = serde_json::to_string(texs).expect("json");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write to node");
    let out = child.wait_with_output().expect("node");
    assert!(out.status.success(), "node: {}", stderr(&out));
    let results: Vec<Option<String>> = serde_json::from_slice(&out.stdout).expect("results");
    assert_eq!(results.len(), texs.len());
    texs.iter()
        .zip(results)
        .filter_map(|(t, r)| r.map(|e| (t.clone(), e)))
        .collect()
}

#[test]
#[ignore = "needs Node.js and KaTeX: scripts/install-katex.sh, then --ignored"]
fn every_latex_output_typesets_in_katex() {
    let mut rng = Rng(0x6b61_7465_7821);
    let mut texs = Vec::new();
    // The names and constants that broke LaTeX before (issue 25), then random formulas.
    let mut formulas: Vec<String> = [
        "_1^2",
        "x_1_2^2*y",
        "a__b + x1",
        "_^2 + y_",
        "alpha_2*beta",
        "pi*x^2 + e^x + (1e-300)^x + 2^(1e-9*x) + 3*(-x)^3 + 1e20*x^2",
        "x^y",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for _ in 0..150 {
        let k = 1 + rng.below(3) as usize;
        let start = rng.below(NAMES.len() as u64) as usize;
        let names: Vec<&str> = (0..k).map(|i| NAMES[(start + i) % NAMES.len()]).collect();
        formulas.push(formula(&mut rng, &names, 4));
    }
    let mut compared = 0;
    for f in &formulas {
        for args in [
            vec!["diff", "--latex", f],
            vec!["diff", "--latex", "--hessian", f],
        ] {
            let o = nabla(&args);
            match o.status.code() {
                Some(0) => {
                    texs.extend(stdout(&o).lines().map(str::to_string));
                    compared += 1;
                }
                // A formula too large to print, or whose derivative has no finite form: not a
                // LaTeX output.
                Some(1) => {}
                code => panic!("{args:?}: exit {code:?}: {}", stderr(&o)),
            }
        }
        // One value per variable: the first point whose length fits.
        let traced = ["", "0.7", "0.7,1.3", "0.7,1.3,2.1", "0.7,1.3,2.1,0.4"]
            .iter()
            .map(|at| match *at {
                "" => nabla(&["trace", f, "--latex"]),
                at => nabla(&["trace", f, "--latex", "--at", at]),
            })
            .find(|o| o.status.code() != Some(2));
        let Some(o) = traced else {
            panic!("trace {f}: no point fits");
        };
        let out = stdout(&o);
        if !out.trim().is_empty() {
            texs.push(out);
        }
    }
    assert!(compared >= 200, "only {compared} diff outputs");
    assert!(texs.len() >= 600, "only {} LaTeX outputs", texs.len());
    // The checker itself rejects what TeX rejects (`x__1`, an unbalanced brace).
    let probe = katex_errors(&[
        "x__1".to_string(),
        "\\frac{a}{b".to_string(),
        "x_{1}".to_string(),
    ]);
    assert_eq!(probe.len(), 2, "{probe:?}");
    let bad = katex_errors(&texs);
    assert!(
        bad.is_empty(),
        "{} of {} LaTeX outputs do not typeset; first: {:?}",
        bad.len(),
        texs.len(),
        bad.first()
    );
}
