//! The page's state after a change (issue 30, items 1, 2, 3, 4, 6 and 9): no panel shows the
//! results of a formula other than the one in the box; three or more variables are drawn as a
//! slice in two of them with the others held by sliders; the start and check points follow the
//! variables; the step sweep says where f is undefined; sliders start at their value and step in
//! proportion to it; `x_1` is typeset as x₁, and the hand check's CLI command names its box and
//! point. Each test follows the steps and asserts what a student sees (texts and
//! values, with expected numbers worked out by hand), and saves screenshots at 400, 1,000 and
//! 1,600 px (`item-N-*.png`).

use super::page::*;
use fantoccini::Locator;
use serde_json::json;

const THREE: &str = "x^2 + 2*y^2 + 3*z^2 + x*y*z";

/// The text of the check table's exact partial of `var`.
fn exact_of(var: &str) -> String {
    format!("document.querySelector('[data-testid=check-row-{var}] td:nth-child(2)')?.textContent")
}

/// Waits until the formula box's formula is parsed and its map drawn.
async fn parsed_and_drawn(page: &Page, formula: &str) {
    let f = serde_json::to_string(formula).unwrap();
    page.until(
        &format!("the partials and map of {formula}"),
        &format!("document.getElementById('parse-status').dataset.formula === {f} && document.getElementById('map').dataset.formula === {f} && document.querySelector('#map svg') && window.__frame()"),
    )
    .await;
}

/// Screenshots at 400, 1,000 and 1,600 px (`<name>-<width>.png`, as
/// [`Page::screenshots_at_widths`] names them), each with `css` (the item's panel) scrolled into
/// view, so the picture shows what the item is about at every width.
async fn shots(page: &Page, name: &str, css: &str) {
    for width in WIDTHS {
        page.set_width(width).await;
        page.js(&format!(
            "document.querySelector({}).scrollIntoView({{block: 'start'}}); return true;",
            serde_json::to_string(css).unwrap()
        ))
        .await;
        page.screenshot(&format!("{name}-{width}")).await;
    }
}

