//! The page's static files, embedded in the binary at build time (no files are read at run time,
//! so `cargo install` and one command are the whole set-up, and the machine may be offline).
//!
//! Invariant: [`ASSETS`] is the one table of what `GET` serves besides the API: each entry's
//! path, content type and bytes; every answer carries `Cache-Control: no-cache`, so a page
//! reloaded after an upgrade never mixes old and new files.

/// One embedded file.
#[derive(Debug, Clone, Copy)]
pub struct Asset {
    /// The URL path it is served at.
    pub path: &'static str,
    /// Its `Content-Type`.
    pub content_type: &'static str,
    /// Its bytes.
    pub body: &'static [u8],
}

/// Every static file the server answers, by URL path.
///
/// ```ignore
/// assert_eq!(find("/").map(|a| a.content_type), Some("text/html; charset=utf-8"));
/// ```
pub const ASSETS: &[Asset] = &[
    Asset {
        path: "/",
        content_type: "text/html; charset=utf-8",
        body: include_bytes!("../../../../web/index.html"),
    },
    Asset {
        path: "/app.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../../../web/app.js"),
    },
    Asset {
        path: "/layout.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../../../web/layout.js"),
    },
    Asset {
        path: "/style.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../../../../web/style.css"),
    },
];

/// The asset served at `path`, if any.
pub fn find(path: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.path == path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_is_found_and_not_empty() {
        for a in ASSETS {
            assert_eq!(find(a.path).map(|f| f.path), Some(a.path));
            assert!(!a.body.is_empty(), "{}", a.path);
        }
        assert!(find("/index.html").is_none());
        assert!(find("/../Cargo.toml").is_none());
    }
}
