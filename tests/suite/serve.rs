//! `nabla serve`: the real binary started on an ephemeral loopback port and spoken to over plain
//! HTTP/1.1 (a small blocking client on `TcpStream`). Each endpoint against values worked out by
//! hand, the API's JSON against the CLI's `--json` for the same options, the page's files and
//! routes, and hostile requests sent while a normal client keeps working.
//!
//! Invariants: every server is killed when its guard drops (a failing test leaves no process);
//! no test asserts a wall-clock duration (socket timeouts are hang guards only).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};

const BEALE: &str = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2";

/// Longest any single exchange may take before the test fails instead of hanging.
const HANG_GUARD: Duration = Duration::from_secs(120);

/// A running `nabla serve`, killed on drop.
struct Server {
    child: Child,
    port: u16,
    /// Kept open so the server never writes into a closed pipe.
    _stdout: BufReader<ChildStdout>,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let mut child = super::cli::nabla_command()
            .args(["serve", "--port", "0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nabla serve");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("read the first line");
        // The address is the line's last word in every language.
        let port = line
            .trim()
            .rsplit(' ')
            .next()
            .and_then(|url| url.strip_prefix("http://127.0.0.1:"))
            .and_then(|rest| rest.strip_suffix('/'))
            .and_then(|p| p.parse().ok());
        let Some(port) = port else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("unexpected first line: {line:?}");
        };
        Server {
            child,
            port,
            _stdout: stdout,
        }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "status {}: body is not JSON ({e}): {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    fn error_kind(&self) -> String {
        self.json()["error"]["kind"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }
}

fn connect(port: u16) -> TcpStream {
    let s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(HANG_GUARD)).expect("timeout");
    s.set_write_timeout(Some(HANG_GUARD)).expect("timeout");
    s
}

/// Parses a whole HTTP/1.1 answer (`Connection: close`, so the body runs to the end or to its
/// `Content-Length`).
fn parse_reply(raw: &[u8]) -> Reply {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if let Some(n) = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
    {
        body.truncate(n);
    }
    Reply {
        status,
        headers,
        body,
    }
}

fn request(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut s = connect(port);
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).expect("send the header");
    s.write_all(body).expect("send the body");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read the answer");
    parse_reply(&raw)
}

fn post(port: u16, cmd: &str, body: &Value) -> Reply {
    request(
        port,
        "POST",
        &format!("/api/{cmd}"),
        &[("Content-Type", "application/json")],
        body.to_string().as_bytes(),
    )
}

fn get(port: u16, path: &str) -> Reply {
    request(port, "GET", path, &[], b"")
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[test]
fn serve_grad_eval_diff_give_the_values_worked_by_hand() {
    let s = Server::start(&[]);
    // f = x^2 + 3xy at (1, 2): f = 1 + 6 = 7, df/dx = 2x + 3y = 8, df/dy = 3x = 3.
    let f = "x^2 + 3*x*y";
    let g = post(
        s.port,
        "grad",
        &json!({"formula": f, "options": {"at": "1,2"}}),
    );
    assert_eq!(g.status, 200, "{}", String::from_utf8_lossy(&g.body));
    assert_eq!(g.header("x-nabla-exit"), Some("0"));
    assert_eq!(g.header("content-type"), Some("application/json"));
    let v = g.json();
    assert_eq!(num(&v["value"]), 7.0);
    assert_eq!((num(&v["gradient"][0]), num(&v["gradient"][1])), (8.0, 3.0));
    let e = post(
        s.port,
        "eval",
        &json!({"formula": f, "options": {"at": "x=1,y=2"}}),
    );
    assert_eq!(e.status, 200);
    assert_eq!(num(&e.json()["value"]), 7.0);
    let d = post(s.port, "diff", &json!({"formula": f}));
    assert_eq!(d.status, 200);
    assert_eq!(d.json()["derivatives"][1]["label"], "df/dy");
    assert_eq!(d.json()["derivatives"][1]["text"], "3*x");
    // A formula that starts with `-` is still the formula, not a flag.
    let m = post(
        s.port,
        "eval",
        &json!({"formula": "-x^2", "options": {"at": "3"}}),
    );
    assert_eq!(m.status, 200, "{}", String::from_utf8_lossy(&m.body));
    assert_eq!(num(&m.json()["value"]), -9.0);
    assert!(m.header("x-nabla-warnings").is_none());
    // The CLI's warnings come along in a header, as a JSON array.
    let w = post(
        s.port,
        "grad",
        &json!({"formula": "xy + x", "options": {"at": "1,2"}}),
    );
    assert_eq!(w.status, 200);
    let warnings: Vec<String> = w
        .header("x-nabla-warnings")
        .and_then(|h| serde_json::from_str(h).ok())
        .unwrap_or_default();
    assert_eq!(warnings.len(), 1, "{:?}", w.headers);
    assert!(
        warnings[0].contains("`xy` is read as one variable"),
        "{warnings:?}"
    );
}

#[test]
fn serve_min_check_and_plot() {
    let s = Server::start(&[]);
    // Beale's function has its minimum 0 at (3, 0.5).
    let m = post(
        s.port,
        "min",
        &json!({"formula": BEALE, "options": {"from": "1,1"}}),
    );
    assert_eq!(m.status, 200, "{}", String::from_utf8_lossy(&m.body));
    let x = &m.json()["point"];
    assert!(
        (num(&x[0]) - 3.0).abs() < 1e-6 && (num(&x[1]) - 0.5).abs() < 1e-6,
        "{x}"
    );

    // A correct hand gradient passes; a wrong one is a failed check: exit 1 with its report,
    // still 200 so the page can show the diagnosis.
    let body =
        |grad: &str| json!({"formula": "x^2 + 3*x*y", "options": {"at": "1,2", "grad": grad}});
    let ok = post(s.port, "check", &body("2*x + 3*y; 3*x"));
    assert_eq!((ok.status, ok.header("x-nabla-exit")), (200, Some("0")));
    let bad = post(s.port, "check", &body("2*x + 3*y; -3*x"));
    assert_eq!(bad.status, 200, "{}", String::from_utf8_lossy(&bad.body));
    assert_eq!(bad.header("x-nabla-exit"), Some("1"));
    bad.json();

    // The plot comes back inline with its frame; the run's path starts at the click.
    let p = post(
        s.port,
        "plot",
        &json!({"formula": "x^2 + y^2", "options": {"from": "3,4", "methods": "gd", "iters": 50, "box": "-5..5", "size": "400x300"}}),
    );
    assert_eq!(p.status, 200, "{}", String::from_utf8_lossy(&p.body));
    let v = p.json();
    let file = &v["files"][0];
    assert!(file["svg"].as_str().is_some_and(|t| t.starts_with("<svg")));
    let frame = &file["frame"];
    assert_eq!(
        (num(&frame["width"]), num(&frame["height"])),
        (400.0, 300.0)
    );
    assert_eq!((num(&frame["x"][0]), num(&frame["x"][1])), (-5.0, 5.0));
    assert!(
        num(&frame["left"]) < num(&frame["right"]) && num(&frame["top"]) < num(&frame["bottom"])
    );
    let first = &v["runs"][0]["path"][0];
    assert_eq!(num(&first["iteration"]), 0.0);
    assert_eq!(
        (num(&first["point"][0]), num(&first["point"][1])),
        (3.0, 4.0)
    );
    assert_eq!(num(&first["value"]), 25.0);
}

/// The keys whose values are timings, different between two runs of the same computation.
fn drop_timings(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|k, _| k != "elapsed_s" && k != "seconds" && k != "time");
            m.values_mut().for_each(drop_timings);
        }
        Value::Array(a) => a.iter_mut().for_each(drop_timings),
        _ => {}
    }
}

