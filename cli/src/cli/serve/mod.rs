//! `nabla serve`: the browser playground's local web server. It serves the page (static files
//! embedded in the binary, [`assets`]) and the JSON API ([`api`]), whose answers are the CLI's
//! `--json` output computed by a child process of the same binary ([`child`]).
//!
//! Invariants:
//! - It binds 127.0.0.1 unless `--host` says otherwise; a non-loopback address prints a warning.
//!   Bound to loopback, it answers only requests whose `Host` is local (no DNS rebinding); a
//!   POST from another site's page is refused, and every answer carries the security headers
//!   ([`guard`]).
//! - Its first line on standard output, flushed at once, is
//!   `nabla serve: listening on http://ADDR:PORT/` (`--port 0` picks a free port; tests read it).
//! - Every request is bounded by [`limits`]: header and body read time (a slow client is cut
//!   off), body size, the computation's time budget (the child is killed), computations at once
//!   (a semaphore, then a bounded queue, then 503), the memory they hold together ([`memory`]),
//!   open connections and their lifetime.
//! - Connections are bounded per client and in all ([`conns`]); past a bound, an idle
//!   connection is closed rather than a new one refused, and under pressure idle connections
//!   get a short allowance: clients holding idle sockets cannot starve those sending requests.
//! - A client that goes away stops its computation at once ([`peer`]); one that only
//!   half-closes gets its answer. A client's reset never ends the server, and neither does a
//!   child that exits before reading all of `/api/fit`'s data: SIGPIPE is ignored in the
//!   server's process ([`ignore_broken_pipe`]).
//! - Ctrl-C (or SIGTERM) stops accepting, gives running requests [`limits::SHUTDOWN_GRACE`] to
//!   finish, and exits 0; the children of requests still running are killed with them.

mod api;
mod assets;
mod child;
mod conns;
mod error;
mod guard;
mod json_keys;
mod limits;
mod memory;
mod peer;

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;
use std::time::Duration;

use axum::routing::{get, post};
use axum::Router;
use clap::Args;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use super::CliError;
use api::{AppState, Shared};
use conns::{Connections, Tracked};
use limits::Limits;
use peer::{Peer, WithPeer};

