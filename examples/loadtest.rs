//! Load test of `nabla serve`, on loopback only: starts the server (the `nabla` built beside
//! this example, or `--bin PATH`) on an ephemeral port, runs simulated students (threads, each
//! from its own loopback address 127.0.1.N, as each student of a classroom has a machine) that
//! each send a mix of grad, check, min and plot requests, plus one deliberate bad input in ten,
//! for a bounded duration, then prints requests per second, p50/p99 latency, errors by kind and
//! the server's resident memory (VmRSS) at start and end.
//!
//! Two attackers may join: `--idle N` holds N idle sockets (connected, sending nothing) from
//! `--idle-addresses K` addresses (127.0.2.1 to 127.0.2.K; default 1), reopening each as soon as
//! the server cuts it; `--heavy` sends two heavy plots at once every 5 s and measures, every
//! 20 ms, the memory the server's children hold together against the server's memory budget
//! (`--max-memory MIB` is passed on to the server).
//!
//! ```text
//! cargo build --release && cargo run --release --example loadtest -- --seconds 60 --students 30
//! cargo run --release --example loadtest -- --seconds 30 --students 30 --idle 300 --heavy --max-memory 600
//! ```
//!
//! Invariants: every request goes to 127.0.0.1 (Linux: from 127.0.x.y, all this machine); the run
//! ends after `--seconds` (at most 600) whatever happens, and the server is killed at the end;
//! at most 1,000 idle sockets, at most 32 reopened per 10 ms. It exits 1 when a good request
//! failed, a bad input did not get a 4xx, or a heavy plot got anything but 200, 503 `memory` or
//! 422 `out_of_memory`. CI does not run it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One request of the mix: the endpoint, the body, the content type, and whether it is a
/// deliberate bad input (which must get a 4xx).
struct Req {
    cmd: &'static str,
    body: String,
    content_type: &'static str,
    bad: bool,
}

const BEALE: &str = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2";

/// The `k`-th request of student `s`.
fn mix(s: usize, k: usize) -> Req {
    let x = 0.5 + (s % 7) as f64 * 0.5;
    let y = 0.25 + (k % 5) as f64 * 0.25;
    let good = |cmd, body: String| Req {
        cmd,
        body,
        content_type: "application/json",
        bad: false,
    };
    let bad = |cmd, body: &str, content_type| Req {
        cmd,
        body: body.to_string(),
        content_type,
        bad: true,
    };
    match k % 10 {
        0..=2 => good(
            "grad",
            format!(r#"{{"formula": "{BEALE}", "options": {{"at": "{x},{y}"}}}}"#),
        ),
        3 | 4 => good(
            "check",
            format!(
                r#"{{"formula": "sin(x)*y^2 + exp(x*y)", "options": {{"at": "{x},{y}", "sweep": {}}}}}"#,
                k % 2 == 0
            ),
        ),
        5 | 6 => good(
            "min",
            format!(
                r#"{{"formula": "{BEALE}", "options": {{"from": "{x},{y}", "method": "{}", "iters": 2000}}}}"#,
                ["adam", "lbfgs", "momentum", "rmsprop"][(s + k) % 4]
            ),
        ),
        7 | 8 => good(
            "plot",
            format!(
                r#"{{"formula": "{BEALE}", "options": {{"from": "{x},{y}", "methods": "gd,adam", "iters": 1000, "box": "-4.5..4.5", "size": "600x400", "grid": 120}}}}"#
            ),
        ),
        _ => match (s + k / 10) % 5 {
            0 => bad("grad", r#"{"formula": "x^2 +"#, "application/json"),
            1 => bad(
                "grad",
                r#"{"formula": "x^2", "options": {"file": "/etc/passwd"}}"#,
                "application/json",
            ),
            2 => bad(
                "grad",
                r#"{"formula": "x^2 +* y", "options": {"at": "1,2"}}"#,
                "application/json",
            ),
            3 => bad(
                "min",
                r#"{"formula": "x^2", "options": {"from": "1", "iters": 1000000000}}"#,
                "application/json",
            ),
            _ => bad("grad", r#"{"formula": "x^2"}"#, "text/plain"),
        },
    }
}

/// A connection to the server from the loopback address `from` (Linux routes all of 127/8 to
/// this machine).
fn connect_from(from: [u8; 4], port: u16) -> std::io::Result<TcpStream> {
    use socket2::{Domain, Socket, Type};
    let sock = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    sock.bind(&std::net::SocketAddr::from((from, 0)).into())?;
    sock.connect(&std::net::SocketAddr::from(([127, 0, 0, 1], port)).into())?;
    Ok(sock.into())
}

/// Sends one request from `from`; returns the status and the error kind (empty when none).
fn send(port: u16, from: [u8; 4], r: &Req) -> Result<(u16, String), String> {
    let mut s = connect_from(from, port).map_err(|e| format!("connect: {e}"))?;
    let _ = s.set_read_timeout(Some(Duration::from_secs(60)));
    let head = format!(
        "POST /api/{} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: {}\r\nContent-Length: {}\r\n\r\n",
        r.cmd,
        r.content_type,
        r.body.len()
    );
    s.write_all(head.as_bytes())
        .and_then(|_| s.write_all(r.body.as_bytes()))
        .map_err(|e| format!("send: {e}"))?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).map_err(|e| format!("read: {e}"))?;
    let text = String::from_utf8_lossy(&raw);
    let status: u16 = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| "no status line".to_string())?;
    let body = text.split_once("\r\n\r\n").map(|b| b.1).unwrap_or("");
    let kind = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v["error"]["kind"].as_str().map(str::to_string))
        .unwrap_or_default();
    Ok((status, kind))
}