#[test]
fn serve_answers_are_the_cli_json() {
    let s = Server::start(&[]);
    let cases: [(&str, &str, Value, Vec<&str>); 6] = [
        (
            "eval",
            "sin(x)*y",
            json!({"at": "1,2"}),
            vec!["--at", "1,2"],
        ),
        (
            "grad",
            "x^2 + 3*x*y",
            json!({"at": "1,2"}),
            vec!["--at", "1,2"],
        ),
        ("diff", "x*y^2", json!({"hessian": true}), vec!["--hessian"]),
        (
            "check",
            "exp(x)*y",
            json!({"at": "0.5,2", "sweep": true}),
            vec!["--at", "0.5,2", "--sweep"],
        ),
        (
            "min",
            BEALE,
            json!({"from": "3,4", "method": "adam", "lr": 0.01, "iters": 500}),
            vec![
                "--from", "3,4", "--method", "adam", "--lr", "0.01", "--iters", "500",
            ],
        ),
        (
            "plot",
            "x^2 + 3*y^2",
            json!({"from": "2,1", "methods": "gd,adam", "iters": 30, "size": "300x200", "grid": 20}),
            vec![
                "--from",
                "2,1",
                "--methods",
                "gd,adam",
                "--iters",
                "30",
                "--size",
                "300x200",
                "--grid",
                "20",
                "-o",
                "-",
            ],
        ),
    ];
    for (cmd, formula, options, flags) in cases {
        let r = post(
            s.port,
            cmd,
            &json!({"formula": formula, "options": options}),
        );
        assert_eq!(r.status, 200, "{cmd}: {}", String::from_utf8_lossy(&r.body));
        let mut api = r.json();
        let out = super::cli::nabla_command()
            .arg(cmd)
            .args(&flags)
            .args(["--json", "--", formula])
            .output()
            .expect("run nabla");
        // The same exit too (adam's 500 steps end short of Beale's minimum: exit 1, still JSON).
        let code = out.status.code().map(|c| c.to_string());
        assert_eq!(r.header("x-nabla-exit"), code.as_deref(), "{cmd}");
        let mut cli: Value = serde_json::from_slice(&out.stdout).expect("CLI JSON");
        drop_timings(&mut api);
        drop_timings(&mut cli);
        assert_eq!(api, cli, "{cmd}");
    }
}

#[test]
fn serve_pages_routes_and_limits() {
    let s = Server::start(&[]);
    for (path, ty) in [
        ("/", "text/html"),
        ("/app.js", "text/javascript"),
        ("/layout.js", "text/javascript"),
        ("/style.css", "text/css"),
    ] {
        let r = get(s.port, path);
        assert_eq!(r.status, 200, "{path}");
        assert!(
            r.header("content-type").is_some_and(|t| t.starts_with(ty)),
            "{path}"
        );
        assert_eq!(r.header("cache-control"), Some("no-cache"), "{path}");
        assert!(!r.body.is_empty());
    }
    let home = String::from_utf8_lossy(&get(s.port, "/").body).into_owned();
    assert!(home.contains("/app.js") && home.contains("/layout.js") && home.contains("/style.css"));

    let missing = get(s.port, "/etc/passwd");
    assert_eq!(
        (missing.status, missing.error_kind()),
        (404, "not_found".to_string())
    );
    let unknown_cmd = post(s.port, "graph", &json!({"formula": "x"}));
    assert_eq!(unknown_cmd.status, 404);
    let wrong_method = get(s.port, "/api/grad");
    assert_eq!(
        (wrong_method.status, wrong_method.error_kind()),
        (405, "method".to_string())
    );
    // Bound to loopback, it does not answer for other host names (DNS rebinding).
    let mut c = connect(s.port);
    c.write_all(b"GET /api/limits HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
        .expect("send");
    let mut raw = Vec::new();
    c.read_to_end(&mut raw).expect("read");
    let foreign = parse_reply(&raw);
    assert_eq!(
        (foreign.status, foreign.error_kind()),
        (403, "forbidden_host".to_string())
    );
    let limits = get(s.port, "/api/limits");
    assert_eq!(limits.status, 200);
    let l = limits.json();
    assert_eq!(num(&l["body_bytes"]), 65536.0);
    assert_eq!(num(&l["fit_body_bytes"]), 262144.0);
    assert_eq!(num(&l["cli"]["fit_residual_rows"]), 10000.0);
    assert_eq!(num(&l["budget_seconds"]), 10.0);
    assert_eq!(num(&l["cli"]["iters"]), 1e8);
}

#[test]
fn serve_maps_cli_failures_to_4xx() {
    let s = Server::start(&[]);
    // A parse error: 400 with the CLI's caret message.
    let r = post(
        s.port,
        "grad",
        &json!({"formula": "x^2 +* 3", "options": {"at": "1"}}),
    );
    assert_eq!((r.status, r.error_kind()), (400, "usage".to_string()));
    let message = r.json()["error"]["message"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        message.contains('^') && message.contains("x^2 +* 3"),
        "{message}"
    );
    // A numerical failure is an answer like any other: the document, its verdict and exit 1.
    let r = post(
        s.port,
        "eval",
        &json!({"formula": "1/x", "options": {"at": "0"}}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["verdict"]["kind"], "not_finite");
    assert_eq!(r.json()["verdict"]["exit"], "failure");
    assert!(r.json()["verdict"]["sentence"]
        .as_str()
        .is_some_and(|m| m.contains("inf")));
}

/// NIST StRD Misra1a as CSV with the header `x,y`: the data lines 61 to 74 of NIST's file, whose
/// columns are `y x`.
fn misra1a_csv() -> String {
    let dat = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/strd/Misra1a.dat"
    ))
    .expect("read Misra1a.dat");
    let mut csv = String::from("x,y\n");
    for line in dat.lines().skip(60).take(14) {
        let f: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(f.len(), 2, "{line}");
        csv.push_str(&format!("{},{}\n", f[1], f[0]));
    }
    csv
}

