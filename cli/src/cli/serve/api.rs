//! The JSON API: `POST /api/{eval,grad,diff,check,min,plot,fit}` with the body
//! `{"formula": "<text>", "options": {"<long flag>": value, ...}, "lang": "zh-TW"}` (and for
//! `fit` the CSV text in `"data"`), answered with the CLI's own `--json` output;
//! `GET /api/limits`; and `GET /api/messages?lang=zh-TW`, the page's words ([`messages`]).
//!
//! A request becomes the argv `nabla <cmd> --lang=<lang> --flag=value ... --json -- <formula>`
//! (`--output=-` added for plot, `--data=-` for fit), run as a child process ([`super::child`]).
//! `lang` (`en` or `zh-TW`, optional) is the language of the answer's prose (verdict sentences,
//! notes, error messages); without it, the server's own language (`nabla serve --lang`, or its
//! locale). The child is always told the language, so it never follows the server's
//! environment by accident; JSON keys and enumerated values are English in every language.
//!
//! Option values:
//! a string or a number is `--flag=value`, `true` is `--flag`, `false` and `null` leave the flag
//! out, an array repeats the flag once per element (`check`'s `at` and `grad`).
//!
//! Invariants:
//! - Every option is checked against the endpoint's allow-list ([`allowed`]) before anything
//!   runs: an unknown option, or one the API refuses ([`refused`]: it names a file, such as
//!   `file`, `output`, plot's `loss`, fit's `plot` and `data`), is a 400. No request reads or
//!   writes a file on the server. The formula is always the positional argument after `--`,
//!   never `-` (standard input).
//! - Only `/api/fit` gives its child a standard input: the body's `data`, the CSV text, which
//!   the child reads with `--data -` under the CLI's limits for data; its body may be
//!   [`super::limits::MAX_FIT_BODY_BYTES`] long, every other body
//!   [`super::limits::MAX_BODY_BYTES`] ([`max_body_bytes`]).
//! - The answer maps the child's exit: 0, or 1 with JSON on stdout (a failed check's report) →
//!   200 with the JSON and `x-nabla-exit`; 2 → 400 `usage` with the CLI's message (caret lines
//!   included); 1 without JSON → 422 `numeric`; over the budget → 503 `timeout`.

use std::ffi::OsString;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde_json::Value;
use tokio::sync::Semaphore;

use super::child::{self, Outcome};
use super::error::{json_body, ApiError};
use super::limits::{max_body_bytes, Limits, MAX_FORMULA_BYTES};
use super::peer::Peer;
use nabla::i18n::Lang;

/// What every request handler shares.
#[derive(Debug)]
pub struct Shared {
    /// How to start the command line as the child (the `nabla` binary, or `python -m nabla`).
    pub exe: crate::SelfCommand,
    /// This server's limits.
    pub limits: Limits,
    /// One permit per computation running at once.
    pub slots: Semaphore,
    /// Requests waiting for a permit.
    pub waiting: AtomicUsize,
    /// Bound to a loopback address: only requests for a local `Host` are answered.
    pub loopback_only: bool,
    /// The total memory budget of the computations running at once.
    pub memory: Arc<super::memory::Budget>,
}

/// The handlers' state.
pub type AppState = Arc<Shared>;

/// The options each endpoint takes: the CLI's long flags, less those that name files.
///
/// ```ignore
/// assert!(allowed("grad").unwrap().contains(&"at"));
/// assert!(!allowed("plot").unwrap().contains(&"output"));
/// ```
pub fn allowed(cmd: &str) -> Option<&'static [&'static str]> {
    Some(match cmd {
        "eval" => &["vars", "at"],
        "grad" => &["vars", "at", "no-formulas"],
        "diff" => &["vars", "wrt", "hessian", "latex", "mathml"],
        "check" => &[
            "vars",
            "at",
            "step",
            "rtol",
            "atol",
            "random",
            "box",
            "seed",
            "sweep",
            "precision",
            "grad",
        ],
        "min" => &[
            "vars", "method", "lr", "decay", "momentum", "beta1", "beta2", "rho", "alpha", "eps",
            "init-acc", "centered", "memory", "from", "iters", "tol", "certify", "stall", "time",
            "trace", "compare", "global", "box", "starts", "evals", "seed",
        ],
        "plot" => &[
            "vars", "box", "size", "grid", "levels", "lines", "linear", "quiver", "surface",
            "from", "methods", "lr", "iters", "stall", "star", "minima", "title", "axes", "at",
            "with", "panels", "view",
        ],
        // `loss` is fit's per-sample loss formula (plot's `loss` names a picture file).
        "fit" => &[
            "params",
            "init",
            "bounds",
            "target",
            "sigma",
            "absolute-sigma",
            "loss",
            "batch",
            "epochs",
            "seed",
            "no-shuffle",
            "tol",
            "method",
            "lr",
            "decay",
            "momentum",
            "beta1",
            "beta2",
            "rho",
            "alpha",
            "eps",
            "init-acc",
            "centered",
            "memory",
        ],
        _ => return None,
    })
}