/// Presses a key (a WebDriver key code, e.g. "\u{E014}" for the right arrow) on `css`.
async fn press(page: &Page, css: &str, key: &str) {
    let e = page.client.find(Locator::Css(css)).await.unwrap();
    e.send_keys(key).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: scripts/install-browser.sh, then cargo test --release --test browser -- --ignored"]
async fn item_1_no_panel_shows_an_older_formula() {
    let _one = lock().await;
    let page = Page::open("item-1").await;
    page.goto("?f=(1-x)^2%2B100*(y-x^2)^2&from=x%3D-1.5%2Cy%3D2&at=x%3D-1.5%2Cy%3D2")
        .await;
    // Rosenbrock at (-1.5, 2): df/dx = -2(1-x) - 400x(y-x^2) = -5 - 150 = -155,
    // df/dy = 200(y-x^2) = -50, f = 2.5^2 + 100*0.25^2 = 12.5.
    page.until(
        "Rosenbrock's check",
        &format!("{} === '-155'", exact_of("x")),
    )
    .await;
    assert_eq!(page.js(&format!("return {};", exact_of("y"))).await, "-50");
    page.until(
        "two runs from (-1.5, 2)",
        "document.getElementById('run-status').textContent.startsWith('2 runs from (-1.5, 2)')",
    )
    .await;
    assert!(page.text("#check-status").await.contains("12.5"));
    page.type_into("#formula", "x^2+y^2").await;
    parsed_and_drawn(&page, "x^2+y^2").await;
    // x^2 + y^2 at (-1.5, 2): df/dx = -3, df/dy = 4, f = 2.25 + 4 = 6.25.
    page.until(
        "the new formula's check",
        &format!("{} === '-3'", exact_of("x")),
    )
    .await;
    assert_eq!(page.js(&format!("return {};", exact_of("y"))).await, "4");
    let check = page.text("#check-status").await;
    assert!(check.contains("6.25") && !check.contains("12.5"), "{check}");
    let run = page.text("#run-status").await;
    assert_eq!(run, "press Run to run the methods on this formula");
    assert_eq!(
        page.js("return document.querySelectorAll('[data-testid=legend-row]').length;")
            .await,
        json!(0)
    );
    let partials = page.text("#partials").await;
    assert!(!partials.contains("400"), "{partials}");
    // While a formula is being typed, the panels say they wait (nothing of the last one).
    page.client
        .find(Locator::Css("#formula"))
        .await
        .unwrap()
        .send_keys("+")
        .await
        .unwrap();
    let waiting = page
        .js("return [document.getElementById('check-status').textContent, document.getElementById('run-status').textContent, document.querySelectorAll('[data-testid^=check-row]').length];")
        .await;
    assert_eq!(
        waiting,
        json!([
            "waiting for the formula in the box…",
            "waiting for the formula in the box…",
            0
        ])
    );
    shots(&page, "item-1-stale-panels", "#h-formula").await;
    // Resizing does not bring an old result back: the check is of the box's formula.
    page.type_into("#formula", "x^2+y^2").await;
    page.until("the check again", &format!("{} === '-3'", exact_of("x")))
        .await;
    page.set_width(1000).await;
    page.until(
        "the check after resizing",
        &format!("{} === '-3'", exact_of("x")),
    )
    .await;
    page.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: scripts/install-browser.sh, then cargo test --release --test browser -- --ignored"]
async fn item_2_three_variables_are_a_slice_with_held_sliders() {
    let _one = lock().await;
    let page = Page::open("item-2").await;
    page.goto("?lesson=cubic").await;
    parsed_and_drawn(&page, "x^3 - 3x^2 - 9x + 2").await;
    page.until(
        "the cubic's run",
        "document.querySelectorAll('[data-testid=legend-row]').length === 1",
    )
    .await;
    page.type_into("#formula", THREE).await;
    parsed_and_drawn(&page, THREE).await;
    page.type_into("#start", "x=1,y=2,z=3").await;
    page.until(
        "the slice at z = 3",
        "document.getElementById('map').dataset.slice === 'z=3' && document.querySelector('#map svg')",
    )
    .await;
    // The cubic's curve and title are gone; the map is the contour map of the slice.
    let map_text = page
        .js("return document.querySelector('#map svg').textContent;")
        .await;
    assert!(!map_text.as_str().unwrap().contains("x^3"), "{map_text}");
    let controls = page
        .js("return [document.getElementById('axis-0').value, document.getElementById('axis-1').value, document.getElementById('hold-z').value, document.getElementById('slice').hidden];")
        .await;
    assert_eq!(controls, json!(["x", "y", "3", false]));
    page.client
        .find(Locator::Css("#run"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let fin = page
        .until(
            "a run of the three variables",
            "document.querySelectorAll('[data-testid=legend-row]').length === 1 && document.querySelector('#overlay polyline') && JSON.parse(document.querySelector('[data-testid=legend-row]').dataset.final)",
        )
        .await;
    assert_eq!(fin.as_array().unwrap().len(), 3, "{fin}");
    // The start marker is the start (1, 2, 3) projected on (x, y).
    let marker = page
        .js("const m = document.querySelector('[data-testid=start-marker]'); const f = window.__frame();
             return [(+m.getAttribute('cx') - f.left) / f.width * (f.x[1] - f.x[0]) + f.x[0], f.y[1] - (+m.getAttribute('cy') - f.top) / f.height * (f.y[1] - f.y[0])];")
        .await;
    assert!((marker[0].as_f64().unwrap() - 1.0).abs() < 1e-6, "{marker}");
    assert!((marker[1].as_f64().unwrap() - 2.0).abs() < 1e-6, "{marker}");
    // The map's status is not an error over the axis labels.
    assert_ne!(
        page.js("return document.getElementById('map-status').className;")
            .await,
        "map-status error"
    );
    shots(&page, "item-2-three-variables", "#h-map").await;
    // Up: z instead of y; y is then held at the start's 2.
    pick(&page, "axis-1", "z").await;
    page.until(
        "the slice at y = 2",
        "document.getElementById('map').dataset.slice === 'y=2' && document.getElementById('hold-y')",
    )
    .await;
    // One nudge of y's slider moves it a hundredth of its range (2 * max(1, |2|) each side).
    press(&page, "[data-testid=hold-slider-y]", "\u{E014}").await;
    page.until(
        "the slice at y = 2.04",
        "document.getElementById('map').dataset.slice === 'y=2.04'",
    )
    .await;
    assert_eq!(
        page.js("return document.getElementById('hold-y').value;")
            .await,
        "2.04"
    );
    // The CLI command draws the same slice.
    page.client
        .find(Locator::Css("#copy-cli"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let cli = page.text("#cli-line").await;
    assert!(
        cli.lines()
            .any(|l| l.starts_with("nabla plot") && l.contains(" --axes x,z --at y=2.04")),
        "{cli}"
    );
    shots(&page, "item-2-slice-xz", "#h-map").await;
    page.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: scripts/install-browser.sh, then cargo test --release --test browser -- --ignored"]
async fn item_3_points_follow_the_variables() {
    let _one = lock().await;
    let page = Page::open("item-3").await;
    page.goto("?f=x^2%2By^2&from=x%3D3%2Cy%3D4&at=x%3D3%2Cy%3D4&methods=gd")
        .await;
    parsed_and_drawn(&page, "x^2+y^2").await;
    page.type_into("#formula", "x^3 - 3x^2 - 9x + 2").await;
    parsed_and_drawn(&page, "x^3 - 3x^2 - 9x + 2").await;
    let boxes = page
        .js("return [...['start', 'check-at'].map((id) => document.getElementById(id).value), ...['start', 'check-at'].map((id) => document.getElementById(id).placeholder), location.search.includes('from=')];")
        .await;
    assert_eq!(
        boxes,
        json!([
            "",
            "",
            "click the map, or type x=…",
            "click the map, or type x=…",
            false
        ])
    );
    page.client
        .find(Locator::Css("#run"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(
        page.text("#run-status").await,
        "click the map (or type a start point) first"
    );
    shots(&page, "item-3-points-emptied", "#h-methods").await;
    // A click on the curve's x = 1 sets both points, and Run runs from there.
    let mid = page
        .js("const f = window.__frame(); return (f.y[0] + f.y[1]) / 2;")
        .await;
    page.click_map_at(1.0, mid.as_f64().unwrap()).await;
    let start = page
        .until(
            "a start from the click",
            "document.getElementById('start').value",
        )
        .await;
    let x: f64 = start
        .as_str()
        .unwrap()
        .strip_prefix("x=")
        .unwrap()
        .parse()
        .unwrap();
    assert!((x - 1.0).abs() < 0.05, "{start}");
    assert_eq!(
        page.js("return document.getElementById('check-at').value;")
            .await,
        start
    );
    page.until(
        "one run from the click",
        "document.getElementById('run-status').textContent.startsWith('1 run from')",
    )
    .await;
    page.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: scripts/install-browser.sh, then cargo test --release --test browser -- --ignored"]
async fn item_4_the_sweep_says_f_is_undefined() {
    let _one = lock().await;
    let page = Page::open("item-4").await;
    page.goto("?f=log(x)%2By^2&at=x%3D-2.01%2Cy%3D1.01&methods=")
        .await;
    let said = page
        .until(
            "the sweep's verdict",
            "document.querySelector('[data-testid=sweep-verdict]')?.textContent",
        )
        .await;
    let said = said.as_str().unwrap().to_string();
    assert!(
        said.starts_with("f is not defined at (x, y) = (-2.01, 1.01)"),
        "{said}"
    );
    let status = page.text("#check-status").await;
    assert!(status.contains("f is not defined at"), "{status}");
    let chart = page.text("#sweep-chart").await;
    assert!(
        !chart.contains("error 0") && !chart.contains("exact here"),
        "{chart}"
    );
    // The CLI's sweep says the same sentence (the page wraps it over lines).
    let cli = cli_json(&[
        "check",
        "log(x)+y^2",
        "--at",
        "x=-2.01,y=1.01",
        "--sweep",
        "--json",
    ]);
    assert_eq!(cli["verdict"]["kind"], "not_finite");
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    assert_eq!(
        squash(&said),
        squash(cli["verdict"]["sentence"].as_str().unwrap())
    );
    shots(&page, "item-4-undefined-sweep", "#h-check").await;
    page.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: scripts/install-browser.sh, then cargo test --release --test browser -- --ignored"]
async fn item_6_sliders_start_at_their_value_and_step_in_proportion() {
    let _one = lock().await;
    let page = Page::open("item-6").await;
    let beale = urlencoding(BEALE);
    page.goto(&format!("?f={beale}&methods=gd:lr=5e-6")).await;
    parsed_and_drawn(&page, BEALE).await;
    let pos = page
        .js("return +document.querySelector('[data-testid=slider-0-lr]').value;")
        .await;
    assert!(
        (pos.as_f64().unwrap() - 5e-6f64.log10()).abs() < 1e-9,
        "the slider sits at {pos}, not at log10(5e-6)"
    );
    press(&page, "[data-testid=slider-0-lr]", "\u{E014}").await;
    let lr: f64 = page
        .until("a nudged lr", "document.getElementById('setting-0-lr').value !== '5e-6' && document.getElementById('setting-0-lr').value")
        .await
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    // One step is a fiftieth of a decade: 5e-6 * 10^0.02 = 5.24e-6, shown to two digits.
    assert_eq!(lr, 5.2e-6);
    shots(&page, "item-6-slider-nudged", "#h-methods").await;
    // Left at its default, the slider moves to the value the run used (gd's 5e-6 on Beale from
    // (3, 4): min(0.01, 0.3 / max|grad f|) to one digit, max|grad f| = 57519 by the plot's
    // documented rule), and a nudge down stays near it.
    page.goto(&format!(
        "?f={beale}&from=x%3D3%2Cy%3D4&methods=gd&iters=10"
    ))
    .await;
    page.until(
        "the slider at the lr used",
        "document.querySelector('[data-testid=slider-0-lr]')?.dataset.at === '0.000005'",
    )
    .await;
    assert_eq!(
        page.js("return document.getElementById('setting-0-lr').placeholder;")
            .await,
        "default (0.000005)"
    );
    press(&page, "[data-testid=slider-0-lr]", "\u{E012}").await;
    let lr: f64 = page
        .until(
            "a nudged default lr",
            "document.getElementById('setting-0-lr').value",
        )
        .await
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    // 5e-6 / 10^0.02 = 4.77e-6, shown as 4.8e-6.
    assert_eq!(lr, 4.8e-6);
    page.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: scripts/install-browser.sh, then cargo test --release --test browser -- --ignored"]
async fn item_9_x_1_is_x_sub_1_and_the_hand_command_names_box_and_point() {
    let _one = lock().await;
    let page = Page::open("item-9").await;
    page.goto("?f=x_1^2%2Bx2^2&at=x_1%3D1%2Cx2%3D2&methods=")
        .await;
    parsed_and_drawn(&page, "x_1^2+x2^2").await;
    // Both names typeset alike: x with a subscript, no upright "x_".
    let subs = page
        .js("return [...document.querySelectorAll('#formula-math msub')].map((m) => m.textContent);")
        .await;
    assert_eq!(subs, json!(["x1", "x2"]));
    assert!(!page.text("#formula-math").await.contains('_'));
    page.type_into("#hand-x_1", "2*x_1").await;
    page.type_into("#hand-x2", "2*x2").await;
    page.client
        .find(Locator::Css("#hand-check"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    page.until(
        "the hand verdict",
        "document.querySelector('[data-testid=hand-verdict]')?.textContent",
    )
    .await;
    page.client
        .find(Locator::Css("#copy-cli"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let cli = page.text("#cli-line").await;
    let hand = cli
        .lines()
        .find(|l| l.contains("--grad"))
        .unwrap_or_else(|| panic!("{cli}"))
        .to_string();
    // The box the page drew (the map's) and the point it checked.
    let frame = page
        .js("const f = window.__frame(); return [f.x, f.y];")
        .await;
    assert!(hand.contains(" --box x_1="), "{hand}");
    assert!(hand.contains(",x2="), "{hand} {frame}");
    assert!(hand.ends_with(" --at x_1=1,x2=2"), "{hand}");
    shots(&page, "item-9-x1-and-cli", "#cli-line").await;
    page.close().await;
}

/// `text` for a URL's query (the characters `encodeURIComponent` escapes).
fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' | b'(' | b')' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
