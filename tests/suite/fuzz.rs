//! Fuzzing that stays: the bodies of the cargo-fuzz targets in `fuzz/fuzz_targets/` (the parser
//! and the CSV reader on arbitrary bytes) and the whole command line on arbitrary argument vectors,
//! driven by proptest with a fixed budget so CI runs them on stable. Nothing may panic (exit code
//! 101 or "panicked" on stderr), hang, or exit with a code other than 0, 1 or 2.

use std::process::Stdio;
use std::time::{Duration, Instant};

use proptest::prelude::*;

/// The body of `fuzz/fuzz_targets/parse.rs`.
fn parse_body(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(f) = nabla::Formula::parse(&text) {
        let _ = f.to_infix();
        if let Ok(mut p) = nabla::Function::new(f) {
            let x = vec![0.5; p.dim()];
            let mut g = vec![0.0; p.dim()];
            let _ = p.value_and_grad(&x, &mut g);
        }
    }
}

/// The body of `fuzz/fuzz_targets/csv.rs`.
fn csv_body(data: &[u8]) {
    let _ = nabla::Dataset::from_csv_reader("fuzz.csv", data);
}

/// Bytes that look like formulas more often than uniform bytes would.
fn formula_bytes() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        Just(b"x".to_vec()),
        Just(b"y".to_vec()),
        Just(b"xy".to_vec()),
        Just(b"1e308".to_vec()),
        Just(b"-".to_vec()),
        Just(b"^".to_vec()),
        Just(b"**".to_vec()),
        Just(b"(".to_vec()),
        Just(b")".to_vec()),
        Just(b"sin(".to_vec()),
        Just(b"atan2(".to_vec()),
        Just(b",".to_vec()),
        Just(b"=".to_vec()),
        Just(b"f(x)=".to_vec()),
        Just(b"lambda x:".to_vec()),
        Just(b"np.".to_vec()),
        Just("\u{feff}π".as_bytes().to_vec()),
        any::<u8>().prop_map(|b| vec![b]),
    ];
    prop::collection::vec(token, 0..40).prop_map(|v| v.concat())
}

fn csv_bytes() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        Just(b"x,y\n".to_vec()),
        Just(b",".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"1.5".to_vec()),
        Just(b"nan".to_vec()),
        Just(b"1e999".to_vec()),
        Just(b"-0".to_vec()),
        Just(b"abc".to_vec()),
        any::<u8>().prop_map(|b| vec![b]),
    ];
    prop::collection::vec(token, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn parser_on_arbitrary_bytes(data in prop::collection::vec(any::<u8>(), 0..200)) {
        parse_body(&data);
    }

    #[test]
    fn parser_on_formula_like_bytes(data in formula_bytes()) {
        parse_body(&data);
    }

    #[test]
    fn csv_reader_on_arbitrary_bytes(data in csv_bytes()) {
        csv_body(&data);
    }
}

/// Where a fuzzed command's standard output goes.
#[derive(Clone, Copy, Debug)]
enum Sink {
    /// Discarded.
    Null,
    /// A full device (`/dev/full`): every write fails; the command must say so and exit 1.
    Full,
    /// A pipe whose reader is gone: the command ends quietly (SIGPIPE) or exits normally.
    ClosedPipe,
}

/// Runs the binary with a kill timeout, its output into `sink`; returns (exit code, stderr), or
/// fails on a hang. A death by SIGPIPE (into a closed pipe) is reported as exit code 0, what
/// `cat` would be.
fn run_into(args: &[String], sink: Sink) -> (Option<i32>, String) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("nabla-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut child = super::cli::nabla_command()
        .args(args)
        .current_dir(&dir)
        .stdin(Stdio::null())
        .stdout(match sink {
            Sink::Null => Stdio::null(),
            Sink::Full if cfg!(target_os = "linux") => std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .expect("open /dev/full")
                .into(),
            Sink::Full => Stdio::null(),
            Sink::ClosedPipe => Stdio::piped(),
        })
        .stderr(Stdio::piped())
        .spawn()
        .expect("run nabla");
    // Close the reading end at once.
    drop(child.stdout.take());
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let out = child.wait_with_output().expect("output");
            #[cfg(unix)]
            let code = {
                use std::os::unix::process::ExitStatusExt;
                match (status.code(), status.signal(), sink) {
                    (None, Some(13), Sink::ClosedPipe) => Some(0),
                    (c, ..) => c,
                }
            };
            #[cfg(not(unix))]
            let code = status.code();
            return (code, String::from_utf8_lossy(&out.stderr).into_owned());
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("nabla {args:?} did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Argument vectors: a subcommand, a formula, and flags with hostile and ordinary values.
fn argv() -> impl Strategy<Value = Vec<String>> {
    let sub = prop_oneof![
        Just("eval"),
        Just("grad"),
        Just("diff"),
        Just("check"),
        Just("min"),
        Just("fit"),
        Just("nope"),
    ];
    let formula = prop_oneof![
        Just("x^2 + 3*x*y"),
        Just("(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2"),
        Just("log(x) + x"),
        Just("abs(x) + max(x, y)"),
        Just("1/x"),
        Just("x = 2"),
        Just("sinn(x)"),
        Just(""),
        Just("-"),
    ];
    let flag = prop_oneof![
        Just("--at"),
        Just("--from"),
        Just("--box"),
        Just("--vars"),
        Just("--iters"),
        Just("--time"),
        Just("--starts"),
        Just("--random"),
        Just("--step"),
        Just("--method"),
        Just("--lr"),
        Just("--memory"),
        Just("--compare"),
        Just("--grad"),
        Just("--wrt"),
        Just("--data"),
        Just("--params"),
        Just("--epochs"),
        Just("--global"),
        Just("--json"),
        Just("--hessian"),
        Just("--sweep"),
    ];
    let value = prop_oneof![
        Just("x=1,y=2"),
        Just("1,2"),
        Just("x=,y=2"),
        Just("x=abc"),
        Just("-5..5"),
        Just("1e308..-1e308"),
        Just("18446744073709551615"),
        Just("1e20"),
        Just("0"),
        Just("-1"),
        Just("nan"),
        Just("5e-324"),
        Just("3"),
        Just("lbfgs"),
        Just("adam:lr=1e9"),
        Just(""),
        Just("x,y,x"),
        Just("2*x*y; x^2"),
    ];
    (
        sub,
        formula,
        prop::collection::vec((flag, prop::option::of(value)), 0..5),
    )
        .prop_map(|(s, f, flags)| {
            let mut v = vec![s.to_string(), f.to_string()];
            for (k, val) in flags {
                v.push(k.to_string());
                if let Some(val) = val {
                    v.push(val.to_string());
                }
            }
            // Keep runs short: a global search or long run is bounded by its own flags.
            v.push("--iters".into());
            v.push("200".into());
            v
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    #[test]
    fn command_lines_never_panic_or_hang(args in argv(), sink in 0u8..4) {
        // Half the runs write to /dev/null, a quarter to a full device, a quarter to a closed
        // pipe.
        let sink = match sink {
            0 | 1 => Sink::Null,
            2 => Sink::Full,
            _ => Sink::ClosedPipe,
        };
        let (code, err) = run_into(&args, sink);
        prop_assert!(!err.contains("panicked"), "{args:?} into {sink:?}: {err}");
        prop_assert!(matches!(code, Some(0..=2)), "{args:?} into {sink:?}: exit {code:?}: {err}");
    }
}
