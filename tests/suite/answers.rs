//! One answer for every front end (issue 24): every command's `--json` document validates
//! against the JSON Schema that `nabla schema` prints (generated from the library's answer
//! types), the checked-in copy `docs/schema.json` is that schema, and the schema speaks one
//! vocabulary: no key the old documents used for a thing that now has one name.
//!
//! A command gets its answer type in the library (`src/answer/`) and its command lines here, in
//! [`DOCUMENTS`]; `UPDATE_SCHEMA=1` rewrites `docs/schema.json` after a change.

use super::cli::{nabla, stderr, stdout};

/// Command lines whose `--json` output must validate, with their exit codes: successes,
/// failures and inconclusive answers alike (a failure is still a document).
const DOCUMENTS: &[(&[&str], i32)] = &[
    (&["eval", "x^2 + 3*x*y", "--at", "x=2,y=1"], 0),
    (&["eval", "1/(1/x)", "--at", "x=0"], 0),
    (&["eval", "ln(x)", "--at", "x=-1"], 1),
    (&["eval", "pi"], 0),
    (&["grad", "x^2*y", "--at", "x=3,y=2"], 0),
    (&["grad", "x^y", "--at", "x=0,y=2"], 0),
    (&["grad", "sqrt(x)", "--at", "x=0"], 1),
    (&["grad", "x^2*y", "--at", "x=3,y=2", "--no-formulas"], 0),
    (&["fit", "w*x + b", "--data", FIT_CSV, "--params", "w,b"], 0),
    (
        &[
            "fit", "w*x + b", "--data", FIT_CSV, "--params", "w,b", "--method", "gd", "--lr", "10",
            "--batch", "1", "--epochs", "200",
        ],
        1,
    ),
    (
        &[
            "plot",
            "x^2 + 3*y^2",
            "--from",
            "x=3,y=4",
            "--methods",
            "gd,adam",
            "--iters",
            "50",
            "-o",
            "-",
        ],
        0,
    ),
    (
        &[
            "plot",
            "x^3 - 3x^2 - 9x + 2",
            "--from",
            "1",
            "--box",
            "-3..4",
            "--iters",
            "200",
            "-o",
            "-",
        ],
        0,
    ),
    // The book's figures: a chart of formulas, panels, the surface with paths from a view.
    (
        &[
            "plot",
            "x^3 - 3x^2 - 9x + 2",
            "--with",
            "derivative",
            "-o",
            "-",
        ],
        0,
    ),
    (
        &[
            "plot",
            "x^2",
            "--from",
            "5",
            "--methods",
            "gd:lr=0.1,gd:lr=0.9",
            "--iters",
            "20",
            "--panels",
            "-o",
            "-",
        ],
        0,
    ),
    (
        &[
            "plot",
            "x^2 + 3*y^2",
            "--surface",
            "--view",
            "50,-50",
            "--from",
            "1,1",
            "--iters",
            "50",
            "-o",
            "-",
        ],
        0,
    ),
    // check, diff, trace, graph (nabla::answer::{check, diff, trace}).
    (&["check", "x^2*y", "--at", "x=1,y=2"], 0),
    (
        &["check", "x^2*y", "--at", "x=1,y=2", "--step", "1e-300"],
        1,
    ),
    (&["check", "sin(x)*y", "--at", "x=1,y=2", "--sweep"], 0),
    (&["check", "x^2*y", "--random", "20", "--box", "-2..2"], 0),
    (
        &["check", "x^2*y", "--grad", "2*x*y; x^2", "--random", "20"],
        0,
    ),
    (
        &["check", "x^2*y", "--grad", "x*y; x^2", "--random", "20"],
        1,
    ),
    (&["diff", "x^2*y"], 0),
    (&["diff", "x^2*y", "--hessian"], 0),
    (&["trace", "x*y + sin(x)", "--at", "x=2,y=3"], 0),
    (&["trace", "sqrt(x)", "--at", "x=-1"], 1),
    (
        &[
            "graph",
            "x*y + sin(x)",
            "--at",
            "x=2,y=3",
            "-o",
            "/tmp/nabla-answers-graph.svg",
        ],
        0,
    ),
    // nabla min: one run (a minimum, a saddle, unbounded, inconclusive), --compare, --global,
    // --certify.
    (
        &[
            "min",
            "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
            "--from",
            "3,4",
        ],
        0,
    ),
    (&["min", "x^3"], 1),
    (&["min", "log(x) + x"], 1),
    (
        &[
            "min",
            "(1e4*x1*x2 - 1)^2 + (exp(-x1) + exp(-x2) - 1.0001)^2",
            "--from",
            "x1=0,x2=10",
        ],
        3,
    ),
    (
        &[
            "min",
            "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
            "--from",
            "3,4",
            "--compare",
            "gd,gd:lr=1e-6",
            "--iters",
            "100",
        ],
        0,
    ),
    (
        &[
            "min",
            "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
            "--global",
            "--box",
            "-5..5",
        ],
        0,
    ),
    (
        &[
            "min",
            "(x + 2*y - 7)^2 + (2*x + y - 5)^2",
            "--certify",
            "--box",
            "-5..5",
        ],
        0,
    ),
    (&["min", "1/x", "--certify", "--box", "-1..1"], 1),
    (&["min", "log(x)", "--global", "--box", "0..1e-100"], 1),
];

