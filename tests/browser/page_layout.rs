//! The page's layout (issue 30, items 5, 7 and 8): fourteen methods in fourteen colours with a
//! legend that covers neither the start nor the first steps; chart texts that are neither cut
//! nor on top of each other, formulas and the check table without scrollbars of their own at
//! 1,600 px; and the page on a phone (400 px) and a tablet (1,000 px). Every check is geometry
//! read from the page (`getBoundingClientRect`), at each of the widths 400, 1,000 and 1,600 px,
//! and each test saves its screenshots at those widths (`item-N-*-<width>.png`).

use super::page::*;
use serde_json::Value;

/// The Rosenbrock view of issue 30's first item, its start and check point (−1.5, 2).
const ROSENBROCK: &str = "?f=(1-x)^2%2B100*(y-x^2)^2&from=x%3D-1.5%2Cy%3D2&at=x%3D-1.5%2Cy%3D2";

/// The series colours the coordinator fixed for `nabla::plot::PALETTE` (Okabe-Ito without
/// yellow, then Tol), in order: the page's must be these.
const PALETTE: [&str; 14] = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#000000", "#332288",
    "#117733", "#882255", "#999933", "#44aa99", "#aa4499", "#8c510a",
];

/// Waits until the page is laid out at its width: the map picture asked for at the size it is
/// shown at and drawn, and both charts (the value chart, the step sweep where there is one)
/// drawn at their width.
async fn settled(page: &Page) {
    page.until(
        "the map at its displayed size and the charts at their width",
        "(() => { const f = window.__frame(); const s = document.getElementById('sweep-chart'); const vb = (s.getAttribute('viewBox') || '').split(' ');
           const sweep = !s.childElementCount || Math.abs(+vb[2] - s.clientWidth) < 1;
           return window.__settled() && sweep && f && (f.W + 'x' + f.H) === window.__mapSize() && document.querySelector('#map svg'); })()",
    )
    .await;
}