/// VmRSS of `pid` in KiB (Linux), or 0.
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// The value after `--name`, parsed, or `default`.
fn arg<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> T {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Holds `count` idle sockets from `from` until `deadline`, reopening each as soon as the
/// server cuts it (at most 32 per sweep, a sweep every 10 ms); returns how many it opened.
fn hold_idle(port: u16, from: Vec<[u8; 4]>, count: usize, deadline: Instant) -> usize {
    let mut socks: Vec<Option<TcpStream>> = (0..count).map(|_| None).collect();
    let mut opened = 0;
    while Instant::now() < deadline {
        let mut reopen = 32;
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
            opened += usize::from(slot.is_some());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    opened
}

/// The process ids of the children of `pid` (Linux).
fn children(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    if let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) {
        for t in tasks.flatten() {
            let list = std::fs::read_to_string(t.path().join("children")).unwrap_or_default();
            out.extend(
                list.split_whitespace()
                    .filter_map(|c| c.parse::<u32>().ok()),
            );
        }
    }
    out
}

/// Every 5 s until `deadline`, two heavy plots at once (a 4096 x 4096 grid: 250 to 400 MB each)
/// from 127.0.3.1 and 127.0.3.2; their outcomes.
fn heavy_pairs(port: u16, deadline: Instant) -> Vec<Result<(u16, String), String>> {
    let req = Req {
        cmd: "plot",
        body:
            r#"{"formula": "x^2 + y^2", "options": {"grid": 4096, "size": "400x300", "levels": 3}}"#
                .to_string(),
        content_type: "application/json",
        bad: false,
    };
    let req = std::sync::Arc::new(req);
    let mut out = Vec::new();
    while Instant::now() + Duration::from_secs(5) < deadline {
        let pair: Vec<_> = (1..=2u8)
            .map(|k| {
                let req = req.clone();
                std::thread::spawn(move || send(port, [127, 0, 3, k], &req))
            })
            .collect();
        out.extend(pair.into_iter().map(|h| {
            h.join()
                .unwrap_or_else(|_| Err("the thread panicked".to_string()))
        }));
        std::thread::sleep(Duration::from_secs(5));
    }
    out
}

/// The peak of the memory the children of `pid` hold together (VmRSS, KiB), sampled every
/// 20 ms until `deadline`.
fn children_peak_kib(pid: u32, deadline: Instant) -> u64 {
    let mut peak = 0;
    while Instant::now() < deadline {
        let sum: u64 = children(pid).into_iter().map(rss_kib).sum();
        peak = peak.max(sum);
        std::thread::sleep(Duration::from_millis(20));
    }
    peak
}

/// The server's memory budget in bytes, from `GET /api/limits`; 0 when it cannot be read.
fn memory_budget(port: u16) -> u64 {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return 0;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
    let _ =
        s.write_all(b"GET /api/limits HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    let mut raw = String::new();
    let _ = s.read_to_string(&mut raw);
    raw.split_once("\r\n\r\n")
        .and_then(|(_, body)| serde_json::from_str::<serde_json::Value>(body).ok())
        .and_then(|v| v["memory_budget_bytes"].as_u64())
        .unwrap_or(0)
}

/// One finished request.
struct Sample {
    cmd: &'static str,
    latency: Duration,
    bad: bool,
    outcome: Result<(u16, String), String>,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let seconds: f64 = arg(&args, "--seconds", 60.0f64).clamp(1.0, 600.0);
    let students: usize = arg(&args, "--students", 30usize).clamp(1, 200);
    let default_bin = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent()?.parent().map(|d| d.join("nabla")))
        .unwrap_or_else(|| "target/release/nabla".into());
    let bin: std::path::PathBuf = arg(&args, "--bin", default_bin);
    let idle: usize = arg(&args, "--idle", 0usize).min(1000);
    let idle_addresses: u8 = arg(&args, "--idle-addresses", 1u8).clamp(1, 64);
    let heavy = args.iter().any(|a| a == "--heavy");
    let mut serve_args = vec!["serve".to_string(), "--port".into(), "0".into()];
    if let Some(mib) = args
        .iter()
        .position(|a| a == "--max-memory")
        .and_then(|i| args.get(i + 1))
    {
        serve_args.extend(["--max-memory".to_string(), mib.clone()]);
    }
    let mut server = match Command::new(&bin)
        .args(&serve_args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!(
                "error: cannot start `{}` ({e}); build it first with `cargo build --release`, or pass --bin PATH",
                bin.display()
            );
            std::process::exit(2);
        }
    };
    let mut stdout = BufReader::new(server.stdout.take().expect("piped stdout"));
    let mut line = String::new();
    let _ = stdout.read_line(&mut line);
    let port: u16 = line
        .trim()
        .rsplit(':')
        .next()
        .and_then(|p| p.trim_end_matches('/').parse().ok())
        .unwrap_or(0);
    if port == 0 {
        let _ = server.kill();
        eprintln!("error: unexpected first line from the server: {line:?}");
        std::process::exit(2);
    }
    let pid = server.id();
    let rss_start = rss_kib(pid);
    // The server's memory once a second, to tell a warm-up from a growth.
    let sampler = std::thread::spawn(move || {
        let mut out = Vec::new();
        let end = Instant::now() + Duration::from_secs_f64(seconds);
        while Instant::now() < end {
            std::thread::sleep(Duration::from_secs(1));
            out.push(rss_kib(pid));
        }
        out
    });
    println!("server pid {pid} on 127.0.0.1:{port}; {students} students for {seconds} s");
    let start = Instant::now();
    let deadline = start + Duration::from_secs_f64(seconds);
    let attacker = (idle > 0).then(|| {
        let from: Vec<[u8; 4]> = (1..=idle_addresses).map(|d| [127, 0, 2, d]).collect();
        println!("{idle} idle sockets from {idle_addresses} address(es), reopened as cut");
        std::thread::spawn(move || hold_idle(port, from, idle, deadline))
    });
    let budget = memory_budget(port);
    let heavy = heavy.then(|| {
        (
            std::thread::spawn(move || heavy_pairs(port, deadline)),
            std::thread::spawn(move || children_peak_kib(pid, deadline)),
        )
    });
    let handles: Vec<_> = (0..students)
        .map(|s| {
            std::thread::spawn(move || {
                let mut out = Vec::new();
                let mut k = s; // students start at different points of the mix
                let from = [127, 0, 1, (s % 250) as u8 + 1];
                while Instant::now() < deadline {
                    let r = mix(s, k);
                    let t = Instant::now();
                    let outcome = send(port, from, &r);
                    out.push(Sample {
                        cmd: r.cmd,
                        latency: t.elapsed(),
                        bad: r.bad,
                        outcome,
                    });
                    k += 1;
                }
                out
            })
        })
        .collect();
    let samples: Vec<Sample> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap_or_default())
        .collect();
    let wall = start.elapsed().as_secs_f64();
    let rss = sampler.join().unwrap_or_default();
    let opened = attacker.map(|a| a.join().unwrap_or(0));
    let heavy = heavy.map(|(pairs, peak)| {
        (
            pairs.join().unwrap_or_default(),
            peak.join().unwrap_or_default(),
        )
    });
    let rss_end = rss_kib(pid);
    let _ = server.kill();
    let _ = server.wait();
    if let Some(n) = opened {
        println!(
            "idle sockets opened: {n} (the server cut {} of them)",
            n.saturating_sub(idle)
        );
    }
    let mut failed = false;
    if let Some((outcomes, peak_kib)) = heavy {
        let mut kinds: std::collections::BTreeMap<String, usize> = Default::default();
        for o in &outcomes {
            let key = match o {
                Ok((200, _)) => "200".to_string(),
                Ok((st, kind)) => format!("{st} {kind}"),
                Err(e) => format!("transport: {}", e.split(':').next().unwrap_or("")),
            };
            failed |= !matches!(key.as_str(), "200" | "503 memory" | "422 out_of_memory");
            *kinds.entry(key).or_default() += 1;
        }
        println!(
            "heavy plots, two at once: {} answered {kinds:?}; the children's memory together peaked at {} MiB (sampled every 20 ms), the budget is {} MiB",
            outcomes.len(),
            peak_kib >> 10,
            budget >> 20
        );
    }
    report(&samples, wall, rss_start, &rss, rss_end, failed);
}

