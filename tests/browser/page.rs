//! The harness of the browser tests: the real `nabla serve` on an ephemeral port, chromedriver,
//! and a WebDriver session on the page ([`Page`]), with waits that poll the page, screenshots and
//! real mouse clicks. Every `Page` ends its server, driver and Chromium on drop; [`lock`] keeps
//! the tests one at a time.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

pub const BEALE: &str = "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2";
/// How long a wait polls before it fails (a failure report, not a timing assertion).
pub const PATIENCE: Duration = Duration::from_secs(90);

/// The window widths every page item is photographed at: a phone, a tablet, a classroom screen.
pub const WIDTHS: [u32; 3] = [400, 1000, 1600];

/// One test at a time: each starts a Chromium.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A child process that is terminated (then killed) when dropped.
pub struct Proc(Child);

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
pub fn artifacts() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let dir = target.join("browser-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    // Chromium is given a plain path (no `..`) for its profile.
    dir.canonicalize().unwrap_or(dir)
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The server, chromedriver and a WebDriver session on the page.
pub struct Page {
    pub client: Client,
    pub base: String,
    // Dropped after `client`: the driver, then the server.
    _driver: Proc,
    _server: Proc,
    profile: PathBuf,
}

impl Page {
    pub async fn open(name: &str) -> Page {
        Page::open_in(name, None).await
    }

    /// The page in a browser whose language is `lang` (`navigator.languages`, through Chromium's
    /// `--lang` and its `intl.accept_languages` preference); the browser's default without one.
    pub async fn open_in(name: &str, lang: Option<&str>) -> Page {
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

    pub async fn goto(&self, query: &str) {
        self.client
            .goto(&format!("{}/{query}", self.base))
            .await
            .unwrap();
    }

    pub async fn js(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    /// Polls `expr` (a JavaScript expression) until it is truthy; returns its value.
    pub async fn until(&self, what: &str, expr: &str) -> Value {
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

    pub async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
            .text()
            .await
            .unwrap()
    }

    /// Replaces the text of an input and fires its `change` event (as leaving the field does).
    pub async fn type_into(&self, css: &str, text: &str) {
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

    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.unwrap();
        let path = artifacts().join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }

    /// Sets the browser window's width in CSS pixels (the height stays 1,100), as a phone (400),
    /// a tablet or small laptop (1,000) or a classroom screen (1,600) shows the page, and waits
    /// until the page has laid itself out at that width (and redrawn its map and charts).
    pub async fn set_width(&self, width: u32) {
        self.client
            .set_window_rect(0, 0, width, 1100)
            .await
            .unwrap_or_else(|e| panic!("cannot set the window to {width} px: {e}"));
        // The window's outer width includes no frame in headless Chromium; wait for the
        // viewport and one animation frame, so resize handlers have run.
        self.until(
            &format!("a {width} px viewport"),
            &format!("Math.abs(window.innerWidth - {width}) <= 16"),
        )
        .await;
        self.js("return await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))));")
            .await;
        // Then until the page has redrawn what depends on the width (the map picture is asked
        // for at the size it is shown at, the charts are drawn at their width): its own
        // `__settled`, where it has one.
        self.until(
            &format!("the page laid out at {width} px"),
            "!window.__settled || window.__settled()",
        )
        .await;
    }

    /// Screenshots of the page at each of the widths 400, 1,000 and 1,600 px, saved as
    /// `<name>-<width>.png` in the artifacts directory; the window is left at 1,600 px.
    pub async fn screenshots_at_widths(&self, name: &str) -> Vec<PathBuf> {
        let mut paths = Vec::new();
        for width in WIDTHS {
            self.set_width(width).await;
            paths.push(self.screenshot(&format!("{name}-{width}")).await);
        }
        paths
    }

    /// The page's width in CSS pixels as laid out (`scrollWidth` of the document), to compare
    /// with the viewport: a page wider than its window scrolls sideways.
    pub async fn layout_width(&self) -> f64 {
        self.js("return document.documentElement.scrollWidth;")
            .await
            .as_f64()
            .unwrap()
    }

    /// A real mouse click (WebDriver pointer actions) at the map pixel of a data point.
    pub async fn click_map_at(&self, x: f64, y: f64) {
        let p = self
            .js(&format!(
                "const ov = document.getElementById('overlay');
                 ov.scrollIntoView({{block: 'center', inline: 'center'}});
                 const m = ov.getScreenCTM();
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
    pub async fn close(self) {
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
pub fn cli_json(args: &[&str]) -> Value {
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
pub fn tuple(text: &str) -> Vec<f64> {
    text.trim_matches(|c| c == '(' || c == ')')
        .split(", ")
        .map(|v| v.parse().unwrap_or_else(|e| panic!("{v} in {text}: {e}")))
        .collect()
}

pub async fn lock() -> tokio::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().await
}

/// Whether `text` has a character of the CJK Unified Ideographs block (the page's Chinese).
pub fn has_han(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Clicks the option `value` of the select `#id` (as a person picks it).
pub async fn pick(page: &Page, id: &str, value: &str) {
    page.client
        .find(Locator::Css(&format!("#{id} option[value='{value}']")))
        .await
        .unwrap_or_else(|e| panic!("no option {value} in #{id}: {e}"))
        .click()
        .await
        .unwrap();
}