/// The window width as the page sees it.
async fn viewport(page: &Page) -> f64 {
    page.js("return window.innerWidth;").await.as_f64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: scripts/install-browser.sh, then cargo test --release --test browser -- --ignored"]
async fn item_5_fourteen_methods_have_fourteen_colours_and_the_legend_leaves_the_start_free() {
    let _one = lock().await;
    let page = Page::open("item-5").await;
    // Issue 30, item 5: Beale from (3, 4) with every method of the suite (fourteen), a few
    // hundred iterations.
    let methods = "gd,momentum,nesterov,adagrad,adadelta,rmsprop,adam,adamax,nadam,amsgrad,gd-armijo,lbfgs,newton,nelder-mead";
    page.goto(&format!(
        "?methods={methods}&from=x%3D3%2Cy%3D4&iters=300&stall=0"
    ))
    .await;
    page.until(
        "fourteen runs on the map",
        "document.querySelectorAll('[data-testid=legend-row]').length === 14 && document.querySelectorAll('#overlay polyline').length === 14 && document.querySelectorAll('[data-testid=map-legend] .item').length === 14",
    )
    .await;
    // The paths' colours are the palette's, in order: fourteen different ones.
    let strokes = page
        .js("return [...document.querySelectorAll('#overlay polyline')].map(p => [p.getAttribute('stroke'), p.getAttribute('stroke-dasharray') || '']);")
        .await;
    let strokes = strokes.as_array().unwrap();
    let colours: Vec<String> = strokes
        .iter()
        .map(|s| s[0].as_str().unwrap().to_lowercase())
        .collect();
    assert_eq!(colours, PALETTE, "the paths' colours");
    // A dash pattern per series: the first is solid, and next to each other no two are alike.
    let dashes: Vec<&str> = strokes.iter().map(|s| s[1].as_str().unwrap()).collect();
    assert_eq!(dashes[0], "", "{dashes:?}");
    for pair in dashes.windows(2) {
        assert_ne!(pair[0], pair[1], "{dashes:?}");
    }
    // The table's and the map legend's samples are the same colour and dash as the paths.
    let samples = page
        .js("return ['#legend', '[data-testid=map-legend]'].map(sel => [...document.querySelectorAll(sel + ' svg.sample line')].map(l => [l.getAttribute('stroke'), l.getAttribute('stroke-dasharray') || '']));")
        .await;
    for list in samples.as_array().unwrap() {
        let list: Vec<(String, &str)> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s[0].as_str().unwrap().to_lowercase(),
                    s[1].as_str().unwrap(),
                )
            })
            .collect();
        let paths: Vec<(String, &str)> = colours.iter().cloned().zip(dashes.clone()).collect();
        assert_eq!(list, paths, "legend samples against the paths");
    }
    // At every width, the map's legend contains neither the start marker's centre nor any of
    // each path's first three points (in screen pixels).
    for width in WIDTHS {
        page.set_width(width).await;
        settled(&page).await;
        let geometry = page
            .js("const ov = document.getElementById('overlay'); const m = ov.getScreenCTM();
                 const s = document.querySelector('[data-testid=start-marker]').getBoundingClientRect();
                 const pts = [[s.left + s.width / 2, s.top + s.height / 2]];
                 for (const p of ov.querySelectorAll('polyline')) for (const q of [...p.points].slice(0, 3)) pts.push([m.a * q.x + m.e, m.d * q.y + m.f]);
                 const r = document.querySelector('[data-testid=map-legend]').getBoundingClientRect();
                 return {legend: [r.left, r.top, r.right, r.bottom], points: pts};")
            .await;
        let r: Vec<f64> = geometry["legend"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        assert!(r[2] > r[0] && r[3] > r[1], "the legend is shown: {r:?}");
        for p in geometry["points"].as_array().unwrap() {
            let (x, y) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
            assert!(
                !(x >= r[0] && x <= r[2] && y >= r[1] && y <= r[3]),
                "at {width} px the map legend {r:?} covers the point ({x}, {y})"
            );
        }
    }
    page.screenshots_at_widths("item-5-colours").await;
    page.close().await;
}

/// Texts of an SVG chart: their rectangles, the chart's, and pairs that overlap.
async fn chart_texts(page: &Page, id: &str) -> Value {
    page.js(&format!(
        "const svg = document.getElementById('{id}'); const c = svg.getBoundingClientRect();
         const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {{ const r = t.getBoundingClientRect(); return {{text: t.textContent, tick: t.classList.contains('tick'), r: [r.left, r.top, r.right, r.bottom]}}; }});
         const overlaps = [];
         for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {{
           const a = texts[i].r, b = texts[j].r;
           if (a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]) overlaps.push([texts[i].text, texts[j].text]);
         }}
         return {{chart: [c.left, c.top, c.right, c.bottom], texts, overlaps}};"
    ))
    .await
}