/// Why the API never passes the flag `name` of the command `cmd`: it reads or writes a file on
/// the server, the server sets it itself, or it does not apply; `None` when it is not refused.
///
/// ```ignore
/// assert!(refused("fit", "plot").is_some() && refused("fit", "loss").is_none());
/// ```
pub fn refused(cmd: &str, name: &str) -> Option<&'static str> {
    Some(match (cmd, name) {
        (_, "file") => "it reads a file on the server; send the formula's text in `formula`",
        (_, "output") | ("plot", "loss") => {
            "it writes a file on the server, which a request never does (plot's picture comes back inline)"
        }
        ("plot", "log-x") => {
            "it shapes the loss chart, a second file the server never writes (plot's picture comes back inline)"
        }
        ("fit", "plot") => {
            "it writes a file on the server, which a request never does; the answer's `residuals` hold what the residual plot draws"
        }
        ("fit", "data") => {
            "the server hands the data to the fit itself; send the CSV text as the body's `data` field"
        }
        ("fit", "vars") => {
            "fit takes no variable order; name the parameters with `params` (the data's columns come from the CSV header)"
        }
        ("min", "start") => "it is not an option; the start point is `from`",
        (_, "json") => "the server always asks for the JSON answer",
        (_, "help" | "version") => "it prints no answer",
        _ => return None,
    })
}

/// What a request runs: the child's argv, and for `/api/fit` the bytes of its standard input.
#[derive(Debug, PartialEq)]
pub struct ChildRequest {
    /// The arguments after the command's own prefix.
    pub argv: Vec<String>,
    /// Standard input: the CSV text of `/api/fit`, `None` (null) for every other endpoint.
    pub stdin: Option<Vec<u8>>,
    /// The body's `lang`, if it named one: the language of the answer's prose.
    pub lang: Option<Lang>,
}

/// The language a request asked for (`"en"` or `"zh-TW"`), if any.
fn body_lang(obj: &serde_json::Map<String, Value>) -> Result<Option<Lang>, ApiError> {
    match obj.get("lang") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => s.parse::<Lang>().map(Some).map_err(|_| {
            ApiError::BadRequest(format!(
                "unknown language `{s}` in `lang`; use \"en\" or \"zh-TW\""
            ))
        }),
        Some(_) => Err(ApiError::BadRequest(
            "`lang` must be a string: \"en\" or \"zh-TW\"".to_string(),
        )),
    }
}

/// The argv with `--lang=<lang>` after the command's name: the child speaks `lang` whatever
/// its environment says.
///
/// ```ignore
/// assert_eq!(with_lang(vec!["grad".into(), "--json".into()], Lang::ZhTw), ["grad", "--lang=zh-TW", "--json"]);
/// ```
pub fn with_lang(mut argv: Vec<String>, lang: Lang) -> Vec<String> {
    argv.insert(1.min(argv.len()), format!("--lang={}", lang.code()));
    argv
}

