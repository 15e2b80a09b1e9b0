//! The API's errors: one typed enum, each variant with its HTTP status, its `kind` (a stable
//! word the page can switch on) and a lower-case message that says how to fix the request.
//!
//! Invariant: every answer that is not the CLI's JSON is `{"error": {"kind": ..., "message":
//! ...}}` with a 4xx or 5xx status; nothing a client sends produces a panic or a bare status.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::limits::{
    CHILD_ADDRESS_SPACE, MAX_BODY_BYTES, MAX_FORMULA_BYTES, MAX_OUTPUT_BYTES, RETRY_AFTER_SECONDS,
};
use super::memory::size;

/// Why a request got no computed answer.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The CLI rejected the input (exit 2): a parse error with its caret lines, a value out of
    /// range, a bad point. 400.
    Usage(String),
    /// The computation failed numerically (exit 1 without a JSON report). 422.
    Numeric(String),
    /// The body is not the JSON the API takes, or an option is unknown or not allowed. 400.
    BadRequest(String),
    /// The body is larger than its endpoint takes, this many bytes ([`MAX_BODY_BYTES`], or
    /// [`super::limits::MAX_FIT_BODY_BYTES`] for `/api/fit`). 413.
    BodyTooLarge(usize),
    /// The formula is longer than [`MAX_FORMULA_BYTES`]. 413.
    FormulaTooLong(usize),
    /// The `Content-Type` is not `application/json`. 415.
    ContentType(String),
    /// No such route. 404.
    NotFound(String),
    /// The route exists for another method. 405.
    MethodNotAllowed,
    /// The client took longer than the read timeout to send the body. 408.
    SlowRequest,
    /// The computation ran past its budget and was stopped. 503 (no `Retry-After`: the same
    /// request would run out of time again).
    Timeout(f64),
    /// Every computation slot is taken and the queue is full. 503 with `Retry-After`.
    Busy,
    /// The computation wrote more than [`MAX_OUTPUT_BYTES`]. 422.
    OutputTooLarge,
    /// A server bound to loopback got a request for another host name. 403.
    ForeignHost(String),
    /// A request that may change something came from another site's page (its `Origin` is
    /// not the server's own). 403.
    ForeignOrigin(String),
    /// The computation needed more memory than a child may map. 422.
    OutOfMemory,
    /// The computations running now hold so much of the server's total memory budget (bytes)
    /// that another could not start. 503 with `Retry-After`.
    MemoryFull(u64),
    /// The computation was stopped because the children running at once passed the server's
    /// total memory budget (bytes): 503 with `Retry-After` when others ran beside it; `alone`,
    /// it needs more than the whole budget by itself: 422 `out_of_memory`.
    MemoryStopped {
        /// The budget in bytes.
        total: u64,
        /// It was the only computation running.
        alone: bool,
    },
    /// The client closed the connection before the answer; its computation was stopped. 499
    /// (nobody reads it, unless the client only half-closed).
    ClientGone,
    /// The computation ended abnormally, or could not be started. 500.
    Internal(String),
}

impl ApiError {
    /// The HTTP status of this error.
    ///
    /// ```ignore
    /// assert_eq!(ApiError::Busy.status(), StatusCode::SERVICE_UNAVAILABLE);
    /// ```
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Usage(_) | ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Numeric(_)
            | ApiError::OutputTooLarge
            | ApiError::OutOfMemory
            | ApiError::MemoryStopped { alone: true, .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::BodyTooLarge(_) | ApiError::FormulaTooLong(_) => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            ApiError::ContentType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::ForeignHost(_) | ApiError::ForeignOrigin(_) => StatusCode::FORBIDDEN,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::SlowRequest => StatusCode::REQUEST_TIMEOUT,
            ApiError::Timeout(_)
            | ApiError::Busy
            | ApiError::MemoryFull(_)
            | ApiError::MemoryStopped { alone: false, .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::ClientGone => StatusCode::from_u16(499).unwrap_or(StatusCode::BAD_REQUEST),
        }
    }

