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

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

const BEALE: &str = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2";
/// How long a wait polls before it fails (a failure report, not a timing assertion).
const PATIENCE: Duration = Duration::from_secs(90);

/// One test at a time: each starts a Chromium.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A child process that is terminated (then killed) when dropped.
struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        // SIGTERM first, so chromedriver can end the Chromium it started.
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The directory for screenshots (and the Chromium profiles).
fn artifacts() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let dir = target.join("browser-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    // Chromium is given a plain path (no `..`) for its profile.
    dir.canonicalize().unwrap_or(dir)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The server, chromedriver and a WebDriver session on the page.
struct Page {
    client: Client,
    base: String,
    // Dropped after `client`: the driver, then the server.
    _driver: Proc,
    _server: Proc,
    profile: PathBuf,
}

impl Page {
    async fn open(name: &str) -> Page {
        Page::open_in(name, None).await
    }

    /// The page in a browser whose language is `lang` (`navigator.languages`, through Chromium's
    /// `--lang` and its `intl.accept_languages` preference); the browser's default without one.
    async fn open_in(name: &str, lang: Option<&str>) -> Page {
        let mut server = Command::new(env!("CARGO_BIN_EXE_nabla"))
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .args(["serve", "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("cannot start nabla serve");
        let mut line = String::new();
        BufReader::new(server.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let server = Proc(server);
        // The address is the first line's last word, in every language.
        let base = line
            .trim()
            .rsplit(' ')
            .next()
            .filter(|url| url.starts_with("http://"))
            .unwrap_or_else(|| panic!("unexpected first line from nabla serve: {line:?}"))
            .trim_end_matches('/')
            .to_string();
        let port = free_port();
        let driver = Proc(
            Command::new("/usr/bin/chromedriver")
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("cannot start /usr/bin/chromedriver (scripts/install-browser.sh)"),
        );
        let profile = artifacts().join(format!("profile-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        let mut caps = serde_json::Map::new();
        let mut args = vec![
            "--headless".to_string(),
            "--no-sandbox".to_string(),
            "--disable-gpu".to_string(),
            "--disable-quic".to_string(),
            "--no-first-run".to_string(),
            "--disable-background-networking".to_string(),
            "--disable-component-update".to_string(),
            "--disable-sync".to_string(),
            "--window-size=1600,1100".to_string(),
            format!("--user-data-dir={}", profile.display()),
        ];
        let mut options = json!({"binary": "/usr/bin/chromium"});
        if let Some(lang) = lang {
            args.push(format!("--lang={lang}"));
            options["prefs"] = json!({"intl.accept_languages": lang});
        }
        options["args"] = json!(args);
        caps.insert("goog:chromeOptions".to_string(), options);
        let webdriver = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&webdriver)
                .await
            {
                Ok(c) => break c,
                Err(e) if Instant::now() > deadline => panic!("cannot reach chromedriver: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        Page {
            client,
            base,
            _driver: driver,
            _server: server,
            profile,
        }
    }

    async fn goto(&self, query: &str) {
        self.client
            .goto(&format!("{}/{query}", self.base))
            .await
            .unwrap();
    }

    async fn js(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    /// Polls `expr` (a JavaScript expression) until it is truthy; returns its value.
    async fn until(&self, what: &str, expr: &str) -> Value {
        let start = Instant::now();
        loop {
            let v = self.js(&format!("return ({expr});")).await;
            let truthy =
                !matches!(&v, Value::Null | Value::Bool(false)) && v != json!(0) && v != json!("");
            if truthy {
                return v;
            }
            if start.elapsed() > PATIENCE {
                let status = self
                    .js("return [...document.querySelectorAll('[role=status]')].map(e => e.id + ': ' + e.textContent).concat((window.__errors || []).map(e => 'page error: ' + e)).concat(['legend rows: ' + document.querySelectorAll('[data-testid=legend-row]').length + ', legend: ' + document.getElementById('legend').textContent.slice(0, 400) + ', url: ' + location.href]).join('\\n');")
                    .await;
                panic!(
                    "waited in vain for {what} ({expr}); last value {v}; status lines:\n{}",
                    status.as_str().unwrap_or("")
                );
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
            .text()
            .await
            .unwrap()
    }

    /// Replaces the text of an input and fires its `change` event (as leaving the field does).
    async fn type_into(&self, css: &str, text: &str) {
        let e = self.client.find(Locator::Css(css)).await.unwrap();
        e.clear().await.unwrap();
        e.send_keys(text).await.unwrap();
        self.client
            .execute(
                "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                vec![serde_json::to_value(&e).unwrap()],
            )
            .await
            .unwrap();
    }

    async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.unwrap();
        let path = artifacts().join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }

    /// A real mouse click (WebDriver pointer actions) at the map pixel of a data point.
    async fn click_map_at(&self, x: f64, y: f64) {
        let p = self
            .js(&format!(
                "const ov = document.getElementById('overlay'); const m = ov.getScreenCTM();
                 const f = {{x: {x}, y: {y}}};
                 const fr = window.__frame();
                 const px = fr.left + (f.x - fr.x[0]) / (fr.x[1] - fr.x[0]) * fr.width;
                 const py = fr.top + (fr.y[1] - f.y) / (fr.y[1] - fr.y[0]) * fr.height;
                 return [m.a * px + m.e, m.d * py + m.f];"
            ))
            .await;
        let (cx, cy) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
        let mouse = MouseActions::new("mouse".to_string())
            .then(PointerAction::MoveTo {
                duration: None,
                x: cx.round() as _,
                y: cy.round() as _,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        self.client.perform_actions(mouse).await.unwrap();
    }

    /// Ends the WebDriver session (Chromium quits); the drop does the rest.
    async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Page {
    /// Whatever happened to the session, no Chromium of this test outlives it: its processes are
    /// the ones started with this test's own profile directory (nothing else is touched).
    fn drop(&mut self) {
        let flag = format!("--user-data-dir={}", self.profile.display());
        let ours = || -> Vec<String> {
            let Ok(dir) = std::fs::read_dir("/proc") else {
                return Vec::new();
            };
            dir.filter_map(|e| {
                let e = e.ok()?;
                let pid = e.file_name().to_str()?.parse::<u32>().ok()?;
                let cmdline = std::fs::read(e.path().join("cmdline")).ok()?;
                cmdline
                    .split(|b| *b == 0)
                    .any(|arg| arg == flag.as_bytes())
                    .then(|| pid.to_string())
            })
            .collect()
        };
        for (signal, pause) in [("-TERM", 500), ("-KILL", 100)] {
            let pids = ours();
            if pids.is_empty() {
                break;
            }
            let _ = Command::new("kill").arg(signal).args(&pids).status();
            std::thread::sleep(Duration::from_millis(pause));
        }
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// `nabla ...` with the given arguments; its JSON output.
fn cli_json(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_nabla"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "nabla {args:?}: {e}: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The numbers of a tuple as the page prints it, `(2.70735828, 0.416891715)`.
fn tuple(text: &str) -> Vec<f64> {
    text.trim_matches(|c| c == '(' || c == ')')
        .split(", ")
        .map(|v| v.parse().unwrap_or_else(|e| panic!("{v} in {text}: {e}")))
        .collect()
}

async fn lock() -> tokio::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: scripts/install-browser.sh, then cargo test --release --test browser -- --ignored"]
async fn beale_partials_click_a_start_and_two_methods() {
    let _one = lock().await;
    let page = Page::open("beale").await;
    page.goto("?methods=gd").await;
    page.type_into("#formula", BEALE).await;
    // The partials, typeset: two MathML entries with fractions or powers inside.
    let n = page
        .until(
            "the partials as MathML",
            "document.querySelectorAll('[data-testid^=partial-] math').length === 2 && document.querySelectorAll('[data-testid=partial-y] math msup').length",
        )
        .await;
    assert!(n.as_u64().unwrap() > 0);
    // Typing fires parses (and maps) of valid prefixes too: wait for the whole formula's.
    let whole = serde_json::to_string(BEALE).unwrap();
    page.until(
        "the contour map of the whole formula",
        &format!("document.getElementById('parse-status').dataset.formula === {whole} && document.getElementById('map').dataset.formula === {whole} && document.querySelector('#map svg') && window.__frame()"),
    )
    .await;
    // Two methods: L-BFGS and Adam with lr 0.01.
    page.client
        .find(Locator::Css("#method-0 option[value=lbfgs]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    page.client
        .find(Locator::Css("#add-method option[value=adam]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    page.type_into("#setting-1-lr", "0.01").await;
    page.click_map_at(2.0, 1.0).await;
    let rows = page
        .until(
            "two legend rows",
            "document.querySelectorAll('[data-testid=legend-row]').length === 2 && [...document.querySelectorAll('[data-testid=legend-row]')].map(r => [r.dataset.method, r.textContent, JSON.parse(r.dataset.final)])",
        )
        .await;
    let start = page
        .js("return document.getElementById('start').value;")
        .await;
    let start = start.as_str().unwrap().to_string();
    assert!(start.starts_with("x=") && start.contains(",y="), "{start}");
    let legend: Vec<&Value> = rows.as_array().unwrap().iter().collect();
    assert_eq!(legend[0][0], "lbfgs");
    assert_eq!(legend[1][0], "adam");
    assert!(
        legend[1][1].as_str().unwrap().contains("adam lr=0.01"),
        "{rows}"
    );
    // L-BFGS converges to Beale's published minimum (3, 0.5).
    let lb = legend[0][2].as_array().unwrap();
    assert!((lb[0].as_f64().unwrap() - 3.0).abs() < 1e-6, "{rows}");
    assert!((lb[1].as_f64().unwrap() - 0.5).abs() < 1e-6, "{rows}");
    // Both final points are the CLI's for the same settings, to the last bit.
    let cli = cli_json(&[
        "min",
        BEALE,
        "--from",
        &start,
        "--compare",
        "lbfgs,adam:lr=0.01",
        "--iters",
        "10000",
        "--stall",
        "1000",
        "--json",
    ]);
    for (i, row) in legend.iter().enumerate() {
        assert_eq!(row[2], cli["runs"][i]["point"], "run {i}: page {rows}");
    }
    // The path overlay is drawn, the step counter and the value chart show the runs.
    page.until(
        "two paths",
        "document.querySelectorAll('#overlay polyline').length === 2",
    )
    .await;
    let over_map = page
        .until(
            "the legend over the map",
            "document.querySelector('[data-testid=map-legend]')?.textContent",
        )
        .await;
    assert_eq!(over_map, "lbfgsadam lr=0.01");
    let counter = page.text("#step-count").await;
    assert!(
        counter.starts_with("step ") && !counter.ends_with("/ 0"),
        "{counter}"
    );
    // Play animates the paths step by step from 0, then stops at the last step.
    page.client
        .find(Locator::Css("#play"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let moving = page
        .js("return [document.getElementById('play').getAttribute('aria-label'), document.getElementById('step-count').textContent];")
        .await;
    assert_eq!(moving[0], "pause", "{moving}");
    page.until(
        "the animation to end",
        "document.getElementById('play').getAttribute('aria-label') === 'play'",
    )
    .await;
    assert_eq!(page.text("#step-count").await, counter);
    page.until(
        "the value chart",
        "document.querySelectorAll('#chart polyline').length === 2",
    )
    .await;
    // The gradient check at the clicked point: a row per variable, the sweep's best step marked.
    page.until(
        "the check table",
        "document.querySelectorAll('[data-testid^=check-row-]').length === 2",
    )
    .await;
    assert!(page
        .text("[data-testid=check-row-x]")
        .await
        .contains("agrees"));
    page.until(
        "the best step",
        "document.querySelector('[data-testid=best-central]')",
    )
    .await;
    page.screenshot("map-and-paths").await;
    // The link reproduces the view; the CLI command names the same runs.
    page.client
        .find(Locator::Css("#copy-cli"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let cmd = page.text("#cli-line").await;
    assert!(
        cmd.contains("nabla plot") && cmd.contains("--methods lbfgs,adam:lr=0.01"),
        "{cmd}"
    );
    let url = page.client.current_url().await.unwrap();
    page.client.goto(url.as_str()).await.unwrap();
    page.until(
        "the runs again after reload",
        "document.querySelectorAll('[data-testid=legend-row]').length === 2",
    )
    .await;
    let formula = page
        .js("return document.getElementById('formula').value;")
        .await;
    assert_eq!(formula, BEALE);
    page.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: scripts/install-browser.sh, then cargo test --release --test browser -- --ignored"]
async fn a_wrong_hand_gradient_gets_a_diagnosis() {
    let _one = lock().await;
    let page = Page::open("hand").await;
    page.goto("").await;
    page.type_into("#formula", BEALE).await;
    let whole = serde_json::to_string(BEALE).unwrap();
    page.until(
        "the hand boxes for the whole formula",
        &format!("document.getElementById('parse-status').dataset.formula === {whole} && document.getElementById('hand-y')"),
    )
    .await;
    page.type_into(
        "#hand-x",
        "2*(1.5 - x + x*y)*(y-1) + 2*(2.25 - x + x*y**2)*(y**2-1) + 2*(2.625 - x + x*y**3)*(y**3-1)",
    )
    .await;
    page.type_into(
        "#hand-y",
        "-(2*(1.5 - x + x*y)*x + 2*(2.25 - x + x*y**2)*(2*x*y) + 2*(2.625 - x + x*y**3)*(3*x*y**2))",
    )
    .await;
    page.client
        .find(Locator::Css("#hand-check"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let d = page
        .until(
            "the diagnosis",
            "document.querySelector('[data-testid=diagnosis-y]')?.textContent",
        )
        .await;
    assert!(d.as_str().unwrap().contains("opposite sign"), "{d}");
    assert!(page
        .text("[data-testid=hand-result-x]")
        .await
        .contains("agrees"));
    assert!(page
        .text("[data-testid=hand-verdict]")
        .await
        .contains("disagree"));
    // The Hessian on request: three entries for two variables, typeset.
    page.client
        .find(Locator::Css("#hessian-btn"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    page.until(
        "the Hessian",
        "document.querySelectorAll('[data-testid=hessian-entry] math').length === 3",
    )
    .await;
    page.screenshot("hand-partials").await;
    // A parse error is shown with its caret, never a blank.
    page.type_into("#formula", "x^2 + sinn(x)").await;
    let err = page
        .until(
            "the parse error",
            "document.querySelector('#parse-status.error')?.textContent",
        )
        .await;
    assert!(
        err.as_str().unwrap().contains("did you mean `sin`"),
        "{err}"
    );
    page.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: scripts/install-browser.sh, then cargo test --release --test browser -- --ignored"]
async fn a_lesson_shows_the_book_numbers_beside_nablas() {
    let _one = lock().await;
    let page = Page::open("lesson").await;
    page.goto("").await;
    page.until(
        "the lesson list",
        "document.querySelector('#lesson-select option[value=beale]')",
    )
    .await;
    page.client
        .find(Locator::Css("#lesson-select option[value=beale]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let rows = page
        .until(
            "the book's numbers beside nabla's",
            "document.querySelectorAll('[data-testid=legend-row]').length === 6 && [...document.querySelectorAll('[data-testid=book-row]')].map(r => [r.querySelector('[data-testid=book-printed]').textContent, r.querySelector('[data-testid=book-nabla]').textContent]).filter(r => r[1] !== '…').length === 6 && [...document.querySelectorAll('[data-testid=book-row]')].map(r => [r.querySelector('[data-testid=book-printed]').textContent, r.querySelector('[data-testid=book-nabla]').textContent])",
        )
        .await;
    // gd, momentum, adagrad, adadelta and rmsprop: nabla's points are the book's printed digits.
    let rows = rows.as_array().unwrap();
    for row in &rows[..5] {
        let printed: Vec<&str> = row[0]
            .as_str()
            .unwrap()
            .trim_matches(|c| c == '[' || c == ']')
            .split_whitespace()
            .collect();
        let mine = tuple(row[1].as_str().unwrap());
        assert_eq!(printed.len(), mine.len(), "{row}");
        for (p, m) in printed.iter().zip(&mine) {
            // Equal to the printed digits: within half a unit of the last one.
            let decimals = p.split_once('.').map_or(0, |(_, d)| d.len()) as i32;
            let half = 0.5 * 10f64.powi(-decimals) * (1.0 + 1e-9);
            assert!(
                (m - p.parse::<f64>().unwrap()).abs() <= half,
                "book {p}, nabla {m}: {row}"
            );
        }
    }
    // Adam with beta2 0.8 circles the minimum (3, 0.5) about 5e-5 away, as the book's print does.
    let adam = tuple(rows[5][1].as_str().unwrap());
    assert!(
        (adam[0] - 3.0).abs() < 1e-4 && (adam[1] - 0.5).abs() < 1e-4,
        "{adam:?}"
    );
    let legend = page.text("#legend").await;
    for m in [
        "gd lr=5e-6",
        "momentum lr=5e-6 momentum=0.8",
        "adagrad",
        "adadelta",
        "rmsprop",
        "adam",
    ] {
        assert!(legend.contains(m), "{m} not in the legend: {legend}");
    }
    page.screenshot("lesson-beale").await;
    // The article's line fit, loaded by its link: one step from (3, 1) gives (4, 0), and the
    // check table gives the partials -2 and 2, as printed.
    page.goto("?lesson=line-fit").await;
    let rows = page
        .until(
            "the line fit's numbers",
            "[...document.querySelectorAll('[data-testid=book-row]')].map(r => [r.querySelector('[data-testid=book-printed]').textContent, r.querySelector('[data-testid=book-nabla]').textContent]).filter(r => r[1] === r[0]).length === 2",
        )
        .await;
    assert_eq!(rows, json!(true));
    // The map is drawn over the formula's variables.
    page.until(
        "the map of w and b",
        "window.__frame() && [...document.querySelectorAll('#map svg text')].some(t => t.textContent.trim() === 'w')",
    )
    .await;
    page.screenshot("lesson-line-fit").await;
    page.close().await;
}

/// NIST StRD Misra1a's data as `(x, y)` pairs: lines 61 to 74 of NIST's file, columns `y x`.
fn misra1a_rows() -> Vec<(f64, f64)> {
    let dat = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/strd/Misra1a.dat"
    ))
    .unwrap();
    dat.lines()
        .skip(60)
        .take(14)
        .map(|l| {
            let f: Vec<f64> = l.split_whitespace().map(|v| v.parse().unwrap()).collect();
            (f[1], f[0])
        })
        .collect()
}

/// A number as four significant digits, `2.389e2`: what "equal to 4 significant digits" compares.
fn four(v: f64) -> String {
    format!("{v:.3e}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: scripts/install-browser.sh, then cargo test --release --test browser -- --ignored"]
async fn a_fit_of_misra1a_gives_nists_certified_values() {
    let _one = lock().await;
    let page = Page::open("fit").await;
    page.goto("").await;
    // 1. Load the sample: the data box holds NIST's 14 rows, as x,y.
    page.until(
        "the sample list",
        "document.querySelector('#fit-sample option[value=misra1a]')",
    )
    .await;
    page.client
        .find(Locator::Css("#fit-sample option[value=misra1a]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let csv = page
        .until(
            "the sample's data",
            "document.getElementById('fit-data').value",
        )
        .await;
    let mut lines = csv.as_str().unwrap().lines();
    assert_eq!(lines.next(), Some("x,y"));
    let shown: Vec<(f64, f64)> = lines
        .map(|l| {
            let (x, y) = l.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect();
    assert_eq!(shown, misra1a_rows());
    let model = page
        .js("return document.getElementById('fit-model').value;")
        .await;
    assert_eq!(model, "b1*(1-exp(-b2*x))");
    // 2. Press Fit and read the table.
    page.client
        .find(Locator::Css("#fit-run"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    page.until(
        "the fit's answer",
        "document.getElementById('fit-panel').dataset.state === 'done'",
    )
    .await;
    // 3. NIST's certified values (Misra1a.dat, lines 41 to 47): b1 = 2.3894212918E+02 with
    // standard deviation 2.7070075241E+00, b2 = 5.5015643181E-04 with 7.2668688436E-06; residual
    // sum of squares 1.2455138894E-01 on 12 degrees of freedom. Equal to 4 significant digits.
    for (name, value, se) in [
        ("b1", 2.3894212918E+02, 2.7070075241E+00),
        ("b2", 5.5015643181E-04, 7.2668688436E-06),
    ] {
        let got: f64 = page
            .text(&format!("[data-testid=fit-estimate-{name}]"))
            .await
            .parse()
            .unwrap();
        let got_se: f64 = page
            .text(&format!("[data-testid=fit-se-{name}]"))
            .await
            .parse()
            .unwrap();
        assert_eq!(four(got), four(value), "{name}: {got}");
        assert_eq!(four(got_se), four(se), "{name}: ± {got_se}");
    }
    let cell = |id: &str| format!("[data-testid={id}] td");
    assert_eq!(page.text(&cell("fit-stat-dof")).await, "12");
    let rss: f64 = page.text(&cell("fit-stat-rss")).await.parse().unwrap();
    assert_eq!(four(rss), four(1.2455138894E-01));
    // Reduced chi-square: RSS / dof = 0.12455138894 / 12 = 1.0379282412e-2.
    let chi2: f64 = page.text(&cell("fit-stat-chi2")).await.parse().unwrap();
    assert_eq!(four(chi2), four(1.2455138894E-01 / 12.0));
    let r2: f64 = page.text(&cell("fit-stat-r2")).await.parse().unwrap();
    assert!(r2 > 0.9999 && r2 < 1.0, "{r2}");
    // The stop and the verdict are the library's sentences, as the API answered them.
    let stop = page.text("[data-testid=fit-stop]").await;
    assert!(stop.starts_with("converged"), "{stop}");
    assert_eq!(
        page.text("[data-testid=fit-verdict-kind]").await,
        "converged"
    );
    // The correlation matrix: ones on the diagonal, symmetric (b1 and b2 move together).
    let corr = page
        .js("return [...document.querySelectorAll('#fit-corr tr[data-testid^=fit-corr-] td')].map(c => +c.textContent);")
        .await;
    let c: Vec<f64> = corr
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(c.len(), 4, "{corr}");
    assert_eq!((c[0], c[3]), (1.0, 1.0));
    assert_eq!(c[1], c[2]);
    assert!(c[1] < -0.99, "{c:?}");
    // The residual chart: one point per row.
    let points = page
        .js("return document.querySelectorAll('#fit-residuals [data-testid=residual-point]').length;")
        .await;
    assert_eq!(points, 14);
    page.js("document.getElementById('fit-panel').scrollIntoView(); return true;")
        .await;
    page.screenshot("fit-misra1a").await;
    // 4. The link reproduces the fit: the sample, the model and the start.
    let url = page.client.current_url().await.unwrap();
    assert!(url.as_str().contains("fsample=misra1a"), "{url}");
    page.client.goto(url.as_str()).await.unwrap();
    page.until(
        "the fit again after reload",
        "document.getElementById('fit-panel').dataset.state === 'done' && document.querySelector('[data-testid=fit-estimate-b1]')",
    )
    .await;
    let again: f64 = page
        .text("[data-testid=fit-estimate-b1]")
        .await
        .parse()
        .unwrap();
    assert_eq!(four(again), four(2.3894212918E+02));
    // 5. A changed input clears the results at once: nothing stale.
    page.type_into("#fit-init", "b1=250,b2=5e-4").await;
    let cleared = page
        .js("return [document.getElementById('fit-panel').dataset.state, document.querySelectorAll('#fit-table tr').length, document.getElementById('fit-status').textContent];")
        .await;
    assert_eq!(cleared[0], "waiting", "{cleared}");
    assert_eq!(cleared[1], 0, "{cleared}");
    assert!(
        cleared[2].as_str().unwrap().starts_with("waiting"),
        "{cleared}"
    );
    // 6. Bad CSV: the CLI's message, with the line and the column.
    page.type_into("#fit-data", "x,y\n1,2\n2,abc\n").await;
    page.client
        .find(Locator::Css("#fit-run"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let err = page
        .until(
            "the data error",
            "document.getElementById('fit-panel').dataset.state === 'error' && document.getElementById('fit-status').textContent",
        )
        .await;
    assert!(
        err.as_str()
            .unwrap()
            .contains("`standard input` line 3, column `y`: `abc` is not a number"),
        "{err}"
    );
    assert_eq!(
        page.js("return document.querySelectorAll('#fit-table tr').length;")
            .await,
        0
    );
    page.js("document.getElementById('fit-panel').scrollIntoView(); return true;")
        .await;
    page.screenshot("fit-bad-data").await;
    // 7. The article's three points: the closed form w = 2 ± 1/√3, b = -2/3 ± √2/3 (least
    // squares on x = -1, 0, 1: w = Σxy/Σx², b = mean y, s² = RSS/1 = 2/3).
    page.client
        .find(Locator::Css("#fit-sample option[value=line]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    page.client
        .find(Locator::Css("#fit-run"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    page.until(
        "the line's fit",
        "document.getElementById('fit-panel').dataset.state === 'done' && document.querySelector('[data-testid=fit-se-b]')",
    )
    .await;
    for (name, value, se) in [
        ("w", 2.0, 1.0 / 3f64.sqrt()),
        ("b", -2.0 / 3.0, 2f64.sqrt() / 3.0),
    ] {
        let got: f64 = page
            .text(&format!("[data-testid=fit-estimate-{name}]"))
            .await
            .parse()
            .unwrap();
        let got_se: f64 = page
            .text(&format!("[data-testid=fit-se-{name}]"))
            .await
            .parse()
            .unwrap();
        assert_eq!((four(got), four(got_se)), (four(value), four(se)), "{name}");
    }
    // 8. Another method (L-BFGS) on the same least squares reaches the same line and reports
    // the same standard errors, with the residuals drawn.
    page.client
        .find(Locator::Css("#fit-method option[value=lbfgs]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(
        page.js("return document.getElementById('fit-panel').dataset.state;")
            .await,
        "waiting"
    );
    page.client
        .find(Locator::Css("#fit-run"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    page.until(
        "the lbfgs fit",
        "document.getElementById('fit-panel').dataset.state === 'done' && document.querySelector('[data-testid=fit-se-w]')?.textContent !== '—'",
    )
    .await;
    let se_w: f64 = page.text("[data-testid=fit-se-w]").await.parse().unwrap();
    assert_eq!(four(se_w), four(1.0 / 3f64.sqrt()));
    assert_eq!(
        page.js("return document.querySelectorAll('#fit-residuals [data-testid=residual-point]').length;")
            .await,
        3
    );
    page.close().await;
}

/// Whether `text` has a character of the CJK Unified Ideographs block (the page's Chinese).
fn has_han(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Clicks the option `value` of the select `#id` (as a person picks it).
async fn pick(page: &Page, id: &str, value: &str) {
    page.client
        .find(Locator::Css(&format!("#{id} option[value='{value}']")))
        .await
        .unwrap_or_else(|e| panic!("no option {value} in #{id}: {e}"))
        .click()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: scripts/install-browser.sh, then cargo test --release --test browser -- --ignored"]
async fn the_page_in_zh_tw_loads_a_lesson_checks_and_diagnoses() {
    let _one = lock().await;
    let page = Page::open("zh-tw").await;
    page.goto("?lang=zh-TW").await;
    // The fixed words: the headings, the switch showing 繁體中文, the document's language.
    page.until(
        "the Chinese headings",
        "document.getElementById('h-check').textContent === '梯度檢查' && document.documentElement.lang === 'zh-TW'",
    )
    .await;
    assert_eq!(page.text("#h-formula").await, "公式");
    assert_eq!(page.text("#h-hand").await, "你的偏導數");
    assert_eq!(
        page.js("return document.getElementById('lang-select').selectedOptions[0].textContent;")
            .await,
        "繁體中文"
    );
    // The lesson of chapter 2.4: the check of (1/16)x² + 9y² at (2, 3).
    page.until(
        "the Chinese lesson list",
        "document.querySelector('#lesson-select option[value=gradient-check]')?.textContent.includes('梯度檢查')",
    )
    .await;
    pick(&page, "lesson-select", "gradient-check").await;
    let rows = page
        .until(
            "the check table and the book's gradient",
            "document.querySelectorAll('[data-testid^=check-row-]').length === 2 && document.querySelector('[data-testid=book-nabla]')?.textContent !== '…' && document.querySelector('[data-testid=book-nabla]')?.textContent",
        )
        .await;
    assert_eq!(rows, "0.25, 54");
    let lesson = page.text("#lesson").await;
    assert!(
        lesson.contains("「2.4 梯度驗證」") && lesson.contains("書上印出"),
        "{lesson}"
    );
    let status = page.text("#check-status").await;
    assert!(
        status.contains("梯度與 f64 的中央差分一致") && status.contains("2 個偏導數中 2 個一致"),
        "{status}"
    );
    let head = page.text("#check-table tr").await;
    for word in ["變數", "精確值", "中央差分", "步長", "結果"] {
        assert!(head.contains(word), "{word} not in {head}");
    }
    for english in ["variable", "exact", "verdict", "central"] {
        assert!(!head.contains(english), "{english} left in {head}");
    }
    assert!(page
        .text("[data-testid=check-row-y]")
        .await
        .contains("一致"));
    // The lesson's hand partials have a sign error in ∂f/∂y: the diagnosis says so in Chinese.
    page.client
        .find(Locator::Css("#hand-check"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let d = page
        .until(
            "the Chinese diagnosis",
            "document.querySelector('[data-testid=diagnosis-y]')?.textContent",
        )
        .await;
    assert_eq!(d, "你的公式是精確偏導數的相反數（正負號錯了）");
    assert_eq!(
        page.text("[data-testid=hand-verdict]").await,
        "有偏導數不一致"
    );
    let x = page.text("[data-testid=hand-result-x]").await;
    assert!(x.contains("一致") && !x.contains("agrees"), "{x}");
    let y = page.text("[data-testid=hand-result-y]").await;
    assert!(y.contains("不一致") && y.contains("精確偏導數是"), "{y}");
    page.until(
        "the best step of the sweep",
        "document.querySelector('[data-testid=best-central]')",
    )
    .await;
    page.screenshot("zh-TW-lesson-check").await;
    // The article's derivative: the lesson runs the hand check of y′ = 3x + 2x + 1 itself.
    page.goto("?lesson=article&lang=zh-TW").await;
    let rows = page
        .until(
            "the article's rows",
            "document.querySelectorAll('[data-testid=book-row]').length === 2 && [...document.querySelectorAll('[data-testid=book-nabla]')].every(c => c.textContent !== '…') && [...document.querySelectorAll('[data-testid=book-row]')].map(r => [r.querySelector('[data-testid=book-printed]').textContent, r.querySelector('[data-testid=book-nabla]').textContent])",
        )
        .await;
    assert_eq!(
        rows,
        json!([["3x + 2x + 1", "3*x^2 + 2*x + 1"], ["-1", "2"]])
    );
    let erratum = page.text("[data-testid=lesson-erratum]").await;
    assert!(
        erratum.starts_with("勘誤：") && erratum.contains("3x² + 2x + 1"),
        "{erratum}"
    );
    let x = page.text("[data-testid=hand-result-x]").await;
    // Every point compared disagrees: `N 個點中有 N 個不一致`.
    let counts: Vec<&str> = x
        .lines()
        .next()
        .unwrap_or("")
        .split(['個', ' '])
        .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    assert!(
        counts.len() == 2 && counts[0] == counts[1] && counts[0].parse::<u32>().unwrap() >= 1000,
        "{x}"
    );
    // The lesson panel (its text, erratum and table) in view.
    page.js("document.getElementById('h-lesson').scrollIntoView(); return true;")
        .await;
    page.screenshot("zh-TW-lesson-article").await;
    // The SGD class: 100 iterations (the listing) miss the print, 1,000 give it; the legend's
    // stop reasons are Chinese.
    page.goto("?lesson=sgd&lang=zh-TW").await;
    let rows = page
        .until(
            "the SGD lesson's numbers",
            "document.querySelectorAll('[data-testid=legend-row]').length === 3 && document.querySelectorAll('[data-testid=book-row]').length === 3 && [...document.querySelectorAll('[data-testid=book-nabla]')].every(c => c.textContent !== '…') && [...document.querySelectorAll('[data-testid=book-row]')].map(r => [r.querySelector('[data-testid=book-printed]').textContent, r.querySelector('[data-testid=book-nabla]').textContent])",
        )
        .await;
    let printed = |k: usize| -> Vec<f64> {
        rows[k][0]
            .as_str()
            .unwrap()
            .trim_matches(|c| c == '[' || c == ']')
            .split_whitespace()
            .map(|v| v.parse().unwrap())
            .collect()
    };
    let mine = |k: usize| tuple(rows[k][1].as_str().unwrap());
    assert_ne!(mine(0), printed(0), "{rows}");
    assert!((mine(0)[0] + 0.68221564).abs() < 1e-8, "{rows}");
    for k in [1, 2] {
        for (m, p) in mine(k).iter().zip(printed(k)) {
            assert!(((m - p) / p).abs() < 1e-8, "row {k}: {rows}");
        }
    }
    let legend = page.text("#legend").await;
    assert!(
        legend.contains("達到迭代次數上限") && legend.contains("梯度小於容許誤差"),
        "{legend}"
    );
    assert!(!legend.contains("max iterations"), "{legend}");
    let erratum = page.text("[data-testid=lesson-erratum]").await;
    assert!(
        erratum.contains("1,000 次") && erratum.contains("100 次"),
        "{erratum}"
    );
    // The lesson panel (its text, erratum and table) in view.
    page.js("document.getElementById('h-lesson').scrollIntoView(); return true;")
        .await;
    page.screenshot("zh-TW-lesson-sgd").await;
    page.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: scripts/install-browser.sh, then cargo test --release --test browser -- --ignored"]
async fn the_header_switch_changes_the_language_and_the_url() {
    let _one = lock().await;
    let page = Page::open_in("switch", Some("en-US")).await;
    page.goto("?f=x%5E2%2By%5E2&at=x%3D1%2Cy%3D2").await;
    page.until(
        "the English page and its check",
        "document.getElementById('h-check').textContent === 'Gradient check' && document.querySelectorAll('[data-testid^=check-row-]').length === 2",
    )
    .await;
    assert!(page.text("#check-status").await.contains("agrees"));
    let url = page.client.current_url().await.unwrap();
    assert!(url.as_str().contains("lang=en"), "{url}");
    pick(&page, "lang-select", "zh-TW").await;
    page.until(
        "the Chinese words, the answers in Chinese too",
        "document.getElementById('h-check').textContent === '梯度檢查' && document.getElementById('check-status').textContent.includes('中央差分一致') && document.getElementById('parse-status').textContent.startsWith('已解析')",
    )
    .await;
    let url = page.client.current_url().await.unwrap();
    assert!(url.as_str().contains("lang=zh-TW"), "{url}");
    assert!(url.as_str().contains("at=x%3D1%2Cy%3D2"), "{url}");
    assert_eq!(
        page.js("return document.documentElement.lang;").await,
        "zh-TW"
    );
    assert!(has_han(&page.text("#check-table tr").await));
    // The link keeps the language: reloaded, the page is Chinese again.
    page.client.goto(url.as_str()).await.unwrap();
    page.until(
        "the Chinese page after the reload",
        "document.getElementById('h-check').textContent === '梯度檢查' && document.getElementById('lang-select').value === 'zh-TW' && document.querySelector('#map svg') && document.querySelectorAll('[data-testid^=check-row-]').length === 2",
    )
    .await;
    page.screenshot("zh-TW-switch").await;
    // And back to English.
    pick(&page, "lang-select", "en").await;
    page.until(
        "the English words again",
        "document.getElementById('h-check').textContent === 'Gradient check' && document.getElementById('check-status').textContent.includes('agrees') && location.search.includes('lang=en')",
    )
    .await;
    assert!(!has_han(&page.text("main").await));
    page.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: scripts/install-browser.sh, then cargo test --release --test browser -- --ignored"]
async fn a_browser_in_zh_tw_gets_the_page_in_chinese_without_a_parameter() {
    let _one = lock().await;
    let page = Page::open_in("browser-lang", Some("zh-TW")).await;
    page.goto("").await;
    let langs = page.js("return navigator.languages;").await;
    assert_eq!(langs[0], "zh-TW", "{langs}");
    page.until(
        "the Chinese page",
        "document.getElementById('h-check').textContent === '梯度檢查' && document.getElementById('parse-status').textContent.startsWith('已解析')",
    )
    .await;
    let url = page.client.current_url().await.unwrap();
    assert!(url.as_str().contains("lang=zh-TW"), "{url}");
    assert_eq!(
        page.text("[data-i18n=page-tagline]").await,
        "精確梯度、梯度檢查與優化器"
    );
    page.close().await;
}
