//! Browser tests of the page of `nabla serve`: the real server on an ephemeral port, driven in
//! headless Chromium through WebDriver (chromedriver, with fantoccini as the client).
//!
//! They are `#[ignore]`d because they need Debian's `chromium` and `chromium-driver`, which the
//! tests never install themselves: `scripts/install-browser.sh`, then
//! `cargo test --release --test browser -- --ignored`.
//!
//! Invariants: every test starts its own server and chromedriver (with a fresh Chromium profile)
//! and ends them and its Chromium on drop, even when it fails; the tests run one at a time (a lock), so two
//! Chromiums never compete for the machine; waits poll the page until a condition holds and fail
//! with the page's status lines after a generous limit, but nothing asserts how long anything
//! took. Screenshots of the main views go to `<target dir>/browser-artifacts/`; those of the page
//! in 繁體中文 (`zh-TW-*.png`) need a CJK font (`fonts-noto-cjk`, which the script installs), or
//! their Chinese is drawn as empty boxes.

//!
//! Layout: `page` holds the harness (the server, chromedriver, the `Page` session and its
//! helpers); each other module holds one group of tests.

mod classic;
mod page;
mod page_layout;
mod page_state;