/// Arguments of `nabla serve`.
#[derive(Args, Debug)]
#[command(after_help = "\
The page is at the printed address; the API is POST /api/{eval,grad,diff,check,min,plot,fit} with
a JSON body {\"formula\": \"x^2+y^2\", \"options\": {\"at\": \"1,2\"}} (options are the command's
long flags; /api/fit also takes the CSV text in \"data\"; \"lang\": \"zh-TW\" or \"en\" picks the language
of the answer's prose), answered with the command's --json output; GET /api/limits lists the
limits, GET /api/messages?lang=zh-TW the page's words.

Examples:
  nabla serve --open
  curl -s -H 'Content-Type: application/json' -d '{\"formula\": \"x^2+3*x*y\", \"options\": {\"at\": \"1,2\"}}' http://127.0.0.1:8080/api/grad")]
pub struct ServeArgs {
    /// Port to listen on (0: any free port, printed on start).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Address to listen on; anything but a loopback address (e.g. 0.0.0.0 for a classroom)
    /// makes the server reachable from other machines, and prints a warning.
    #[arg(long, default_value = "127.0.0.1", value_parser = parse_host)]
    host: IpAddr,
    /// Open the page in the system's browser once listening.
    #[arg(long)]
    open: bool,
    /// Wall-clock budget of one computation, in seconds; past it the computation is stopped.
    #[arg(long, value_name = "SECONDS", default_value = limits::DEFAULT_BUDGET_SECONDS, value_parser = limits::seconds)]
    budget: Duration,
    /// Computations at once (default: the number of cores).
    #[arg(long, value_name = "N", value_parser = super::limits::count(1, 256))]
    jobs: Option<usize>,
    /// Requests that may wait for a free computation slot; beyond them the answer is 503 with
    /// `Retry-After`.
    #[arg(long, value_name = "N", default_value_t = limits::DEFAULT_QUEUE, value_parser = super::limits::count(0, 10_000))]
    queue: usize,
    /// Seconds a client has to send a request's header, and then its body.
    #[arg(long, value_name = "SECONDS", default_value = limits::DEFAULT_READ_TIMEOUT_SECONDS, value_parser = limits::seconds)]
    read_timeout: Duration,
    /// Memory the computations running at once may hold together, in MiB (default: half of
    /// the machine's memory); a request that would pass it gets 503 with `Retry-After`.
    #[arg(long, value_name = "MIB", value_parser = super::limits::count(limits::MIN_MEMORY_MIB, limits::MAX_MEMORY_MIB))]
    max_memory: Option<usize>,
}

/// `--host`: an IP address, or `localhost`.
fn parse_host(text: &str) -> Result<IpAddr, String> {
    if text.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    text.trim().parse().map_err(|_| {
        format!(
            "`{text}` is not an IP address; give e.g. 127.0.0.1, or 0.0.0.0 for every interface"
        )
    })
}

/// The warning for an address other machines can reach; `None` for a loopback address.
///
/// ```ignore
/// assert!(exposure_warning("0.0.0.0".parse()?).is_some());
/// ```
fn exposure_warning(host: IpAddr) -> Option<String> {
    (!host.is_loopback()).then(|| {
        nabla::tr!(
            "warning-line",
            message = nabla::tr!("serve-exposed", host = host.to_string())
        )
    })
}

/// Ignores SIGPIPE in the server's process. The command line restores its default action (so
/// that `nabla ... | head` ends quietly); but a client that resets its connection while the
/// server writes to it, or a child that exits before reading all of `/api/fit`'s data from its
/// standard input, must make that write fail with `EPIPE` and end only that connection, not the
/// server. Children get the default again when they start (`nabla`'s `main`).
#[cfg(unix)]
fn ignore_broken_pipe() {
    // SAFETY: setting a signal's disposition to SIG_IGN is one system call with no other
    // precondition; no handler function is installed.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
}

/// Nothing to ignore where there are no signals.
#[cfg(not(unix))]
fn ignore_broken_pipe() {}

/// Runs `nabla serve` until Ctrl-C.
pub fn run(a: &ServeArgs) -> Result<(), CliError> {
    ignore_broken_pipe();
    let exe = super::self_command();
    if exe.program.is_none() {
        return Err(CliError::Usage(
            "error: cannot find the nabla binary to run computations with; run nabla serve from an installed nabla".to_string(),
        ));
    }
    ignore_broken_pipe();
    let jobs = a.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let memory = a
        .max_memory
        .map_or_else(memory::default_total, |mib| (mib as u64) << 20);
    let limits = Limits {
        budget: a.budget,
        jobs,
        read_timeout: a.read_timeout,
        queue: a.queue,
        memory,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(jobs.clamp(2, 8))
        .enable_all()
        .build()
        .map_err(|e| {
            CliError::Numeric(nabla::tr!(
                "error-line",
                message = nabla::tr!("serve-runtime", reason = e.to_string())
            ))
        })?;
    let shared = Arc::new(Shared {
        exe,
        limits,
        slots: Semaphore::new(jobs),
        waiting: AtomicUsize::new(0),
        loopback_only: a.host.is_loopback(),
        memory: memory::Budget::new(memory),
    });
    runtime.block_on(serve(a, shared))
}

/// The routes: the page's files, the API, and JSON errors for everything else.
fn router(state: AppState) -> Router {
    let mut r = Router::new()
        .route("/api/limits", get(api::limits))
        .route("/api/messages", get(api::messages))
        .route("/api/{cmd}", post(api::command));
    for a in assets::ASSETS {
        r = r.route(a.path, get(api::asset));
    }
    r.fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::check_request,
        ))
        .layer(axum::middleware::from_fn(guard::security_headers))
        .with_state(state)
}