/// The CSV the `fit` documents read (the three points of the article in seeds/004), written by
/// the test before it runs them.
const FIT_CSV: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/nabla-answers-fit.csv");

/// Keys the documents used before issue 24 for things that now have one name each: `at` and
/// `from` (now `point`, or `start` for where a run began), `f` and `final_loss` (`value`),
/// `grad` (`gradient`), `elapsed` and `time` (`elapsed_s`), `note` (`notes`).
const RETIRED_KEYS: &[&str] = &[
    "at",
    "from",
    "f",
    "final_loss",
    "grad",
    "elapsed",
    "time",
    "note",
    // fit: `fitted` (now `parameters`), `epoch_losses` (`epoch_values`), `initial_loss`
    // (`start_value`).
    "fitted",
    "epoch_losses",
    "initial_loss",
];

fn schema_of(command: Option<&str>) -> serde_json::Value {
    let mut args = vec!["schema"];
    args.extend(command);
    let o = nabla(&args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("the schema is JSON")
}

#[test]
fn every_json_answer_validates_against_the_schema() {
    let all = schema_of(None);
    let validator = jsonschema::validator_for(&all).expect("a valid JSON Schema");
    std::fs::write(FIT_CSV, "x,y\n-1,-3\n0,0\n1,1\n").expect("write the fit's CSV");
    for (args, code) in DOCUMENTS {
        let mut with_json = args.to_vec();
        with_json.push("--json");
        let o = nabla(&with_json);
        assert_eq!(
            o.status.code(),
            Some(*code),
            "{with_json:?}: {}",
            stderr(&o)
        );
        let doc: serde_json::Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{with_json:?}: not JSON ({e}): {}", stdout(&o)));
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{with_json:?}: {errors:?}\n{doc}");
        // The command's own schema too, and the document says which command and version it is.
        let own = schema_of(Some(args[0]));
        let own = jsonschema::validator_for(&own).expect("a valid JSON Schema");
        assert!(own.is_valid(&doc), "{with_json:?} against its own schema");
        assert_eq!(doc["command"], args[0], "{doc}");
        assert_eq!(doc["schema_version"], "1", "{doc}");
        // The verdict's exit class is the exit code.
        let exit = doc["verdict"]["exit"].as_str().expect("verdict.exit");
        let expected = match code {
            0 => "success",
            1 => "failure",
            3 => "inconclusive",
            _ => "usage",
        };
        assert_eq!(exit, expected, "{with_json:?}");
    }
    // The schema rejects what is not an answer.
    assert!(!validator.is_valid(&serde_json::json!({"command": "eval", "value": 1})));
}

/// Every property name anywhere in a schema.
fn property_names(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            if let Some(serde_json::Value::Object(props)) = m.get("properties") {
                out.extend(props.keys().cloned());
            }
            for x in m.values() {
                property_names(x, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| property_names(x, out)),
        _ => {}
    }
}

#[test]
fn the_schema_speaks_one_vocabulary() {
    let mut names = Vec::new();
    property_names(&schema_of(None), &mut names);
    for retired in RETIRED_KEYS {
        assert!(
            !names.iter().any(|n| n == retired),
            "the schema still has the key `{retired}`"
        );
    }
    for key in [
        "schema_version",
        "formula",
        "vars",
        "point",
        "value",
        "gradient",
        "verdict",
    ] {
        assert!(names.iter().any(|n| n == key), "no answer has `{key}`");
    }
    // Unknown commands are a usage error that lists the known ones.
    let o = nabla(&["schema", "nosuch"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("eval"), "{}", stderr(&o));
}

#[test]
fn the_checked_in_schema_is_the_generated_one() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/schema.json");
    let generated = serde_json::to_string_pretty(&schema_of(None)).expect("json") + "\n";
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(path, &generated).expect("write docs/schema.json");
    }
    let checked_in = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "docs/schema.json differs from `nabla schema`: run UPDATE_SCHEMA=1 cargo test --release --test tests answers"
    );
}