/// Prints the figures and exits 1 on any unexpected answer.
fn report(samples: &[Sample], wall: f64, rss_start: u64, rss: &[u64], rss_end: u64, failed: bool) {
    let latencies = |cmd: Option<&str>| {
        let mut lat: Vec<f64> = samples
            .iter()
            .filter(|s| !s.bad && cmd.is_none_or(|c| c == s.cmd))
            .map(|s| s.latency.as_secs_f64() * 1e3)
            .collect();
        lat.sort_by(f64::total_cmp);
        lat
    };
    let pct = |lat: &[f64], p: f64| {
        lat.get(((lat.len() as f64 - 1.0) * p).round() as usize)
            .copied()
            .unwrap_or(f64::NAN)
    };
    let lat = latencies(None);
    let mut errors: std::collections::BTreeMap<String, usize> = Default::default();
    let mut bad_ok = 0;
    for s in samples {
        match (&s.outcome, s.bad) {
            (Ok((200, _)), false) => {}
            (Ok((st, _)), true) if (400..500).contains(st) => bad_ok += 1,
            (Ok((st, kind)), bad) => {
                let who = if bad {
                    "bad input got"
                } else {
                    "good request got"
                };
                *errors.entry(format!("{who} {st} {kind}")).or_default() += 1;
            }
            (Err(e), _) => {
                *errors
                    .entry(format!("transport: {}", e.split(':').next().unwrap_or("")))
                    .or_default() += 1
            }
        }
    }
    let bad_total = samples.iter().filter(|s| s.bad).count();
    println!(
        "requests: {} in {wall:.1} s = {:.1} per second ({} good, {bad_total} deliberate bad inputs)",
        samples.len(),
        samples.len() as f64 / wall,
        lat.len()
    );
    println!(
        "latency of good requests: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        pct(&lat, 0.5),
        pct(&lat, 0.99),
        lat.last().copied().unwrap_or(f64::NAN)
    );
    for cmd in ["grad", "check", "min", "plot"] {
        let l = latencies(Some(cmd));
        println!(
            "  {cmd:<5} {:>6} requests, p50 {:.1} ms, p99 {:.1} ms",
            l.len(),
            pct(&l, 0.5),
            pct(&l, 0.99)
        );
    }
    println!("bad inputs answered with a 4xx: {bad_ok} of {bad_total}");
    if errors.is_empty() {
        println!("errors: 0");
    } else {
        for (k, n) in &errors {
            println!("error: {k}: {n}");
        }
    }
    let warm = rss.get(rss.len() / 10).copied().unwrap_or(rss_start);
    let peak = rss.iter().copied().max().unwrap_or(rss_end);
    println!(
        "server memory (VmRSS): {rss_start} KiB at start (idle), {warm} KiB after the first tenth, {peak} KiB peak, {rss_end} KiB at end"
    );
    if !errors.is_empty() || failed {
        std::process::exit(1);
    }
}