    /// The stable word the page switches on.
    pub fn kind(&self) -> &'static str {
        match self {
            ApiError::Usage(_) => "usage",
            ApiError::Numeric(_) => "numeric",
            ApiError::BadRequest(_) => "bad_request",
            ApiError::BodyTooLarge(_) | ApiError::FormulaTooLong(_) => "too_large",
            ApiError::ContentType(_) => "content_type",
            ApiError::NotFound(_) => "not_found",
            ApiError::ForeignHost(_) => "forbidden_host",
            ApiError::ForeignOrigin(_) => "forbidden_origin",
            ApiError::MethodNotAllowed => "method",
            ApiError::SlowRequest => "slow_request",
            ApiError::Timeout(_) => "timeout",
            ApiError::Busy => "busy",
            ApiError::OutputTooLarge => "output_too_large",
            ApiError::Internal(_) => "internal",
            ApiError::ClientGone => "client_gone",
            ApiError::OutOfMemory | ApiError::MemoryStopped { alone: true, .. } => "out_of_memory",
            ApiError::MemoryFull(_) | ApiError::MemoryStopped { alone: false, .. } => "memory",
        }
    }

    /// The message: lower-case, saying how to fix the request.
    pub fn message(&self) -> String {
        match self {
            ApiError::Usage(m) | ApiError::Numeric(m) | ApiError::BadRequest(m) => m.clone(),
            ApiError::Internal(m) => m.clone(),
            ApiError::BodyTooLarge(max) if *max > MAX_BODY_BYTES => format!(
                "the request body is larger than {} KiB; send fewer rows of data (a sample of them), or fit them with `nabla fit` on the command line",
                max >> 10
            ),
            ApiError::BodyTooLarge(max) => format!(
                "the request body is larger than {} KiB; send a shorter formula and fewer options",
                max >> 10
            ),
            ApiError::FormulaTooLong(n) => format!(
                "the formula is {n} bytes long; the server takes formulas of at most {} KiB, so shorten it",
                MAX_FORMULA_BYTES >> 10
            ),
            ApiError::ContentType(got) => format!(
                "the request's content type is `{got}`; send the body as JSON with `Content-Type: application/json`"
            ),
            ApiError::NotFound(path) => format!(
                "there is nothing at `{path}`; the API is POST /api/eval, /api/grad, /api/diff, /api/check, /api/min, /api/plot, /api/fit and GET /api/limits"
            ),
            ApiError::MethodNotAllowed => {
                "this method is not allowed here; use POST for /api/<command> and GET for pages and /api/limits".to_string()
            }
            ApiError::SlowRequest => {
                "the request body arrived too slowly and was dropped; send the whole request at once".to_string()
            }
            ApiError::Timeout(s) => format!(
                "the computation took longer than the server's budget of {s} s and was stopped; ask for fewer iterations, starts or grid points"
            ),
            ApiError::Busy => format!(
                "the server is busy with other computations; try again in {RETRY_AFTER_SECONDS} s"
            ),
            ApiError::ForeignHost(h) => format!(
                "this server listens on this machine only and does not answer for the host `{h}`; open it as http://127.0.0.1:PORT/, or start it with --host 0.0.0.0 to serve other machines"
            ),
            ApiError::ForeignOrigin(o) => format!(
                "this server takes requests from its own page only, and this one came from `{o}`; open the page at the server's address, or send the request without an `Origin` header (as curl does)"
            ),
            ApiError::OutOfMemory => format!(
                "the computation needed more than the {} GiB of memory a request may use and was stopped; ask for fewer iterations, starts, points or a smaller grid or picture",
                CHILD_ADDRESS_SPACE >> 30
            ),
            ApiError::MemoryFull(total) => format!(
                "the computations running now hold the server's memory budget of {}; try again in {RETRY_AFTER_SECONDS} s, or ask for a smaller computation (fewer iterations, starts or points, a smaller grid or picture)",
                size(*total)
            ),
            ApiError::MemoryStopped { total, alone: false } => format!(
                "the computation was stopped: together with the others running beside it, it needed more than the server's memory budget of {}; try again in {RETRY_AFTER_SECONDS} s, or ask for a smaller computation (fewer iterations, starts or points, a smaller grid or picture)",
                size(*total)
            ),
            ApiError::MemoryStopped { total, alone: true } => format!(
                "the computation needed more than the server's whole memory budget of {} and was stopped; ask for fewer iterations, starts or points, or a smaller grid or picture",
                size(*total)
            ),
            ApiError::ClientGone => {
                "the connection was closed before the answer, so the computation was stopped; keep the connection open until the answer arrives".to_string()
            }
            ApiError::OutputTooLarge => format!(
                "the answer is larger than {} MiB and was dropped; ask for fewer iterations, a smaller grid or a smaller picture",
                MAX_OUTPUT_BYTES >> 20
            ),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind(), self.message())
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": {"kind": self.kind(), "message": self.message()}});
        let mut r = (self.status(), json_body(&body)).into_response();
        let h = r.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        let again = matches!(
            self,
            ApiError::Busy | ApiError::MemoryFull(_) | ApiError::MemoryStopped { alone: false, .. }
        );
        if again {
            h.insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
        }
        r
    }
}

