//! What every request passes before a handler sees it, and what every answer carries: the
//! `Host` and `Origin` checks, and the security headers.
//!
//! Invariants:
//! - A request names its host once: two or more `Host` headers are a 400. The host a request is
//!   for is the authority of an absolute-form target (`GET http://a.b/ HTTP/1.1`) when it has
//!   one, which RFC 9112 says wins over `Host`, and otherwise its `Host` header.
//! - Bound to loopback, the server answers only a host that is this machine's loopback, parsed
//!   strictly ([`local_host`]): `localhost`, a `127.x.x.x` dotted quad or `[::1]`, then nothing
//!   or `:` and digits. Anything else is a 403 (no DNS rebinding, no `localhost:evil`).
//! - A request that may change something (any method but GET, HEAD and OPTIONS) with an
//!   `Origin` header is answered only when that origin is the server's own
//!   (`http://` + the request's host): another site's page cannot post to it, whatever the
//!   content type. Requests without `Origin` (curl, scripts) pass.
//! - Every answer, errors included, carries [`SECURITY_HEADERS`]: a Content-Security-Policy that
//!   allows only the server's own scripts, styles and API (no framing), `X-Frame-Options: DENY`,
//!   `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::response::{IntoResponse, Response};

use super::api::AppState;
use super::error::ApiError;

/// The Content-Security-Policy of every answer. The page loads its script, style sheet and API
/// from the server itself; its icon is a `data:` image; it sets `style` attributes on a few
/// elements (the colour swatches), hence `style-src-attr 'unsafe-inline'`, while `<style>`
/// elements and inline scripts stay forbidden. `frame-ancestors 'none'`: no other page may frame
/// it (with parameters of its choosing).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The headers set on every answer.
pub const SECURITY_HEADERS: [(HeaderName, &str); 4] = [
    (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "no-referrer"),
];

/// Middleware: adds [`SECURITY_HEADERS`] to every answer.
pub async fn security_headers(request: Request, next: axum::middleware::Next) -> Response {
    let mut r = next.run(request).await;
    let h = r.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        h.insert(name, HeaderValue::from_static(value));
    }
    r
}

/// A host and port split from an authority (`name`, `name:port`, `[v6]`, `[v6]:port`); `None`
/// when it is not of that form (a port that is not digits, text after `]`, an unbracketed
/// IPv6 address, spaces, user information).
///
/// ```ignore
/// assert_eq!(split_authority("[::1]:8080"), Some(("::1", Some(8080))));
/// assert_eq!(split_authority("localhost:evil"), None);
/// ```
fn split_authority(authority: &str) -> Option<(&str, Option<u16>)> {
    if authority.is_empty()
        || !authority
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'@' && b != b'/')
    {
        return None;
    }
    let (name, rest) = match authority.strip_prefix('[') {
        Some(inner) => inner.split_once(']')?,
        None => authority.split_at(authority.find(':').unwrap_or(authority.len())),
    };
    let port = match rest {
        "" => None,
        r => {
            let digits = r.strip_prefix(':')?;
            if digits.is_empty() {
                None
            } else if digits.len() <= 5 && digits.bytes().all(|b| b.is_ascii_digit()) {
                Some(digits.parse::<u16>().ok()?)
            } else {
                return None;
            }
        }
    };
    if name.is_empty() {
        return None;
    }
    Some((name, port))
}

/// Whether an authority (a `Host` header, or an absolute-form target's) names this machine's
/// loopback: `localhost` (a final dot allowed), a `127.x.x.x` dotted quad, or `[::1]`, each
/// with or without `:port`.
///
/// ```ignore
/// assert!(local_host("127.0.0.1:8080") && local_host("localhost") && local_host("[::1]:80"));
/// assert!(!local_host("evil.example:8080") && !local_host("localhost:evil"));
/// ```
pub fn local_host(authority: &str) -> bool {
    let Some((name, _)) = split_authority(authority.trim()) else {
        return false;
    };
    if authority.trim().starts_with('[') {
        return name.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback());
    }
    let name = name.strip_suffix('.').unwrap_or(name);
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
}