/// Every text of the chart lies inside it and none overlaps another.
fn assert_texts_fit(chart: &Value, what: &str) {
    let c: Vec<f64> = chart["chart"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    for t in chart["texts"].as_array().unwrap() {
        let r: Vec<f64> = t["r"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        assert!(
            r[0] >= c[0] - 0.5 && r[2] <= c[2] + 0.5 && r[1] >= c[1] - 0.5 && r[3] <= c[3] + 0.5,
            "{what}: {} {r:?} is cut by the chart {c:?}",
            t["text"]
        );
    }
    assert_eq!(
        chart["overlaps"],
        Value::Array(vec![]),
        "{what}: texts on top of each other"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: scripts/install-browser.sh, then cargo test --release --test browser -- --ignored"]
async fn item_7_no_text_is_cut_or_covered_and_nothing_scrolls_sideways_at_1600() {
    let _one = lock().await;
    let page = Page::open("item-7").await;
    // Issue 30, item 7: the Rosenbrock view with 10,000 iterations of Adam (no early stop), its
    // gradient check and step sweep at (−1.5, 2).
    page.goto(&format!("{ROSENBROCK}&methods=adam&iters=10000&stall=0"))
        .await;
    page.until(
        "the run, the check table and the sweep's best step",
        "document.querySelectorAll('[data-testid=legend-row]').length === 1 && document.querySelectorAll('[data-testid^=check-row-]').length === 2 && document.querySelector('[data-testid=best-central]')",
    )
    .await;
    let iterations = page.text("[data-testid=legend-row] td:nth-child(3)").await;
    assert_eq!(iterations, "10000", "adam ran every iteration");
    for width in WIDTHS {
        page.set_width(width).await;
        settled(&page).await;
        // The loss chart: the last x tick reads 10000, whole, and no text is cut or covered.
        let chart = chart_texts(&page, "chart").await;
        assert_texts_fit(&chart, &format!("value chart at {width} px"));
        let last_tick = chart["texts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["tick"] == true && !t["text"].as_str().unwrap().starts_with("1e"))
            .max_by(|a, b| a["r"][2].as_f64().partial_cmp(&b["r"][2].as_f64()).unwrap())
            .map(|t| t["text"].as_str().unwrap().to_string());
        assert_eq!(last_tick.as_deref(), Some("10000"), "at {width} px");
        page.js("document.getElementById('chart').scrollIntoView({block: 'center'}); return true;")
            .await;
        page.screenshot(&format!("item-7-value-chart-{width}"))
            .await;
        // The sweep chart: "best central h = ..." clear of the axis title, and the smallest
        // step's tick (1e-13, the sweep's last step) inside the chart.
        let sweep = chart_texts(&page, "sweep-chart").await;
        assert_texts_fit(&sweep, &format!("sweep chart at {width} px"));
        let texts: Vec<&str> = sweep["texts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["text"].as_str().unwrap())
            .collect();
        assert!(
            texts.iter().any(|t| t.starts_with("best central h = ")),
            "{texts:?}"
        );
        assert!(
            texts.contains(&"step h (smaller to the right)"),
            "{texts:?}"
        );
        assert!(
            texts.iter().any(|t| t.parse::<f64>() == Ok(1e-13)),
            "the 1e-13 tick at {width} px: {texts:?}"
        );
    }
    // At 1,600 px with the Rosenbrock and then Beale's formula (checked at (3, 4), its Hessian
    // shown): nothing but the text boxes has a scrollbar of its own, and the check table's error
    // and verdict columns lie inside the check panel.
    page.set_width(1600).await;
    settled(&page).await;
    no_sideways_scrolling(&page, "Rosenbrock").await;
    page.type_into("#formula", BEALE).await;
    page.type_into("#check-at", "x=3,y=4").await;
    page.client
        .find(fantoccini::Locator::Css("#hessian-btn"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let whole = serde_json::to_string(BEALE).unwrap();
    page.until(
        "Beale's partials, Hessian and check at (3, 4)",
        &format!("document.getElementById('parse-status').dataset.formula === {whole} && document.querySelectorAll('[data-testid=hessian-entry] math').length >= 3 && /\\(3, 4\\)/.test(document.getElementById('check-status').textContent) && document.querySelectorAll('[data-testid^=check-row-]').length === 2"),
    )
    .await;
    no_sideways_scrolling(&page, "Beale").await;
    page.screenshots_at_widths("item-7-charts-and-tables").await;
    // And the check panel (table and sweep) in view at each width.
    for width in WIDTHS {
        page.set_width(width).await;
        settled(&page).await;
        page.js(
            "document.getElementById('check-table').scrollIntoView({block: 'start'}); return true;",
        )
        .await;
        page.screenshot(&format!("item-7-check-panel-{width}"))
            .await;
    }
    page.close().await;
}

/// No element scrolls sideways (text boxes aside, which scroll their own text): every element
/// has `scrollWidth <= clientWidth`; the check table's error and verdict columns are inside
/// the check panel.
async fn no_sideways_scrolling(page: &Page, what: &str) {
    let wide = page
        .js("return [...document.querySelectorAll('body *')].filter(e => !['INPUT', 'TEXTAREA', 'SELECT', 'OPTION'].includes(e.tagName) && e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + e.scrollWidth + ' > ' + e.clientWidth);")
        .await;
    assert_eq!(
        wide,
        Value::Array(vec![]),
        "{what}: elements that scroll sideways"
    );
    let page_width = page.layout_width().await;
    assert!(
        page_width <= viewport(page).await,
        "{what}: page {page_width} px wide"
    );
    let cols = page
        .js("const p = document.querySelector('.check-panel').getBoundingClientRect();
             const heads = [...document.querySelectorAll('#check-table th')];
             return heads.slice(-3).map(h => { const r = h.getBoundingClientRect(); return [h.textContent, r.left >= p.left && r.right <= p.right && r.right <= window.innerWidth]; });")
        .await;
    let cols = cols.as_array().unwrap();
    assert_eq!(cols.len(), 3, "{what}: {cols:?}");
    for c in cols {
        assert_eq!(c[1], true, "{what}: the column {} is out of view", c[0]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: scripts/install-browser.sh, then cargo test --release --test browser -- --ignored"]
async fn item_8_the_page_fits_a_phone_and_a_tablet() {
    let _one = lock().await;
    let page = Page::open("item-8").await;
    // Issue 30, item 8: the page on a phone (400 px) and a tablet (1,000 px), with Beale's map,
    // two runs from (3, 4) and the check there.
    page.set_width(400).await;
    page.goto("?methods=gd,adam&from=x%3D3%2Cy%3D4&at=x%3D3%2Cy%3D4")
        .await;
    page.until(
        "two runs and the check",
        "document.querySelectorAll('[data-testid=legend-row]').length === 2 && document.querySelectorAll('[data-testid^=check-row-]').length === 2",
    )
    .await;
    for width in [400, 1000] {
        page.set_width(width).await;
        settled(&page).await;
        let view = viewport(&page).await;
        // The header wraps: language, lessons, Link and CLI command are inside the window.
        let header = page
            .js("return ['lang-select', 'lesson-select', 'copy-link', 'copy-cli'].map(id => { const r = document.getElementById(id).getBoundingClientRect(); return [id, r.left, r.right, r.width]; });")
            .await;
        for h in header.as_array().unwrap() {
            let (left, right, w) = (
                h[1].as_f64().unwrap(),
                h[2].as_f64().unwrap(),
                h[3].as_f64().unwrap(),
            );
            assert!(
                w > 0.0 && left >= 0.0 && right <= view,
                "at {width} px {} lies at {left}..{right} of {view}",
                h[0]
            );
        }
        // The layout is never wider than the window.
        let layout = page.layout_width().await;
        assert!(layout <= view, "at {width} px the page is {layout} px wide");
        // The check table's and the legend's rows (as cards on the phone) are inside the window,
        // their last cells (verdict, stop) too.
        let cells = page
            .js("return [...document.querySelectorAll('#check-table tr, #legend tr')].filter(tr => tr.querySelector('td')).map(tr => { const r = tr.lastElementChild.getBoundingClientRect(); return [tr.lastElementChild.textContent, r.left, r.right, r.width]; });")
            .await;
        let cells = cells.as_array().unwrap();
        assert_eq!(cells.len(), 4, "two check rows, two legend rows: {cells:?}");
        for c in cells {
            let (left, right, w) = (
                c[1].as_f64().unwrap(),
                c[2].as_f64().unwrap(),
                c[3].as_f64().unwrap(),
            );
            assert!(
                w > 0.0 && left >= 0.0 && right <= view,
                "at {width} px the cell {} lies at {left}..{right} of {view}",
                c[0]
            );
        }
        // The map's text renders at 10 CSS px or more (its size times the picture's scale; rotated
        // labels too).
        let sizes = page
            .js("return [...document.querySelectorAll('#map svg text')].filter(t => t.textContent.trim()).map(t => [t.textContent, parseFloat(getComputedStyle(t).fontSize) * Math.hypot(t.getScreenCTM().a, t.getScreenCTM().b)]);")
            .await;
        let sizes = sizes.as_array().unwrap();
        assert!(sizes.len() >= 4, "the map has axis labels: {sizes:?}");
        for s in sizes {
            let px = s[1].as_f64().unwrap();
            assert!(px >= 10.0, "at {width} px the map's {} is {px:.1} px", s[0]);
        }
    }
    // On the phone, the CLI command is reachable: pressing it shows the command, and the page
    // stays within the window.
    page.set_width(400).await;
    settled(&page).await;
    page.client
        .find(fantoccini::Locator::Css("#copy-cli"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let cmd = page
        .until(
            "the CLI command",
            "document.getElementById('cli-line').textContent",
        )
        .await;
    assert!(cmd.as_str().unwrap().contains("nabla plot"), "{cmd}");
    let layout = page.layout_width().await;
    assert!(layout <= 400.0, "with the CLI command shown: {layout} px");
    page.screenshots_at_widths("item-8-phone-tablet").await;
    page.close().await;
}