async fn serve(a: &ServeArgs, state: AppState) -> Result<(), CliError> {
    let addr = SocketAddr::new(a.host, a.port);
    let listener = TcpListener::bind(addr).await.map_err(|e| {
        CliError::Usage(nabla::tr!(
            "error-line",
            message = error::BindError::of(addr, e).to_string()
        ))
    })?;
    let local = listener.local_addr().map_err(|e| {
        CliError::Numeric(nabla::tr!(
            "error-line",
            message = nabla::tr!("serve-local-address", reason = e.to_string())
        ))
    })?;
    if let Some(w) = exposure_warning(a.host) {
        eprintln!("{w}");
    }
    let mut stop = std::pin::pin!(stop_signal());
    let url = format!("http://{local}/");
    outln!("{}", nabla::tr!("serve-listening", url = &url));
    let _ = std::io::stdout().flush();
    if a.open {
        // A browser cannot open 0.0.0.0 everywhere; this machine's loopback is the same server.
        let mut here = local;
        if here.ip().is_unspecified() {
            here.set_ip(match here.ip() {
                IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(_) => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
            });
        }
        open_browser(&format!("http://{here}/"));
    }
    let read_timeout = state.limits.read_timeout;
    tokio::spawn(state.memory.clone().watch_forever());
    let app = router(state);
    let connections = Connections::new();
    tokio::spawn(connections.clone().reap_forever());
    let graceful = GracefulShutdown::new();
    loop {
        let (stream, client) = tokio::select! {
            s = listener.accept() => match s {
                Ok(s) => s,
                // Out of file descriptors and the like: wait a little, keep serving.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let ticket = connections.ticket();
        let Ok((stream, peer)) = Peer::split(stream, ticket.clone()) else {
            continue;
        };
        // Refused (every connection within the client's bound, or in all, is busy): the
        // stream drops here, closed at once.
        let Some(place) = connections.admit(client.ip(), ticket.clone(), peer.clone()) else {
            continue;
        };
        let service = WithPeer {
            router: app.clone(),
            peer,
            ticket: ticket.clone(),
        };
        let stream = Tracked::new(stream, ticket.clone());
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(read_timeout)
            // A client may shut down its writing side after its request and read the answer.
            .half_close(true)
            .max_buf_size(64 << 10)
            .serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            tokio::select! {
                _ = tokio::time::timeout(limits::CONNECTION_LIFETIME, conn) => {}
                () = ticket.closed() => {}
            }
            drop(place);
        });
    }
    eprintln!("{}", nabla::tr!("serve-shutting-down"));
    let _ = tokio::time::timeout(limits::SHUTDOWN_GRACE, graceful.shutdown()).await;
    Ok(())
}

/// Ctrl-C, or (Unix) SIGTERM: both shut the server down gracefully. The handlers are installed
/// when this is called (before the server says it listens), not when the future is first polled.
fn stop_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let int = signal(SignalKind::interrupt());
        let term = signal(SignalKind::terminate());
        async move {
            match (int, term) {
                (Ok(mut int), Ok(mut term)) => {
                    tokio::select! {
                        _ = int.recv() => {}
                        _ = term.recv() => {}
                    }
                }
                _ => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Opens `url` in the system's browser; a failure is a warning, never fatal.
fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    match std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        // Reap it in the background so it leaves no zombie.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => {
            eprintln!(
                "{}",
                nabla::tr!(
                    "warning-line",
                    message = nabla::tr!(
                        "serve-no-browser",
                        program = program.to_string(),
                        reason = e.to_string(),
                        url = url.to_string()
                    )
                )
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(parse_host("localhost"), Ok(IpAddr::V4(Ipv4Addr::LOCALHOST)));
        assert_eq!(parse_host("0.0.0.0").map(|h| h.is_loopback()), Ok(false));
        assert_eq!(parse_host("::1").map(|h| h.is_loopback()), Ok(true));
        assert!(parse_host("example.org").is_err());
    }

    #[test]
    fn only_loopback_is_quiet() {
        for quiet in ["127.0.0.1", "127.0.0.2", "::1"] {
            assert_eq!(parse_host(quiet).ok().and_then(exposure_warning), None);
        }
        for loud in ["0.0.0.0", "::", "192.168.1.10"] {
            let w = parse_host(loud)
                .ok()
                .and_then(exposure_warning)
                .unwrap_or_default();
            assert!(
                w.starts_with("warning: listening on") && w.contains("--host 127.0.0.1"),
                "{w}"
            );
        }
    }
}