/// A JSON POST whose body is written by another thread while the answer is read: a server that
/// refuses a large body from its `Content-Length` may answer and close before taking it all.
fn post_large(port: u16, cmd: &str, body: &Value) -> Reply {
    let mut s = connect(port);
    let body = body.to_string();
    let head = format!(
        "POST /api/{cmd} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).expect("send the header");
    let mut writer = s.try_clone().expect("clone the socket");
    let sender = std::thread::spawn(move || {
        let _ = writer.write_all(body.as_bytes());
    });
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let _ = sender.join();
    parse_reply(&raw)
}

/// Relative difference.
fn rel(got: f64, want: f64) -> f64 {
    (got - want).abs() / want.abs()
}

#[test]
fn serve_fits_misra1a_to_the_certified_values() {
    let s = Server::start(&[]);
    let csv = misra1a_csv();
    let model = "b1*(1-exp(-b2*x))";
    // NIST's start 1.
    let options = json!({"params": "b1,b2", "init": "b1=500,b2=1e-4"});
    let r = post(
        s.port,
        "fit",
        &json!({"formula": model, "data": csv, "options": options}),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.header("x-nabla-exit"), Some("0"));
    let v = r.json();
    // NIST's certified values (Misra1a.dat, lines 41 to 47): b1 = 2.3894212918E+02 (standard
    // deviation 2.7070075241E+00), b2 = 5.5015643181E-04 (7.2668688436E-06), residual sum of
    // squares 1.2455138894E-01, 12 degrees of freedom; parameters to NIST's LRE >= 6, standard
    // errors to LRE >= 4.
    assert_eq!(v["vars"], json!(["b1", "b2"]));
    assert!(
        rel(num(&v["parameters"]["b1"]), 2.3894212918E+02) < 1e-6,
        "{v}"
    );
    assert!(
        rel(num(&v["parameters"]["b2"]), 5.5015643181E-04) < 1e-6,
        "{v}"
    );
    let u = &v["uncertainty"];
    assert!(
        rel(num(&u["std_errors"][0]), 2.7070075241E+00) < 1e-4,
        "{u}"
    );
    assert!(
        rel(num(&u["std_errors"][1]), 7.2668688436E-06) < 1e-4,
        "{u}"
    );
    assert!(rel(num(&u["rss"]), 1.2455138894E-01) < 1e-6, "{u}");
    assert_eq!(u["dof"], 12);
    assert_eq!(v["verdict"]["exit"], "success");
    // The residuals for the page's chart: one per row, against the pressures x, and their
    // squares add up to the certified residual sum.
    let res = &v["residuals"];
    assert_eq!(res["x_name"], "x");
    let xs: Vec<f64> = res["x"].as_array().unwrap().iter().map(num).collect();
    assert_eq!(xs.len(), 14);
    assert_eq!((xs[0], xs[13]), (77.6, 760.0));
    let ss: f64 = res["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| num(r).powi(2))
        .sum();
    assert!(rel(ss, 1.2455138894E-01) < 1e-6, "{ss}");
    // The answer is the CLI's for the same data on standard input.
    let out = super::cli::nabla_stdin(
        &[
            "fit",
            model,
            "--params",
            "b1,b2",
            "--init",
            "b1=500,b2=1e-4",
            "--data",
            "-",
            "--json",
        ],
        &csv,
    );
    let mut cli: Value = serde_json::from_slice(&out.stdout).expect("CLI JSON");
    let mut api = v.clone();
    drop_timings(&mut api);
    drop_timings(&mut cli);
    assert_eq!(api, cli);
}

#[test]
fn serve_fit_refuses_bad_data_and_file_options() {
    let s = Server::start(&[]);
    let fit = |data: &str, options: Value| {
        post(
            s.port,
            "fit",
            &json!({"formula": "w*x + b", "data": data, "options": options}),
        )
    };
    // Bad CSV: 400 `usage` with the CLI's own message for the same text on standard input.
    let bad = "x,y\n1,2\n2,abc\n";
    let r = fit(bad, json!({"params": "w,b"}));
    assert_eq!((r.status, r.error_kind()), (400, "usage".to_string()));
    let out = super::cli::nabla_stdin(
        &["fit", "w*x + b", "--params", "w,b", "--data", "-", "--json"],
        bad,
    );
    let cli = String::from_utf8_lossy(&out.stderr).trim_end().to_string();
    assert!(
        cli.contains("`standard input` line 3, column `y`: `abc` is not a number"),
        "{cli}"
    );
    assert_eq!(r.json()["error"]["message"], cli.as_str());
    // A ragged row names its line too.
    let r = fit("x,y\n1,2\n3\n", json!({"params": "w,b"}));
    assert_eq!((r.status, r.error_kind()), (400, "usage".to_string()));
    assert!(r.json()["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("line 3 has 1 fields but the header has 2")));
    // Options that name files, or that the server sets, are refused before anything runs.
    for (options, says) in [
        (
            json!({"params": "w,b", "plot": "/tmp/r.svg"}),
            "writes a file",
        ),
        (
            json!({"params": "w,b", "data": "/etc/passwd"}),
            "`data` field",
        ),
        (
            json!({"params": "w,b", "file": "/etc/passwd"}),
            "reads a file",
        ),
        (json!({"params": "w,b", "json": false}), "JSON answer"),
        (
            json!({"params": "w,b", "speed": 3}),
            "unknown option `speed`",
        ),
    ] {
        let r = fit("x,y\n0,1\n1,3\n", options.clone());
        assert_eq!(
            (r.status, r.error_kind()),
            (400, "bad_request".to_string()),
            "{options}"
        );
        let m = r.json()["error"]["message"]
            .as_str()
            .unwrap_or("")
            .to_string();
        assert!(m.contains(says), "{options}: {m}");
    }
    let r = post(
        s.port,
        "fit",
        &json!({"formula": "w*x", "options": {"params": "w"}}),
    );
    assert_eq!((r.status, r.error_kind()), (400, "bad_request".to_string()));
    // fit takes a body of up to 256 KiB (about 90 KiB here: more than any other endpoint
    // takes): 8,000 rows on the line y = 2x + 1, fitted exactly.
    let rows: String = (0..8000).map(|i| format!("{i},{}\n", 2 * i + 1)).collect();
    let data = format!("x,y\n{rows}");
    assert!(data.len() > 64 << 10);
    // An epoch count past the CLI's maximum is the CLI's usage error: the child exits before
    // reading its data (more than a pipe holds), and the server lives on.
    let r = fit(&data, json!({"params": "w,b", "epochs": 100_000_000}));
    assert_eq!((r.status, r.error_kind()), (400, "usage".to_string()));
    let r = fit(&data, json!({"params": "w,b"}));
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let v = r.json();
    assert_eq!(v["rows"], 8000);
    assert!((num(&v["parameters"]["w"]) - 2.0).abs() < 1e-9, "{v}");
    assert_eq!(
        v["residuals"]["values"].as_array().map(Vec::len),
        Some(8000)
    );
    // Past 256 KiB: 413, saying to send fewer rows.
    let rows: String = (0..30_000)
        .map(|i| format!("{i},{}\n", 2 * i + 1))
        .collect();
    let big = format!("x,y\n{rows}");
    assert!(big.len() > 256 << 10);
    let r = post_large(
        s.port,
        "fit",
        &json!({"formula": "w*x + b", "data": big, "options": {"params": "w,b"}}),
    );
    assert_eq!((r.status, r.error_kind()), (413, "too_large".to_string()));
    assert!(r.json()["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("fewer rows")));
    // The same 90 KiB is too much for an endpoint that takes a formula only.
    let r = post_large(
        s.port,
        "grad",
        &json!({"formula": "x", "options": {"at": "1"}, "padding": data}),
    );
    assert_eq!((r.status, r.error_kind()), (413, "too_large".to_string()));
}

/// The hostile requests of the issue, each with the status it must get.
fn hostile(port: u16) {
    let json_type = [("Content-Type", "application/json")];
    let send = |body: &[u8]| request(port, "POST", "/api/grad", &json_type, body);
    let cases: Vec<(&str, Reply, u16, &str)> = vec![
        (
            "malformed JSON",
            send(b"{\"formula\": \"x^2\", "),
            400,
            "bad_request",
        ),
        (
            "wrong content type",
            request(
                port,
                "POST",
                "/api/grad",
                &[("Content-Type", "text/plain")],
                b"x^2",
            ),
            415,
            "content_type",
        ),
        (
            "a file option",
            post(
                port,
                "eval",
                &json!({"formula": "x", "options": {"file": "/etc/passwd", "at": "1"}}),
            ),
            400,
            "bad_request",
        ),
        (
            "an output option",
            post(
                port,
                "plot",
                &json!({"formula": "x", "options": {"output": "/tmp/evil.svg"}}),
            ),
            400,
            "bad_request",
        ),
        (
            "an unknown option",
            post(
                port,
                "grad",
                &json!({"formula": "x", "options": {"speed": 3}}),
            ),
            400,
            "bad_request",
        ),
        (
            "10^9 iterations",
            post(
                port,
                "min",
                &json!({"formula": "x^2", "options": {"from": "1", "iters": 1_000_000_000u64}}),
            ),
            400,
            "usage",
        ),
        (
            "a 100000-point grid",
            post(
                port,
                "plot",
                &json!({"formula": "x^2 + y^2", "options": {"grid": 100_000}}),
            ),
            400,
            "usage",
        ),
        (
            "a 100000x100000 picture",
            post(
                port,
                "plot",
                &json!({"formula": "x^2 + y^2", "options": {"size": "100000x100000"}}),
            ),
            400,
            "usage",
        ),
        (
            "a 100,000-level formula",
            post(
                port,
                "grad",
                &json!({"formula": format!("{}x{}", "(".repeat(100_000), ")".repeat(100_000)), "options": {"at": "1"}}),
            ),
            413,
            "too_large",
        ),
        (
            "a 6,000-level formula inside the size limit",
            post(
                port,
                "grad",
                &json!({"formula": format!("{}x{}", "sin(".repeat(6_000), ")".repeat(6_000)), "options": {"at": "1"}}),
            ),
            400,
            "usage",
        ),
    ];
    for (what, reply, status, kind) in cases {
        assert_eq!(
            reply.status,
            status,
            "{what}: {}",
            String::from_utf8_lossy(&reply.body)
        );
        assert_eq!(reply.error_kind(), kind, "{what}");
    }
    big_body(port);
    slow_body(port);
    slow_client(port);
}

/// A client that sends its header and part of its body, then stalls: 408 after the read
/// timeout, and no computation.
fn slow_body(port: u16) {
    let mut s = connect(port);
    let head = "POST /api/grad HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: 100\r\n\r\n{\"formula\"";
    s.write_all(head.as_bytes()).expect("send the header");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read the answer");
    let reply = parse_reply(&raw);
    assert_eq!(
        (reply.status, reply.error_kind()),
        (408, "slow_request".to_string())
    );
}

/// A 10 MB body: refused from its `Content-Length` with 413, whether or not the client has sent
/// it all by then.
fn big_body(port: u16) {
    let mut s = connect(port);
    let body = format!("{{\"formula\": \"{}\"}}", "x+".repeat(5_000_000));
    let head = format!(
        "POST /api/grad HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).expect("send the header");
    let mut writer = s.try_clone().expect("clone the socket");
    // The server may answer and close before taking the whole body: a failed write is fine.
    let sender = std::thread::spawn(move || {
        let _ = writer.write_all(body.as_bytes());
    });
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let _ = sender.join();
    let reply = parse_reply(&raw);
    assert_eq!(
        (reply.status, reply.error_kind()),
        (413, "too_large".to_string())
    );
}

/// A client that sends its header a byte at a time and then stalls is cut off by the read
/// timeout: the connection closes without an answer being computed.
fn slow_client(port: u16) {
    let mut s = connect(port);
    for b in b"POST /api/grad HTTP/1.1\r\nHost: 1" {
        s.write_all(&[*b]).expect("send a byte");
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut raw = Vec::new();
    // The server closes the connection (with or without a 408): reading ends instead of hanging.
    match s.read_to_end(&mut raw) {
        Ok(_) => {
            if !raw.is_empty() {
                assert_eq!(parse_reply(&raw).status, 408);
            }
        }
        Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset, "{e}"),
    }
}

#[test]
fn serve_hostile_requests_get_4xx_while_a_normal_client_keeps_working() {
    let s = Server::start(&["--read-timeout", "1"]);
    let port = s.port;
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicUsize::new(0));
    let normal = {
        let (stop, done) = (stop.clone(), done.clone());
        std::thread::spawn(move || {
            let mut failures = Vec::new();
            // At least a few requests even if the hostile ones finish first.
            while !stop.load(Ordering::SeqCst) || done.load(Ordering::SeqCst) < 5 {
                let r = post(
                    port,
                    "grad",
                    &json!({"formula": "x^2 + 3*x*y", "options": {"at": "1,2"}}),
                );
                if r.status != 200 || r.json()["gradient"] != json!([8.0, 3.0]) {
                    failures.push(format!(
                        "{}: {}",
                        r.status,
                        String::from_utf8_lossy(&r.body)
                    ));
                }
                done.fetch_add(1, Ordering::SeqCst);
            }
            failures
        })
    };
    hostile(port);
    stop.store(true, Ordering::SeqCst);
    let failures = normal.join().expect("the normal client");
    assert!(failures.is_empty(), "{failures:?}");
    assert!(done.load(Ordering::SeqCst) >= 5);
    // And the server still answers afterwards.
    assert_eq!(get(port, "/api/limits").status, 200);
}

/// The child processes of `pid` (Linux), to see that a killed computation leaves none behind.
#[cfg(target_os = "linux")]
fn children(pid: u32) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) {
        for t in tasks.flatten() {
            let list = std::fs::read_to_string(t.path().join("children")).unwrap_or_default();
            out.extend(list.split_whitespace().map(str::to_string));
        }
    }
    out
}

/// A request that runs far past any test's budget: gd with no stall rule for 10^8 iterations of a
/// function of 100 sines (minutes, even optimized).
fn long_run() -> Value {
    let f: Vec<String> = (1..=100).map(|k| format!("sin({k}*x + y)^2")).collect();
    json!({"formula": f.join(" + "), "options": {"from": "1,1", "method": "gd", "lr": 1e-12, "iters": 100_000_000, "stall": 0}})
}

#[cfg(target_os = "linux")]
#[test]
fn serve_is_busy_when_every_slot_and_the_queue_are_taken() {
    let s = Server::start(&["--jobs", "1", "--queue", "0", "--budget", "2"]);
    let port = s.port;
    let long = std::thread::spawn(move || post(port, "min", &long_run()));
    // Its child exists once it holds the only slot.
    wait_for_children(s.pid(), true);
    let r = post(
        port,
        "eval",
        &json!({"formula": "2*x", "options": {"at": "4"}}),
    );
    assert_eq!((r.status, r.error_kind()), (503, "busy".to_string()));
    assert_eq!(r.header("retry-after"), Some("1"));
    let l = long.join().expect("the long request");
    assert_eq!((l.status, l.error_kind()), (503, "timeout".to_string()));
    // The slot is free again.
    assert_eq!(
        post(
            port,
            "eval",
            &json!({"formula": "2*x", "options": {"at": "4"}})
        )
        .status,
        200
    );
}

/// Waits (within [`HANG_GUARD`]) until `pid` has children (`true`) or none (`false`).
#[cfg(target_os = "linux")]
fn wait_for_children(pid: u32, present: bool) {
    let waited = std::time::Instant::now();
    while children(pid).is_empty() == present {
        assert!(
            waited.elapsed() < HANG_GUARD,
            "children of {pid} still {}",
            if present { "absent" } else { "present" }
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[cfg(target_os = "linux")]
#[test]
fn serve_stops_the_computation_of_a_client_that_goes_away() {
    // A budget far beyond the hang guard: only the cancellation can end the child in time.
    let s = Server::start(&["--budget", "600"]);
    let mut c = connect(s.port);
    let body = long_run().to_string();
    let head = format!(
        "POST /api/min HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    c.write_all(head.as_bytes()).expect("send the header");
    c.write_all(body.as_bytes()).expect("send the body");
    wait_for_children(s.pid(), true);
    drop(c);
    wait_for_children(s.pid(), false);
    let ok = post(
        s.port,
        "eval",
        &json!({"formula": "2*x", "options": {"at": "4"}}),
    );
    assert_eq!(ok.status, 200);
}

#[test]
fn serve_stops_a_computation_past_its_budget() {
    let s = Server::start(&["--budget", "1"]);
    let r = post(s.port, "min", &long_run());
    assert_eq!((r.status, r.error_kind()), (503, "timeout".to_string()));
    assert!(r.header("retry-after").is_none());
    #[cfg(target_os = "linux")]
    assert!(children(s.pid()).is_empty(), "{:?}", children(s.pid()));
    let ok = post(
        s.port,
        "eval",
        &json!({"formula": "2*x", "options": {"at": "4"}}),
    );
    assert_eq!(ok.status, 200);
    assert_eq!(num(&ok.json()["value"]), 8.0);
}

#[cfg(unix)]
#[test]
fn serve_shuts_down_on_ctrl_c() {
    // At once after the first line: the handler is in place before the server says it listens.
    let mut s = Server::start(&[]);
    let sent = Command::new("kill")
        .args(["-INT", &s.pid().to_string()])
        .status()
        .expect("run kill");
    assert!(sent.success());
    let waited = std::time::Instant::now();
    let status = loop {
        if let Some(st) = s.child.try_wait().expect("wait for the server") {
            break st;
        }
        assert!(waited.elapsed() < HANG_GUARD, "the server did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));
}

/// Sends `raw` (a whole request, `Connection: close`) and reads the answer.
fn raw_request(port: u16, raw: &str) -> Reply {
    let mut c = connect(port);
    c.write_all(raw.as_bytes()).expect("send");
    let mut got = Vec::new();
    c.read_to_end(&mut got).expect("read");
    parse_reply(&got)
}

/// A POST of a small grad request with the given extra header lines (each ending in `\r\n`).
fn grad_with(port: u16, host_and_more: &str) -> Reply {
    let body = r#"{"formula": "x^2", "options": {"at": "3"}}"#;
    raw_request(
        port,
        &format!(
            "POST /api/grad HTTP/1.1\r\n{host_and_more}Content-Type: application/json\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    )
}

#[test]
fn serve_answers_carry_the_security_headers() {
    let s = Server::start(&[]);
    let answers = [
        get(s.port, "/"),
        get(s.port, "/app.js"),
        get(s.port, "/api/limits"),
        get(s.port, "/nothing"),
        post(
            s.port,
            "eval",
            &json!({"formula": "2*x", "options": {"at": "4"}}),
        ),
        post(s.port, "eval", &json!({"formula": "2*x +"})),
        raw_request(
            s.port,
            "GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
        ),
    ];
    for r in &answers {
        let csp = r.header("content-security-policy").unwrap_or("");
        // Framing by any page is refused, and scripts come only from the server itself.
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
            "{} {csp:?}",
            r.status
        );
        assert!(!csp.contains("script-src 'self' 'unsafe"), "{csp}");
        assert_eq!(r.header("x-frame-options"), Some("DENY"), "{}", r.status);
        assert_eq!(
            r.header("x-content-type-options"),
            Some("nosniff"),
            "{}",
            r.status
        );
    }
    let statuses: Vec<u16> = answers.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 200, 200, 404, 200, 400, 403]);
}

#[test]
fn serve_refuses_posts_from_other_sites() {
    let s = Server::start(&[]);
    let port = s.port;
    // The page's own origin: the scheme and the host it was loaded from, here with the port.
    let own = grad_with(
        port,
        &format!("Host: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n"),
    );
    assert_eq!(own.status, 200, "{}", String::from_utf8_lossy(&own.body));
    // No Origin at all (curl, scripts): answered.
    assert_eq!(
        grad_with(port, &format!("Host: 127.0.0.1:{port}\r\n")).status,
        200
    );
    for origin in [
        "http://evil.example".to_string(),
        "null".to_string(),
        format!("https://127.0.0.1:{port}"),
        format!("http://127.0.0.1:{}", port.wrapping_add(1)),
        format!("http://localhost:{port}"),
    ] {
        let r = grad_with(
            port,
            &format!("Host: 127.0.0.1:{port}\r\nOrigin: {origin}\r\n"),
        );
        assert_eq!(
            (r.status, r.error_kind()),
            (403, "forbidden_origin".to_string()),
            "{origin}"
        );
    }
    // A GET from another site is a plain page load or an image, and is answered.
    let g = raw_request(
        port,
        "GET /api/limits HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(g.status, 200);
}

#[test]
fn serve_host_check_is_strict() {
    let s = Server::start(&[]);
    let port = s.port;
    let limits =
        |head: &str| raw_request(port, &format!("GET {head}\r\nConnection: close\r\n\r\n"));
    for (what, head) in [
        (
            "a port that is not a number",
            "/api/limits HTTP/1.1\r\nHost: localhost:evil",
        ),
        (
            "a name after the IPv6 address",
            "/api/limits HTTP/1.1\r\nHost: [::1]evil.com",
        ),
        ("two ports", "/api/limits HTTP/1.1\r\nHost: 127.0.0.1:80:80"),
        (
            "an absolute-form target for another host with a local Host",
            "http://evil.example/api/limits HTTP/1.1\r\nHost: 127.0.0.1",
        ),
    ] {
        let r = limits(head);
        assert_eq!(
            (r.status, r.error_kind()),
            (403, "forbidden_host".to_string()),
            "{what}"
        );
    }
    // Two Host headers, a local one first: the request is malformed whatever the second says.
    for second in ["evil.example", "127.0.0.1"] {
        let r = limits(&format!(
            "/api/limits HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: {second}"
        ));
        assert_eq!(
            (r.status, r.error_kind()),
            (400, "bad_request".to_string()),
            "{second}"
        );
    }
    // The local spellings are answered, the absolute form for a local authority too.
    for head in [
        format!("/api/limits HTTP/1.1\r\nHost: localhost:{port}"),
        format!("/api/limits HTTP/1.1\r\nHost: [::1]:{port}"),
        format!("http://127.0.0.1:{port}/api/limits HTTP/1.1\r\nHost: 127.0.0.1"),
    ] {
        assert_eq!(limits(&head).status, 200, "{head}");
    }
}

#[test]
fn serve_refuses_duplicate_json_keys() {
    let s = Server::start(&[]);
    let send = |body: &str| {
        request(
            s.port,
            "POST",
            "/api/eval",
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        )
    };
    for (body, key) in [
        (
            r#"{"formula": "2*x", "formula": "3*x", "options": {"at": "4"}}"#,
            "formula",
        ),
        (
            r#"{"formula": "2*x", "options": {"at": "4", "at": "5"}}"#,
            "at",
        ),
        (
            r#"{"formula": "2*x", "options": {"at": "4", "\u0061t": "5"}}"#,
            "at",
        ),
    ] {
        let r = send(body);
        assert_eq!(
            (r.status, r.error_kind()),
            (400, "bad_request".to_string()),
            "{body}"
        );
        let message = r.json()["error"]["message"]
            .as_str()
            .unwrap_or("")
            .to_string();
        assert!(message.contains(&format!("`{key}` twice")), "{message}");
    }
    // Equal keys in different objects are fine: 2*4 = 8.
    let ok = send(r#"{"formula": "2*x", "options": {"at": "x=4"}}"#);
    assert_eq!(ok.status, 200);
    assert_eq!(num(&ok.json()["value"]), 8.0);
}

#[test]
fn serve_on_an_address_of_another_machine_says_so() {
    // 8.8.8.8 is a public resolver's address, never one of a test machine's own.
    let mut child = super::cli::nabla_command()
        .args(["serve", "--port", "0", "--host", "8.8.8.8"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start nabla serve");
    let waited = std::time::Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break st;
        }
        if waited.elapsed() > HANG_GUARD {
            let _ = child.kill();
            let _ = child.wait();
            panic!("nabla serve --host 8.8.8.8 kept running");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut err = String::new();
    let _ = child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err);
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(err.contains("not an address of this machine"), "{err}");
    assert!(!err.contains("another port"), "{err}");
}

/// Parses a whole answer after any interim (1xx) answers, which an HTTP/1.1 client skips.
fn parse_final_reply(raw: &[u8]) -> Reply {
    let mut rest = raw;
    while rest.starts_with(b"HTTP/1.1 1") {
        let end = rest
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("an unfinished interim answer: {raw:?}"));
        rest = &rest[end + 4..];
    }
    parse_reply(rest)
}

#[test]
fn serve_answers_a_client_that_half_closes() {
    let s = Server::start(&[]);
    // f = x^2 + 3xy at (1, 2): df/dx = 2x + 3y = 8, df/dy = 3x = 3. Beale's minimum is (3, 0.5);
    // the search takes long enough that the end of stream arrives while it runs.
    let cases = [
        (
            "grad",
            json!({"formula": "x^2 + 3*x*y", "options": {"at": "1,2"}}),
            "Connection: close\r\n",
        ),
        (
            "min",
            json!({"formula": BEALE, "options": {"from": "1,1"}}),
            "",
        ),
    ];
    for (cmd, body, connection) in cases {
        let body = body.to_string();
        let mut c = connect(s.port);
        let head = format!(
            "POST /api/{cmd} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n{connection}Content-Length: {}\r\n\r\n",
            body.len()
        );
        c.write_all(head.as_bytes()).expect("send the header");
        c.write_all(body.as_bytes()).expect("send the body");
        // Done sending: the writing side is shut, the reading side stays open for the answer.
        c.shutdown(std::net::Shutdown::Write).expect("half-close");
        let mut raw = Vec::new();
        c.read_to_end(&mut raw).expect("read the answer");
        assert!(!raw.is_empty(), "{cmd}: no answer to a half-closed client");
        let r = parse_final_reply(&raw);
        assert_eq!(r.status, 200, "{cmd}: {}", String::from_utf8_lossy(&r.body));
        let v = r.json();
        if cmd == "grad" {
            assert_eq!(v["gradient"], json!([8.0, 3.0]));
        } else {
            let x = &v["point"];
            assert!(
                (num(&x[0]) - 3.0).abs() < 1e-6 && (num(&x[1]) - 0.5).abs() < 1e-6,
                "{x}"
            );
        }
    }
}

/// How long a student waits for an answer before giving up (an eval takes milliseconds; a
/// request stuck behind idle sockets waits for their read timeout, 30 s in the test below).
const STUDENT_WAIT: Duration = Duration::from_secs(10);

/// A connection to the server from the loopback address `from` (Linux routes all of 127/8 to
/// this machine, so 127.0.0.2 is another client of the same server).
fn connect_from(from: [u8; 4], port: u16) -> std::io::Result<TcpStream> {
    use socket2::{Domain, Socket, Type};
    let sock = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    sock.bind(&std::net::SocketAddr::from((from, 0)).into())?;
    sock.connect(&std::net::SocketAddr::from(([127, 0, 0, 1], port)).into())?;
    Ok(sock.into())
}

/// One student's request from `from`: `2*x` at `x = k`, whose value is `2k`; the failure, if
/// any, in words.
fn student(from: [u8; 4], port: u16, k: u32) -> Result<(), String> {
    let mut s = connect_from(from, port).map_err(|e| format!("connect: {e}"))?;
    s.set_read_timeout(Some(STUDENT_WAIT))
        .and_then(|()| s.set_write_timeout(Some(STUDENT_WAIT)))
        .map_err(|e| e.to_string())?;
    let body = format!(r#"{{"formula": "2*x", "options": {{"at": "{k}"}}}}"#);
    let head = format!(
        "POST /api/eval HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(head.as_bytes())
        .map_err(|e| format!("send: {e}"))?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).map_err(|e| format!("read: {e}"))?;
    if raw.is_empty() {
        return Err("closed without an answer".to_string());
    }
    let r = parse_reply(&raw);
    let value = serde_json::from_slice::<Value>(&r.body)
        .ok()
        .and_then(|v| v["value"].as_f64());
    if r.status == 200 && value == Some(2.0 * f64::from(k)) {
        Ok(())
    } else {
        Err(format!(
            "{}: {}",
            r.status,
            String::from_utf8_lossy(&r.body)
        ))
    }
}

/// An attacker holding `count` idle sockets (connected, sending nothing) from the addresses
/// `from`, reopening each as soon as the server cuts it; at most [`Idle::REOPEN`] reopenings
/// per sweep, a sweep every 10 ms, until stopped.
struct Idle {
    stop: Arc<AtomicBool>,
    opened: Arc<AtomicUsize>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Idle {
    const REOPEN: usize = 32;

    fn hold(port: u16, from: Vec<[u8; 4]>, count: usize) -> Idle {
        let stop = Arc::new(AtomicBool::new(false));
        let opened = Arc::new(AtomicUsize::new(0));
        let thread = {
            let (stop, opened) = (stop.clone(), opened.clone());
            std::thread::spawn(move || {
                let mut socks: Vec<Option<TcpStream>> = (0..count).map(|_| None).collect();
                while !stop.load(Ordering::SeqCst) {
                    let mut reopen = Idle::REOPEN;
                    for (k, slot) in socks.iter_mut().enumerate() {
                        let alive = slot.as_mut().is_some_and(|s| {
                            let mut byte = [0u8; 1];
                            match s.read(&mut byte) {
                                Ok(0) => false,
                                Ok(_) => true,
                                Err(e) => e.kind() == std::io::ErrorKind::WouldBlock,
                            }
                        });
                        if alive || reopen == 0 {
                            continue;
                        }
                        reopen -= 1;
                        *slot = connect_from(from[k % from.len()], port)
                            .and_then(|s| s.set_nonblocking(true).map(|()| s))
                            .ok();
                        if slot.is_some() {
                            opened.fetch_add(1, Ordering::SeqCst);
                        }
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
            })
        };
        Idle {
            stop,
            opened,
            thread: Some(thread),
        }
    }

    /// Waits (within [`HANG_GUARD`]) until `n` sockets have been opened in all.
    fn wait_opened(&self, n: usize) {
        let waited = std::time::Instant::now();
        while self.opened.load(Ordering::SeqCst) < n {
            assert!(
                waited.elapsed() < HANG_GUARD,
                "the idle sockets did not open"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Stops, closes every socket, and says how many were opened in all.
    fn stop(mut self) -> usize {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.opened.load(Ordering::SeqCst)
    }
}

impl Drop for Idle {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Ten students from 127.0.0.2 and ten from 127.0.0.1, one after another; the failures.
fn students(port: u16) -> Vec<String> {
    let mut failures = Vec::new();
    for from in [[127, 0, 0, 2], [127, 0, 0, 1]] {
        for k in 0..10 {
            if let Err(e) = student(from, port, k) {
                failures.push(format!("from {from:?}, x = {k}: {e}"));
            }
        }
    }
    failures
}

#[cfg(target_os = "linux")]
#[test]
fn serve_keeps_answering_students_while_idle_sockets_are_held() {
    // A long read timeout: idle sockets are not cut by it within the test, only by the bounds.
    let s = Server::start(&["--read-timeout", "30"]);
    // 300 idle sockets from one address, the address of the students from 127.0.0.1 too.
    let one = Idle::hold(s.port, vec![[127, 0, 0, 1]], 300);
    one.wait_opened(300);
    let failures = students(s.port);
    let opened = one.stop();
    assert!(failures.is_empty(), "{failures:?}");
    // More than 300 opened: the server cut idle sockets past the address's bound (32), long
    // before their read timeout.
    assert!(opened > 300, "{opened}");

    // 300 idle sockets from 12 addresses (25 each, under the bound of one address): past half
    // the connections, idle ones are cut after a second, and past all of them the least
    // recently active idle one makes room.
    let from: Vec<[u8; 4]> = (10..22).map(|d| [127, 0, 0, d]).collect();
    let many = Idle::hold(s.port, from, 300);
    many.wait_opened(300);
    let failures = students(s.port);
    let opened = many.stop();
    assert!(failures.is_empty(), "{failures:?}");
    assert!(opened > 300, "{opened}");
    assert_eq!(
        get(s.port, "/api/limits").json()["connections_per_client"],
        32
    );
}

/// Sends a POST of `body` to `/api/{cmd}` on a new connection and returns the connection
/// without reading the answer (dropping it stops the computation).
fn start_request(port: u16, cmd: &str, body: &Value) -> TcpStream {
    let mut c = connect(port);
    let body = body.to_string();
    let head = format!(
        "POST /api/{cmd} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    c.write_all(head.as_bytes()).expect("send the header");
    c.write_all(body.as_bytes()).expect("send the body");
    c
}

#[cfg(target_os = "linux")]
#[test]
fn serve_refuses_a_computation_past_the_total_memory_budget() {
    // 100 MiB in all, and each child counts at least 64 MiB until measured: one at a time,
    // though two slots are free.
    let s = Server::start(&["--jobs", "2", "--max-memory", "100", "--budget", "600"]);
    let long = start_request(s.port, "min", &long_run());
    wait_for_children(s.pid(), true);
    let r = post(
        s.port,
        "eval",
        &json!({"formula": "2*x", "options": {"at": "4"}}),
    );
    assert_eq!((r.status, r.error_kind()), (503, "memory".to_string()));
    assert_eq!(r.header("retry-after"), Some("1"));
    let message = r.json()["error"]["message"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(message.contains("memory budget of 100 MiB"), "{message}");
    // The long computation stopped, its memory is free again.
    drop(long);
    wait_for_children(s.pid(), false);
    let ok = post(
        s.port,
        "eval",
        &json!({"formula": "2*x", "options": {"at": "4"}}),
    );
    assert_eq!(ok.status, 200);
    assert_eq!(
        num(&get(s.port, "/api/limits").json()["memory_budget_bytes"]),
        100.0 * 1024.0 * 1024.0
    );
}

/// Resident memory of process `pid` in bytes (Linux), 0 when it is gone.
#[cfg(target_os = "linux")]
fn resident(pid: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().strip_suffix("kB"))
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(0, |kib| kib * 1024)
}

/// A heavy request: a contour map on a 4096 x 4096 grid holds 250 to 400 MB for seconds (the
/// grid of values alone is 4096^2 x 8 bytes = 134 MB).
fn heavy_plot() -> Value {
    json!({"formula": "x^2 + y^2", "options": {"grid": 4096, "size": "400x300"}})
}

#[cfg(target_os = "linux")]
#[test]
fn serve_stops_the_newest_of_two_heavy_computations_past_the_memory_budget() {
    let s = Server::start(&["--jobs", "2", "--max-memory", "480", "--budget", "600"]);
    let first = start_request(s.port, "plot", &heavy_plot());
    // Wait until the first holds more than its 64 MiB reserve.
    let waited = std::time::Instant::now();
    while children(s.pid()).iter().map(|c| resident(c)).sum::<u64>() < 150 << 20 {
        assert!(waited.elapsed() < HANG_GUARD, "the heavy plot did not grow");
        std::thread::sleep(Duration::from_millis(10));
    }
    // The second fits at admission (the first holds at most 400 MB: 400 + 64 MiB < 480 MiB),
    // then both together pass 480 MiB: the second, the newest, is stopped.
    let second = post(s.port, "plot", &heavy_plot());
    assert_eq!(
        (second.status, second.error_kind()),
        (503, "memory".to_string()),
        "{}",
        String::from_utf8_lossy(&second.body)
    );
    assert_eq!(second.header("retry-after"), Some("1"));
    // The first keeps running.
    assert_eq!(children(s.pid()).len(), 1);
    drop(first);
    wait_for_children(s.pid(), false);

    // Alone, it needs more than a 200 MiB budget by itself: 422, no use retrying.
    let s = Server::start(&["--max-memory", "200", "--budget", "600"]);
    let alone = post(s.port, "plot", &heavy_plot());
    assert_eq!(
        (alone.status, alone.error_kind()),
        (422, "out_of_memory".to_string()),
        "{}",
        String::from_utf8_lossy(&alone.body)
    );
    assert!(alone.header("retry-after").is_none());
}

/// The ids of `GET /api/messages?lang=...`'s messages, and the answer.
fn messages(port: u16, query: &str) -> (Vec<String>, Value) {
    let r = get(port, &format!("/api/messages{query}"));
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert!(
        r.header("content-type")
            .is_some_and(|t| t.starts_with("application/json")),
        "{:?}",
        r.headers
    );
    let v = r.json();
    let ids = v["messages"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    (ids, v)
}

#[test]
fn serve_messages_answer_both_languages_with_the_same_ids() {
    let s = Server::start(&[]);
    let (en_ids, en) = messages(s.port, "?lang=en");
    let (zh_ids, zh) = messages(s.port, "?lang=zh-TW");
    assert_eq!(en["lang"], "en");
    assert_eq!(zh["lang"], "zh-TW");
    assert!(en_ids.len() > 100, "{}", en_ids.len());
    assert_eq!(en_ids, zh_ids);
    for id in &en_ids {
        assert!(
            ["page-", "lesson-", "lang-"]
                .iter()
                .any(|p| id.starts_with(p)),
            "{id} is not a page's message"
        );
    }
    // The words themselves: English, and the book's Chinese.
    assert_eq!(en["messages"]["page-check-heading"], "Gradient check");
    assert_eq!(zh["messages"]["page-check-heading"], "梯度檢查");
    assert_eq!(zh["messages"]["page-partials-heading"], "偏導數");
    assert_eq!(zh["messages"]["lang-name"], "繁體中文");
    // The switch names each language in itself, whatever the page's language.
    let names = json!([{"code": "en", "name": "English"}, {"code": "zh-TW", "name": "繁體中文"}]);
    assert_eq!(en["languages"], names);
    assert_eq!(zh["languages"], names);
    // Placeholders are left for the page to fill, the same in both languages.
    for v in [&en, &zh] {
        let m = v["messages"]["page-step-count"].as_str().unwrap_or("");
        assert!(m.contains("{$step}") && m.contains("{$max}"), "{m}");
    }
    // The lessons quote the book's sections and explain its errata.
    let errata = zh["messages"]["lesson-beale-errata"].as_str().unwrap_or("");
    assert!(
        errata.contains("「2.3.4 RMSprop法」") && errata.contains("十一個 9"),
        "{errata}"
    );
    // Without `lang`, the server's own language (here English: no locale in its environment).
    let (_, plain) = messages(s.port, "");
    assert_eq!(plain["lang"], "en");
    let bad = get(s.port, "/api/messages?lang=fr");
    assert_eq!(
        (bad.status, bad.error_kind()),
        (400, "bad_request".to_string())
    );
    drop(s);
    let zh_server = Server::start(&["--lang", "zh-TW"]);
    let (_, v) = messages(zh_server.port, "");
    assert_eq!(v["lang"], "zh-TW");
    assert_eq!(v["messages"]["page-formula-heading"], "公式");
}

/// Every key path of a JSON value (`verdict.kind`, `rows[].var`), for comparing answers' shapes.
fn key_paths(v: &Value, prefix: &str, out: &mut std::collections::BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{prefix}.{k}");
                out.insert(p.clone());
                key_paths(x, &p, out);
            }
        }
        Value::Array(xs) => {
            for x in xs {
                key_paths(x, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn serve_answers_prose_in_the_requests_language_with_english_keys() {
    let s = Server::start(&[]);
    // A parse error: the message in Chinese, the kind the same word.
    let zh = post(
        s.port,
        "diff",
        &json!({"formula": "x^2 + sinn(x)", "lang": "zh-TW"}),
    );
    assert_eq!((zh.status, zh.error_kind()), (400, "usage".to_string()));
    let message = zh.json()["error"]["message"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        message.starts_with("錯誤：") && message.contains("`sinn`") && message.contains("`sin`"),
        "{message}"
    );
    assert!(!message.contains("unknown function"), "{message}");
    let en = post(
        s.port,
        "diff",
        &json!({"formula": "x^2 + sinn(x)", "lang": "en"}),
    );
    assert_eq!((en.status, en.error_kind()), (400, "usage".to_string()));
    let message = en.json()["error"]["message"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        message.starts_with("error: unknown function `sinn`"),
        "{message}"
    );
    // An answer: the same keys and the same enumerated values in both languages.
    let body = |lang: &str| json!({"formula": "(1/16)*x^2 + 9*y^2", "options": {"at": "x=2,y=3"}, "lang": lang});
    let (a, b) = (
        post(s.port, "check", &body("en")),
        post(s.port, "check", &body("zh-TW")),
    );
    assert_eq!((a.status, b.status), (200, 200));
    let (a, b) = (a.json(), b.json());
    let (mut ka, mut kb) = (Default::default(), Default::default());
    key_paths(&a, "", &mut ka);
    key_paths(&b, "", &mut kb);
    assert_eq!(ka, kb);
    assert!(ka.contains(".verdict.kind") && ka.contains(".rows[].outcome"));
    assert_eq!(b["verdict"]["kind"], "agrees");
    assert_eq!(b["rows"][0]["outcome"], "agrees");
    assert_eq!(a["rows"], b["rows"]);
    // A language the server does not speak is refused before anything runs.
    for lang in [json!("fr"), json!(1)] {
        let r = post(s.port, "grad", &json!({"formula": "x", "lang": lang}));
        assert_eq!(
            (r.status, r.error_kind()),
            (400, "bad_request".to_string()),
            "{lang}"
        );
    }
    drop(s);
    // A server started in Chinese answers in Chinese when the request names no language.
    let zh_server = Server::start(&["--lang", "zh-TW"]);
    let r = post(zh_server.port, "diff", &json!({"formula": "(x+1"}));
    assert_eq!(r.status, 400);
    let message = r.json()["error"]["message"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(message.starts_with("錯誤："), "{message}");
}

/// `nabla serve --lang zh-TW` says where it listens and why it cannot, in Chinese; the address
/// stays last on the first line, where scripts read it.
#[test]
fn serve_speaks_the_terminals_language() {
    let mut child = super::cli::nabla_command()
        .args(["serve", "--port", "0", "--lang", "zh-TW"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start nabla serve");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("read the first line");
    let _ = child.kill();
    let _ = child.wait();
    let port: u16 = line
        .trim()
        .strip_prefix("nabla serve：練習場已開啟於 http://127.0.0.1:")
        .and_then(|rest| rest.strip_suffix('/'))
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"));
    assert!(port > 0);
    // A port another program holds: a usage error naming the port, in Chinese.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a port");
    let port = taken.local_addr().expect("its address").port().to_string();
    let o = super::cli::nabla_command()
        .args(["serve", "--port", &port, "--lang", "zh-TW"])
        .stdin(Stdio::null())
        .output()
        .expect("run nabla serve");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("錯誤：無法在 127.0.0.1:")
            && err.contains(&format!("已有其他程式使用連接埠 {port}"))
            && err.contains("--port"),
        "{err}"
    );
}