/// Why the server could not start listening, from the system's error for `bind`.
#[derive(Debug)]
pub enum BindError {
    /// Another program listens on that port (`EADDRINUSE`).
    InUse(std::net::SocketAddr),
    /// The address is not one of this machine's (`EADDRNOTAVAIL`), e.g. another machine's.
    NotHere(std::net::IpAddr),
    /// Ports below 1024 need privileges (`EACCES`).
    Denied(std::net::SocketAddr),
    /// Anything else the system said.
    Other(std::net::SocketAddr, std::io::Error),
}

impl BindError {
    /// The error of binding `addr`, classified.
    pub fn of(addr: std::net::SocketAddr, e: std::io::Error) -> BindError {
        match e.kind() {
            std::io::ErrorKind::AddrInUse => BindError::InUse(addr),
            std::io::ErrorKind::AddrNotAvailable => BindError::NotHere(addr.ip()),
            std::io::ErrorKind::PermissionDenied => BindError::Denied(addr),
            _ => BindError::Other(addr, e),
        }
    }
}

impl std::fmt::Display for BindError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            BindError::InUse(a) => nabla::tr!(
                "serve-bind-in-use",
                addr = a.to_string(),
                port = a.port().to_string()
            ),
            BindError::NotHere(ip) => nabla::tr!("serve-bind-not-here", ip = ip.to_string()),
            BindError::Denied(a) => nabla::tr!("serve-bind-denied", addr = a.to_string()),
            BindError::Other(a, e) => nabla::tr!(
                "serve-bind-other",
                addr = a.to_string(),
                reason = e.to_string()
            ),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for BindError {}

/// A JSON value as response bytes (pretty, as the CLI prints it, with a final newline).
pub fn json_body(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_kinds() {
        assert_eq!(ApiError::Busy.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(ApiError::Timeout(10.0).kind(), "timeout");
        assert_eq!(
            ApiError::BodyTooLarge(MAX_BODY_BYTES).status().as_u16(),
            413
        );
        assert_eq!(
            ApiError::ContentType("text/plain".into()).status().as_u16(),
            415
        );
        for e in [
            ApiError::BodyTooLarge(MAX_BODY_BYTES),
            ApiError::BodyTooLarge(super::super::limits::MAX_FIT_BODY_BYTES),
            ApiError::Busy,
            ApiError::SlowRequest,
            ApiError::OutputTooLarge,
            ApiError::MethodNotAllowed,
            ApiError::Timeout(1.0),
            ApiError::ForeignOrigin("http://evil.example".into()),
            ApiError::MemoryFull(1 << 30),
            ApiError::MemoryStopped {
                total: 1 << 30,
                alone: false,
            },
        ] {
            let m = e.message();
            assert!(m.starts_with(|c: char| c.is_lowercase()), "{m}");
        }
        // Stopped beside others: retry later (503); alone: it does not fit at all (422).
        let beside = ApiError::MemoryStopped {
            total: 3 << 29,
            alone: false,
        };
        assert_eq!((beside.status().as_u16(), beside.kind()), (503, "memory"));
        assert!(beside.message().contains("1.5 GiB"));
        let alone = ApiError::MemoryStopped {
            total: 100 << 20,
            alone: true,
        };
        assert_eq!(
            (alone.status().as_u16(), alone.kind()),
            (422, "out_of_memory")
        );
        assert!(alone.message().contains("100 MiB"));
        assert!(alone
            .into_response()
            .headers()
            .get(header::RETRY_AFTER)
            .is_none());
        assert!(ApiError::MemoryFull(1 << 30)
            .into_response()
            .headers()
            .get(header::RETRY_AFTER)
            .is_some());
    }

    #[test]
    fn busy_says_when_to_retry() {
        let r = ApiError::Busy.into_response();
        assert_eq!(
            r.headers().get(header::RETRY_AFTER).map(|v| v.as_bytes()),
            Some(&b"1"[..])
        );
    }
}