/// Checks the body and builds the child's argv (and, for `fit`, its standard input).
///
/// ```ignore
/// let r = build_argv("grad", br#"{"formula": "x^2", "options": {"at": "3"}}"#)?;
/// assert_eq!(r.argv, ["grad", "--at=3", "--json", "--", "x^2"]);
/// ```
pub fn build_argv(cmd: &str, body: &[u8]) -> Result<ChildRequest, ApiError> {
    let allow = allowed(cmd).ok_or_else(|| ApiError::NotFound(format!("/api/{cmd}")))?;
    let example = if cmd == "fit" {
        r#"{"formula": "w*x + b", "data": "x,y\n0,1\n1,3\n", "options": {"params": "w,b"}}"#
    } else {
        r#"{"formula": "x^2", "options": {}}"#
    };
    let v: Value = serde_json::from_slice(body).map_err(|e| {
        ApiError::BadRequest(format!(
            "the body is not valid JSON ({e}); send e.g. {example}"
        ))
    })?;
    let Value::Object(obj) = v else {
        return Err(ApiError::BadRequest(format!(
            "the body must be a JSON object such as {example}"
        )));
    };
    let fields: &[&str] = if cmd == "fit" {
        &["formula", "data", "options", "lang"]
    } else {
        &["formula", "options", "lang"]
    };
    if let Some(k) = obj.keys().find(|k| !fields.contains(&k.as_str())) {
        return Err(ApiError::BadRequest(format!(
            "unknown field `{k}` in the body; /api/{cmd} takes {} only",
            fields
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let lang = body_lang(&obj)?;
    let stdin = if cmd == "fit" {
        match obj.get("data") {
            Some(Value::String(s)) => Some(s.as_bytes().to_vec()),
            Some(_) => {
                return Err(ApiError::BadRequest(
                    "`data` must be a string: the CSV text, a header line such as `x,y` then one row of numbers per line".to_string(),
                ))
            }
            None => {
                return Err(ApiError::BadRequest(format!(
                    "the body has no `data`; send the CSV text in it, e.g. {example}"
                )))
            }
        }
    } else {
        None
    };
    let formula = match obj.get("formula") {
        Some(Value::String(s)) => s.as_str(),
        Some(_) => {
            return Err(ApiError::BadRequest(
                "`formula` must be a string, e.g. \"x^2 + y^2\"".to_string(),
            ))
        }
        None => {
            return Err(ApiError::BadRequest(
                "the body has no `formula`; send e.g. {\"formula\": \"x^2 + y^2\"}".to_string(),
            ))
        }
    };
    if formula.len() > MAX_FORMULA_BYTES {
        return Err(ApiError::FormulaTooLong(formula.len()));
    }
    if formula.contains('\0') {
        return Err(ApiError::BadRequest(
            "the formula contains a NUL character; remove it".to_string(),
        ));
    }
    if formula.trim() == "-" {
        return Err(ApiError::BadRequest(
            "the formula `-` would mean standard input on the command line; send the formula's text"
                .to_string(),
        ));
    }
    let mut argv = vec![cmd.to_string()];
    match obj.get("options") {
        None | Some(Value::Null) => {}
        Some(Value::Object(opts)) => {
            for (name, value) in opts {
                push_option(cmd, allow, name, value, &mut argv)?;
            }
        }
        Some(_) => {
            return Err(ApiError::BadRequest(
                "`options` must be a JSON object such as {\"at\": \"1,2\"}".to_string(),
            ))
        }
    }
    if cmd == "plot" {
        argv.push("--output=-".to_string());
    }
    if cmd == "fit" {
        argv.push("--data=-".to_string());
    }
    argv.push("--json".to_string());
    argv.push("--".to_string());
    argv.push(formula.to_string());
    Ok(ChildRequest { argv, stdin, lang })
}

/// Appends one option's flags after checking its name and value.
fn push_option(
    cmd: &str,
    allow: &[&str],
    name: &str,
    value: &Value,
    argv: &mut Vec<String>,
) -> Result<(), ApiError> {
    if !allow.contains(&name) {
        let why = match refused(cmd, name) {
            Some(reason) => format!("the option `{name}` is not available over the API: {reason}"),
            None => format!("unknown option `{name}` for /api/{cmd}"),
        };
        return Err(ApiError::BadRequest(format!(
            "{why}; the options of /api/{cmd} are: {}",
            allow.join(", ")
        )));
    }
    let scalar = |v: &Value| -> Result<Option<String>, ApiError> {
        match v {
            Value::Null | Value::Bool(false) => Ok(None),
            Value::Bool(true) => Ok(Some(format!("--{name}"))),
            Value::Number(n) => Ok(Some(format!("--{name}={n}"))),
            Value::String(s) if s.contains('\0') => Err(ApiError::BadRequest(format!(
                "the option `{name}` contains a NUL character; remove it"
            ))),
            Value::String(s) => Ok(Some(format!("--{name}={s}"))),
            Value::Array(_) | Value::Object(_) => Err(ApiError::BadRequest(format!(
                "the option `{name}` must be a string, a number, true or false (or a list of strings and numbers)"
            ))),
        }
    };
    match value {
        Value::Array(items) => {
            for item in items {
                if matches!(item, Value::Bool(_) | Value::Null) {
                    return Err(ApiError::BadRequest(format!(
                        "the list given for `{name}` must hold strings or numbers"
                    )));
                }
                argv.extend(scalar(item)?);
            }
        }
        v => argv.extend(scalar(v)?),
    }
    Ok(())
}

/// The `Content-Type` must be JSON (parameters such as `charset` allowed).
fn check_content_type(headers: &HeaderMap) -> Result<(), ApiError> {
    let got = headers
        .get(header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default();
    let essence = got.split(';').next().unwrap_or("").trim();
    if essence.eq_ignore_ascii_case("application/json") {
        Ok(())
    } else if got.is_empty() {
        Err(ApiError::ContentType("none".to_string()))
    } else {
        Err(ApiError::ContentType(got))
    }
}

/// Reads the body within `max` bytes and the read timeout.
async fn read_body(
    headers: &HeaderMap,
    body: Body,
    max: usize,
    timeout: Duration,
) -> Result<Vec<u8>, ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(ApiError::BodyTooLarge(max));
    }
    let limited = Limited::new(body, max);
    match tokio::time::timeout(timeout, limited.collect()).await {
        Err(_) => Err(ApiError::SlowRequest),
        Ok(Ok(collected)) => Ok(collected.to_bytes().to_vec()),
        Ok(Err(e)) if e.is::<LengthLimitError>() => Err(ApiError::BodyTooLarge(max)),
        Ok(Err(e)) => Err(ApiError::BadRequest(format!(
            "the request body could not be read ({e}); send it again"
        ))),
    }
}

/// `POST /api/{cmd}`.
pub async fn command(
    State(state): State<AppState>,
    Path(cmd): Path<String>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let peer = parts.extensions.get::<Peer>().cloned();
    match compute(&state, &cmd, &parts.headers, body, peer).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

/// Checks and reads the request, then waits for a slot and runs the child; a client that goes
/// away meanwhile drops the wait or the child (killed on drop).
async fn compute(
    state: &Shared,
    cmd: &str,
    headers: &HeaderMap,
    body: Body,
    peer: Option<Peer>,
) -> Result<Response, ApiError> {
    if allowed(cmd).is_none() {
        return Err(ApiError::NotFound(format!("/api/{cmd}")));
    }
    check_content_type(headers)?;
    let bytes = read_body(
        headers,
        body,
        max_body_bytes(cmd),
        state.limits.read_timeout,
    )
    .await?;
    super::json_keys::reject_duplicates(&bytes)?;
    let request = build_argv(cmd, &bytes)?;
    drop(bytes);
    let run = async {
        let _permit = acquire(state).await?;
        let lang = request.lang.unwrap_or_else(nabla::i18n::lang);
        let args: Vec<OsString> = with_lang(request.argv, lang)
            .into_iter()
            .map(OsString::from)
            .collect();
        let outcome = child::run(
            &state.exe,
            args,
            request.stdin,
            state.limits.budget,
            &state.memory,
        )
        .await;
        respond(outcome, state.limits.budget)
    };
    match peer {
        Some(p) => tokio::select! {
            r = run => r,
            () = p.gone() => Err(ApiError::ClientGone),
        },
        None => run.await,
    }
}

/// Waits for a computation slot: 503 `busy` when `queue` requests already wait, or when none
/// frees within the budget.
async fn acquire(state: &Shared) -> Result<tokio::sync::SemaphorePermit<'_>, ApiError> {
    if let Ok(p) = state.slots.try_acquire() {
        return Ok(p);
    }
    if state.waiting.fetch_add(1, Ordering::SeqCst) >= state.limits.queue {
        state.waiting.fetch_sub(1, Ordering::SeqCst);
        return Err(ApiError::Busy);
    }
    let r = tokio::time::timeout(state.limits.budget, state.slots.acquire()).await;
    state.waiting.fetch_sub(1, Ordering::SeqCst);
    match r {
        Ok(Ok(p)) => Ok(p),
        _ => Err(ApiError::Busy),
    }
}

/// Maps the child's outcome to the answer.
fn respond(outcome: Outcome, budget: Duration) -> Result<Response, ApiError> {
    let text = |b: &[u8]| String::from_utf8_lossy(b).trim_end().to_string();
    match outcome {
        Outcome::Exited {
            code,
            stdout,
            stderr,
        } => {
            let is_json = serde_json::from_slice::<serde::de::IgnoredAny>(&stdout).is_ok();
            match code {
                0 | 1 | 3 if is_json => Ok(ok_json(stdout, code, &stderr)),
                0 => Err(ApiError::Internal(format!(
                    "the computation printed no JSON; please report this: {}",
                    text(&stderr)
                ))),
                1 => Err(ApiError::Numeric(text(&stderr))),
                2 => Err(ApiError::Usage(text(&stderr))),
                c => Err(ApiError::Internal(format!(
                    "the computation ended with exit code {c}: {}",
                    text(&stderr)
                ))),
            }
        }
        // Rust's message when an allocation fails (the address-space cap) before it aborts.
        Outcome::Crashed { stderr, .. }
            if String::from_utf8_lossy(&stderr).contains("memory allocation of") =>
        {
            Err(ApiError::OutOfMemory)
        }
        Outcome::Crashed { signal, stderr } => Err(ApiError::Internal(format!(
            "the computation ended abnormally{}; try a smaller or simpler formula: {}",
            signal.map(|s| format!(" (signal {s})")).unwrap_or_default(),
            text(&stderr)
        ))),
        Outcome::TimedOut => Err(ApiError::Timeout(budget.as_secs_f64())),
        Outcome::TooLarge => Err(ApiError::OutputTooLarge),
        Outcome::MemoryFull(total) => Err(ApiError::MemoryFull(total)),
        Outcome::OverMemory { total, alone } => Err(ApiError::MemoryStopped { total, alone }),
        Outcome::Failed(e) => Err(ApiError::Internal(format!(
            "the computation could not be started ({e}); check the server's memory and process limits"
        ))),
    }
}

/// The CLI's JSON as a 200, with `x-nabla-exit` and, when the child said anything on standard
/// error (a warning such as "`xy` is read as one variable", a note), `x-nabla-warnings`.
fn ok_json(stdout: Vec<u8>, code: i32, stderr: &[u8]) -> Response {
    let mut r = (StatusCode::OK, stdout).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert("x-nabla-exit", HeaderValue::from(code));
    if let Some(w) = warnings_header(stderr) {
        h.insert("x-nabla-warnings", w);
    }
    r
}

/// Most bytes of standard error carried in `x-nabla-warnings`.
const MAX_WARNINGS_BYTES: usize = 4096;

/// Standard error's lines as a JSON array of strings in ASCII (non-ASCII as `\u` escapes of
/// four hex digits), so that a page reads them with
/// `JSON.parse(response.headers.get("x-nabla-warnings"))`; lines past [`MAX_WARNINGS_BYTES`]
/// are left out. `None` when there are none.
///
/// ```ignore
/// let h = warnings_header(b"warning: `xy` is read as one variable\n").unwrap();
/// assert_eq!(h.to_str().unwrap(), r#"["warning: `xy` is read as one variable"]"#);
/// ```
fn warnings_header(stderr: &[u8]) -> Option<HeaderValue> {
    let text = String::from_utf8_lossy(stderr);
    let mut lines: Vec<&str> = Vec::new();
    let mut total = 0;
    for line in text.lines().map(str::trim_end).filter(|l| !l.is_empty()) {
        total += line.len();
        if total > MAX_WARNINGS_BYTES {
            break;
        }
        lines.push(line);
    }
    if lines.is_empty() {
        return None;
    }
    let json = serde_json::to_string(&lines).ok()?;
    let mut ascii = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() && !c.is_ascii_control() {
            ascii.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                ascii.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    HeaderValue::from_str(&ascii).ok()
}

/// `GET /api/limits`.
pub async fn limits(State(state): State<AppState>) -> Response {
    let mut r = (StatusCode::OK, json_body(&state.limits.to_json())).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

/// The id prefixes of the page's messages: its own, its lessons', and the language's name.
pub const PAGE_PREFIXES: [&str; 3] = ["page-", "lesson-", "lang-"];

/// The page's words in `lang`: `{"lang": "zh-TW", "languages": [{"code": "en", "name":
/// "English"}, ...], "messages": {"page-...": "...", ...}}`, every message whose id starts with
/// one of [`PAGE_PREFIXES`], its variables left as `{$name}` placeholders for the page to fill.
/// Every language has the same ids (the catalogs' tests see to it).
///
/// ```ignore
/// let m = page_messages(Lang::ZhTw);
/// assert_eq!(m["messages"]["lang-name"], "繁體中文");
/// ```
pub fn page_messages(lang: Lang) -> Value {
    let mut messages = serde_json::Map::new();
    for prefix in PAGE_PREFIXES {
        for (id, text) in nabla::i18n::messages_with_prefix(lang, prefix) {
            messages.insert(id, Value::String(text));
        }
    }
    let languages: Vec<Value> = Lang::ALL
        .iter()
        .map(|l| serde_json::json!({"code": l.code(), "name": nabla::tr_in!(*l, "lang-name")}))
        .collect();
    serde_json::json!({"lang": lang.code(), "languages": languages, "messages": messages})
}

/// The `lang` parameter of a query string (`lang=zh-TW&...`): `Ok(None)` when absent.
fn query_lang(query: Option<&str>) -> Result<Option<Lang>, ApiError> {
    let Some(q) = query else { return Ok(None) };
    for pair in q.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if k == "lang" {
            return v.parse::<Lang>().map(Some).map_err(|_| {
                ApiError::BadRequest(format!(
                    "unknown language `{v}` in `lang`; use lang=en or lang=zh-TW"
                ))
            });
        }
    }
    Ok(None)
}

/// `GET /api/messages?lang=zh-TW`: [`page_messages`] in the query's language (the server's own
/// without one); an unknown language is a 400.
pub async fn messages(uri: Uri) -> Response {
    let lang = match query_lang(uri.query()) {
        Ok(l) => l.unwrap_or_else(nabla::i18n::lang),
        Err(e) => return e.into_response(),
    };
    let mut r = (StatusCode::OK, json_body(&page_messages(lang))).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

/// `GET` of a page file, or 404.
pub async fn asset(uri: Uri) -> Response {
    match super::assets::find(uri.path()) {
        Some(a) => {
            let mut r = (StatusCode::OK, a.body).into_response();
            let h = r.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(a.content_type),
            );
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            r
        }
        None => ApiError::NotFound(uri.path().to_string()).into_response(),
    }
}

/// Anything else: 404.
pub async fn not_found(uri: Uri) -> Response {
    ApiError::NotFound(uri.path().to_string()).into_response()
}

/// A known route with another method: 405.
pub async fn method_not_allowed() -> Response {
    ApiError::MethodNotAllowed.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(cmd: &str, body: &str) -> Result<Vec<String>, ApiError> {
        build_argv(cmd, body.as_bytes()).map(|r| r.argv)
    }

    #[test]
    fn options_become_flags() {
        // Options come in the order of their names (the order of a JSON object is not kept);
        // the order of a list's elements is.
        let a = argv(
            "min",
            r#"{"formula": "x^2+y^2", "options": {"from": "3,4", "method": "adam", "lr": 0.01, "iters": 500, "centered": true, "global": false, "tol": null}}"#,
        );
        assert_eq!(
            a.ok(),
            Some(
                [
                    "min",
                    "--centered",
                    "--from=3,4",
                    "--iters=500",
                    "--lr=0.01",
                    "--method=adam",
                    "--json",
                    "--",
                    "x^2+y^2"
                ]
                .map(String::from)
                .to_vec()
            )
        );
        // `grad` is check's option, not plot's.
        let p = argv("plot", r#"{"formula": "-x", "options": {"grad": 1}}"#);
        assert!(matches!(p, Err(ApiError::BadRequest(m)) if m.contains("unknown option `grad`")));
        let p = argv("plot", r#"{"formula": "-x"}"#)
            .ok()
            .unwrap_or_default();
        assert_eq!(p, ["plot", "--output=-", "--json", "--", "-x"]);
        let c = argv(
            "check",
            r#"{"formula": "x*y", "options": {"at": ["1,2", "3,4"]}}"#,
        );
        assert_eq!(
            c.ok().unwrap_or_default(),
            ["check", "--at=1,2", "--at=3,4", "--json", "--", "x*y"]
        );
    }

    #[test]
    fn files_and_bad_bodies_are_refused() {
        for (cmd, body) in [
            (
                "eval",
                r#"{"formula": "x", "options": {"file": "/etc/passwd"}}"#,
            ),
            (
                "plot",
                r#"{"formula": "x", "options": {"output": "/tmp/x.svg"}}"#,
            ),
            ("plot", r#"{"formula": "x", "options": {"loss": true}}"#),
            ("grad", r#"{"formula": "x", "options": {"json": true}}"#),
            ("grad", r#"{"formula": "x", "options": {"at": {"x": 1}}}"#),
            ("grad", r#"{"formula": "x", "options": [1]}"#),
            ("grad", r#"{"formula": 3}"#),
            ("grad", r#"{"options": {}}"#),
            ("grad", r#"{"formula": "x", "extra": 1}"#),
            ("grad", r#"{"formula": "-"}"#),
            ("grad", r#"{"formula": "x\u0000"}"#),
            ("grad", r#"[1, 2]"#),
            ("grad", r#"{"formula": "#),
        ] {
            assert!(
                matches!(argv(cmd, body), Err(ApiError::BadRequest(_))),
                "{cmd} {body}"
            );
        }
        let long = format!(r#"{{"formula": "{}"}}"#, "x+".repeat(MAX_FORMULA_BYTES));
        assert!(matches!(
            argv("eval", &long),
            Err(ApiError::FormulaTooLong(_))
        ));
        assert!(matches!(
            argv("graph", r#"{"formula": "x"}"#),
            Err(ApiError::NotFound(_))
        ));
    }

    #[test]
    fn fit_sends_its_data_on_standard_input() {
        let r = build_argv(
            "fit",
            br#"{"formula": "w*x + b", "data": "x,y\n0,1\n", "options": {"params": "w,b", "init": "w=3,b=1"}}"#,
        );
        assert_eq!(
            r,
            Ok(ChildRequest {
                argv: [
                    "fit",
                    "--init=w=3,b=1",
                    "--params=w,b",
                    "--data=-",
                    "--json",
                    "--",
                    "w*x + b"
                ]
                .map(String::from)
                .to_vec(),
                stdin: Some(b"x,y\n0,1\n".to_vec()),
                lang: None,
            })
        );
        // Other endpoints get no standard input, and no `data` field.
        let g = build_argv("grad", br#"{"formula": "x", "options": {"at": "1"}}"#);
        assert_eq!(g.ok().and_then(|r| r.stdin), None);
        assert!(matches!(
            argv("grad", r#"{"formula": "x", "data": "x,y\n"}"#),
            Err(ApiError::BadRequest(m)) if m.contains("unknown field `data`")
        ));
        for (body, says) in [
            (
                r#"{"formula": "w*x", "options": {"params": "w"}}"#,
                "has no `data`",
            ),
            (
                r#"{"formula": "w*x", "data": 3}"#,
                "`data` must be a string",
            ),
            (
                r#"{"formula": "w*x", "data": "x,y", "options": {"plot": "/tmp/r.svg"}}"#,
                "writes a file on the server",
            ),
            (
                r#"{"formula": "w*x", "data": "x,y", "options": {"data": "/etc/passwd"}}"#,
                "the body's `data` field",
            ),
            (
                r#"{"formula": "w*x", "data": "x,y", "options": {"vars": "w"}}"#,
                "fit takes no variable order",
            ),
            (
                r#"{"formula": "w*x", "data": "x,y", "options": {"file": "m.txt"}}"#,
                "reads a file on the server",
            ),
            (r#"{"formula": "-", "data": "x,y"}"#, "standard input"),
        ] {
            assert!(
                matches!(argv("fit", body), Err(ApiError::BadRequest(ref m)) if m.contains(says)),
                "{body}: {:?}",
                argv("fit", body)
            );
        }
        // fit's `loss` is a formula, not a file: allowed.
        assert!(argv(
            "fit",
            r#"{"formula": "w*x", "data": "x,y", "options": {"params": "w", "loss": "abs(pred - target)"}}"#
        )
        .is_ok());
    }

    #[test]
    fn the_language_is_checked_and_passed_on() {
        let r = build_argv("grad", br#"{"formula": "x", "lang": "zh-TW"}"#);
        assert_eq!(r.as_ref().ok().and_then(|r| r.lang), Some(Lang::ZhTw));
        let child = r.map(|r| with_lang(r.argv, Lang::ZhTw)).unwrap_or_default();
        assert_eq!(child, ["grad", "--lang=zh-TW", "--json", "--", "x"]);
        let none = build_argv("grad", br#"{"formula": "x", "lang": null}"#);
        assert_eq!(none.ok().and_then(|r| r.lang), None);
        for body in [
            r#"{"formula": "x", "lang": "fr"}"#,
            r#"{"formula": "x", "lang": ["zh-TW"]}"#,
        ] {
            assert!(
                matches!(argv("grad", body), Err(ApiError::BadRequest(ref m)) if m.contains("`lang`")),
                "{body}"
            );
        }
        assert_eq!(query_lang(Some("a=1&lang=en")), Ok(Some(Lang::En)));
        assert_eq!(query_lang(None), Ok(None));
        assert!(query_lang(Some("lang=zh")).is_err());
        let m = page_messages(Lang::ZhTw);
        assert_eq!(m["messages"]["lang-name"], "繁體中文");
        assert_eq!(m["languages"][0]["name"], "English");
    }

    #[test]
    fn warnings_travel_as_ascii_json() {
        let h = warnings_header("warning: `xy` is one variable\n\nnote: µ ≥ 0\n".as_bytes());
        let text = h.as_ref().and_then(|h| h.to_str().ok()).unwrap_or("");
        assert_eq!(
            text,
            r#"["warning: `xy` is one variable","note: \u00b5 \u2265 0"]"#
        );
        let back: Vec<String> = serde_json::from_str(text).unwrap_or_default();
        assert_eq!(back[1], "note: µ ≥ 0");
        assert!(warnings_header(b"\n  \n").is_none());
        let long = "warning: x\n".repeat(1000);
        let h = warnings_header(long.as_bytes());
        assert!(h.is_some_and(|h| h.len() <= MAX_WARNINGS_BYTES + 2000));
    }

    fn exited(code: i32, stdout: &str, stderr: &str) -> Outcome {
        Outcome::Exited {
            code,
            stdout: stdout.as_bytes().to_vec(),
            stderr: stderr.as_bytes().to_vec(),
        }
    }

    #[test]
    fn outcomes_map_to_answers() {
        let budget = Duration::from_secs(10);
        let exit_of = |o: Outcome| {
            respond(o, budget).map(|r| {
                let h = r.headers().get("x-nabla-exit").cloned();
                (
                    r.status().as_u16(),
                    h.and_then(|h| h.to_str().ok().map(str::to_string)),
                )
            })
        };
        assert_eq!(
            exit_of(exited(0, "{}", "")),
            Ok((200, Some("0".to_string())))
        );
        assert_eq!(
            exit_of(exited(1, "{\"ok\": false}", "")),
            Ok((200, Some("1".to_string())))
        );
        assert_eq!(
            exit_of(exited(1, "", "error: inf\n")),
            Err(ApiError::Numeric("error: inf".to_string()))
        );
        assert_eq!(
            exit_of(exited(2, "", "error: bad\n  ^\n")),
            Err(ApiError::Usage("error: bad\n  ^".to_string()))
        );
        assert!(matches!(
            exit_of(exited(0, "not json", "")),
            Err(ApiError::Internal(_))
        ));
        assert!(matches!(
            exit_of(exited(3, "", "")),
            Err(ApiError::Internal(_))
        ));
        let oom = Outcome::Crashed {
            signal: Some(6),
            stderr: b"memory allocation of 8589934592 bytes failed\n".to_vec(),
        };
        assert_eq!(exit_of(oom), Err(ApiError::OutOfMemory));
        let crash = Outcome::Crashed {
            signal: Some(11),
            stderr: Vec::new(),
        };
        assert!(matches!(exit_of(crash), Err(ApiError::Internal(m)) if m.contains("signal 11")));
        assert_eq!(exit_of(Outcome::TimedOut), Err(ApiError::Timeout(10.0)));
        assert_eq!(exit_of(Outcome::TooLarge), Err(ApiError::OutputTooLarge));
    }

    /// Every allowed option is a flag of the CLI's subcommand, and every flag of the subcommand
    /// is either allowed or denied on purpose: a new flag fails this test until it is sorted.
    #[test]
    fn allow_lists_match_the_command_line() {
        use clap::CommandFactory;
        let cli = crate::cli::Cli::command();
        for cmd in ["eval", "grad", "diff", "check", "min", "plot", "fit"] {
            let sub = cli.find_subcommand(cmd).map(|s| {
                s.get_arguments()
                    .filter_map(|a| a.get_long().map(str::to_string))
                    .collect::<Vec<_>>()
            });
            let flags = sub.unwrap_or_default();
            let allow = allowed(cmd).unwrap_or_default();
            for a in allow {
                assert!(flags.iter().any(|f| f == a), "{cmd}: `{a}` is not a flag");
            }
            for f in &flags {
                assert!(
                    allow.contains(&f.as_str()) || refused(cmd, f).is_some(),
                    "{cmd}: the flag `{f}` is neither allowed nor refused"
                );
                assert!(
                    !(allow.contains(&f.as_str()) && refused(cmd, f).is_some()),
                    "{cmd}: the flag `{f}` is both allowed and refused"
                );
            }
        }
    }
}