/// The host a request is for: the authority of an absolute-form target, else its one `Host`
/// header (`None` without either, as HTTP/1.0 tools send). Two or more `Host` headers, or one
/// that is not text, are a 400.
pub fn request_authority(request: &Request) -> Result<Option<String>, ApiError> {
    let hosts = request.headers().get_all(header::HOST);
    let count = hosts.iter().count();
    if count > 1 {
        return Err(ApiError::BadRequest(format!(
            "the request has {count} `Host` headers; send exactly one"
        )));
    }
    if let Some(a) = request.uri().authority() {
        return Ok(Some(a.as_str().to_string()));
    }
    match hosts.iter().next() {
        None => Ok(None),
        Some(h) => h.to_str().map(|s| Some(s.trim().to_string())).map_err(|_| {
            ApiError::BadRequest(
                "the `Host` header is not plain text; send the server's address, e.g. 127.0.0.1:8080"
                    .to_string(),
            )
        }),
    }
}

/// Whether `origin` (an `Origin` header) is the server's own origin for a request to
/// `authority`: `http://` and the same host and port (80 when left out), compared without case.
///
/// ```ignore
/// assert!(same_origin("http://127.0.0.1:8080", "127.0.0.1:8080"));
/// assert!(!same_origin("http://evil.example", "127.0.0.1:8080") && !same_origin("null", "localhost"));
/// ```
pub fn same_origin(origin: &str, authority: &str) -> bool {
    let origin = origin.trim();
    let Some(scheme_end) = origin.find("://") else {
        return false;
    };
    if !origin[..scheme_end].eq_ignore_ascii_case("http") {
        return false;
    }
    let parse = |a: &str| {
        split_authority(a).map(|(name, port)| {
            let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
            // One spelling per address (`[::1]` and `[0::1]`).
            let name = name.parse::<IpAddr>().map_or(name, |ip| ip.to_string());
            (name, port.unwrap_or(80))
        })
    };
    match (parse(&origin[scheme_end + 3..]), parse(authority.trim())) {
        (Some(o), Some(a)) => o == a,
        _ => false,
    }
}

/// Middleware: the `Host` and `Origin` checks of this module's invariants.
pub async fn check_request(
    State(state): State<AppState>,
    request: Request,
    next: axum::middleware::Next,
) -> Response {
    let authority = match request_authority(&request) {
        Ok(a) => a,
        Err(e) => return e.into_response(),
    };
    if state.loopback_only {
        if let Some(a) = &authority {
            if !local_host(a) {
                return ApiError::ForeignHost(a.clone()).into_response();
            }
        }
    }
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe {
        if let Some(origin) = request.headers().get(header::ORIGIN) {
            let origin = String::from_utf8_lossy(origin.as_bytes()).into_owned();
            if !authority
                .as_deref()
                .is_some_and(|a| same_origin(&origin, a))
            {
                return ApiError::ForeignOrigin(origin).into_response();
            }
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_hosts() {
        for ok in [
            "127.0.0.1:8080",
            "localhost",
            "LOCALHOST:1",
            "[::1]:8080",
            "[::1]",
            "127.1.2.3",
            "localhost.:80",
            "localhost:",
        ] {
            assert!(local_host(ok), "{ok}");
        }
        for bad in [
            "evil.example:8080",
            "10.0.0.1",
            "[::2]:80",
            "",
            "localhost.evil.example",
            "127.0.0.1.evil",
            "localhost:evil",
            "localhost:80:80",
            "localhost:123456",
            "localhost:99999",
            "[::1]evil.com",
            "[::1]:80evil",
            "[::1",
            "::1",
            "127.1",
            "user@localhost",
            "localhost/x",
            "local host",
        ] {
            assert!(!local_host(bad), "{bad}");
        }
    }

    #[test]
    fn origins() {
        for (origin, host) in [
            ("http://127.0.0.1:8080", "127.0.0.1:8080"),
            ("HTTP://LocalHost:8080", "localhost:8080"),
            ("http://localhost", "localhost:80"),
            ("http://[::1]:9000", "[0::1]:9000"),
            ("http://192.168.1.5:8080", "192.168.1.5:8080"),
        ] {
            assert!(same_origin(origin, host), "{origin} {host}");
        }
        for (origin, host) in [
            ("http://evil.example", "127.0.0.1:8080"),
            ("http://127.0.0.1:8081", "127.0.0.1:8080"),
            ("https://127.0.0.1:8080", "127.0.0.1:8080"),
            ("null", "127.0.0.1:8080"),
            ("http://localhost:8080", "127.0.0.1:8080"),
            ("http://127.0.0.1:8080/", "127.0.0.1:8080"),
            ("", "127.0.0.1:8080"),
        ] {
            assert!(!same_origin(origin, host), "{origin} {host}");
        }
    }
}
