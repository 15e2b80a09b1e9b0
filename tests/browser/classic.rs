//! The page's first tests: the Beale walk-through, a wrong hand gradient, a lesson, a fit of
//! Misra1a, and the page in 繁體中文.

use super::page::*;
use fantoccini::Locator;
use serde_json::{json, Value};

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
