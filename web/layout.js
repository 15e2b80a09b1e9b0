// nabla playground, layout helpers (loaded before app.js, which uses them): the series' colours
// and dash patterns, the map's legend beside the picture, the map picture's size, text placement
// in the page's charts, formulas that wrap at their top-level + and −, and tables shown as cards
// on a phone.
//
// Invariants: `COLORS` is `nabla::plot::PALETTE` (src/plot/style.rs), the same fourteen colours
// in the same order (tests/suite/page_palette.rs compares them), so series `i` has one colour in
// the page and in `nabla plot`'s pictures; series `i` is drawn with `COLORS[i % 14]` and
// `DASHES[i % 5]`, so no two of the first 70 series look alike and a path drawn over another
// lets it show through its gaps. The chart helpers never leave a text outside its SVG and never
// let two texts overlap (a tick label that would is left out; a mark's label moves). Nothing
// here sends a request or changes the page's state.
'use strict';

/** Series colours: `nabla::plot::PALETTE`, in order (Okabe-Ito without yellow, then Tol). */
const COLORS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#000000', '#332288', '#117733',
  '#882255', '#999933', '#44aa99', '#aa4499', '#8c510a'];
/** Series dash patterns (SVG `stroke-dasharray`): the first series solid, the others dashed, so
 * a path drawn over an identical one (two methods that take the same steps) leaves it visible. */
const DASHES = ['', '10 5', '3 4', '14 4 3 4', '6 3'];
const colorOf = (i) => COLORS[i % COLORS.length];
const dashOf = (i) => DASHES[i % DASHES.length];

/** A small SVG sample of series `i`'s line (colour and dash), for legends. */
function seriesSample(i, width = 26) {
  const s = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  s.setAttribute('width', width);
  s.setAttribute('height', 10);
  s.setAttribute('viewBox', `0 0 ${width} 10`);
  s.setAttribute('aria-hidden', 'true');
  s.setAttribute('class', 'sample');
  const l = document.createElementNS('http://www.w3.org/2000/svg', 'line');
  for (const [k, v] of Object.entries({ x1: 1, x2: width - 1, y1: 5, y2: 5, stroke: colorOf(i), 'stroke-width': 3, 'stroke-dasharray': dashOf(i) })) l.setAttribute(k, v);
  s.append(l);
  return s;
}

/** The map's legend, beside the picture (never over the start point or the paths): one entry
 * per run, its line sample and its method and settings. `runs` are the runs shown, in order. */
function renderMapLegend(runs) {
  const box = document.getElementById('map-legend');
  if (!box) return;
  box.replaceChildren();
  runs.forEach((r, i) => {
    const item = document.createElement('span');
    item.className = 'item';
    const label = document.createElement('span');
    label.textContent = r.label;
    item.append(seriesSample(i), label);
    box.append(item);
  });
}

// ---------------------------------------------------------------- the map picture's size
// The picture's labels are 20 px of the picture; shown at `displayed / requested` of that, they
// stay at 14 px or more from a 340 px phone map to a 1,600 px screen: the picture is asked for
// at 1.4 times its displayed width, between 480 and 1,200 px wide, in steps of 60 (a resize
// that changes the step redraws the map).
let mapSizeAsked = '';
function wantedMapSize() {
  const wrap = document.getElementById('map-wrap');
  const shown = wrap && wrap.clientWidth ? wrap.clientWidth : 640;
  const w = Math.min(1200, Math.max(480, Math.round((shown * 1.4) / 60) * 60));
  return `${w}x${Math.round((w * 2) / 3)}`;
}
/** The size for the next map request, `WxH` (remembered, so a resize can tell whether it changed). */
function mapSize() {
  mapSizeAsked = wantedMapSize();
  return mapSizeAsked;
}
// For the browser tests: the size the map picture should have at the window's width, and
// whether the page has laid itself out at the window's width: the map asked for at that size
// and not being drawn (drawn, or its error shown), the value chart (redrawn on every resize)
// drawn at its width or empty.
window.__mapSize = wantedMapSize;
window.__settled = () => {
  const status = document.getElementById('map-status');
  const drawing = status && typeof t === 'function' && status.textContent === t('page-drawing');
  const map = !mapSizeAsked || (mapSizeAsked === wantedMapSize() && !drawing);
  const fit = (id) => {
    const s = document.getElementById(id);
    const vb = s && s.getAttribute('viewBox');
    return !vb || !s.childElementCount || !s.clientWidth || Math.abs(+vb.split(' ')[2] - s.clientWidth) < 1;
  };
  return map && fit('chart');
};

// ---------------------------------------------------------------- text in charts
/** The box of an SVG text in its SVG's units; estimated (0.6 em a character, 11 px) where the
 * SVG is not rendered. */
function textBox(node) {
  try {
    const b = node.getBBox();
    if (b.width || b.height) return { x: b.x, y: b.y, w: b.width, h: b.height };
  } catch (_) { /* not rendered */ }
  const w = 6.6 * (node.textContent || '').length;
  const x = +node.getAttribute('x') || 0, y = +node.getAttribute('y') || 0;
  const anchor = node.getAttribute('text-anchor');
  return { x: anchor === 'end' ? x - w : anchor === 'middle' ? x - w / 2 : x, y: y - 10, w, h: 13 };
}
const boxesOverlap = (a, b, pad = 1) => a.x < b.x + b.w + pad && b.x < a.x + a.w + pad && a.y < b.y + b.h + pad && b.y < a.y + a.h + pad;
const boxInside = (a, r) => a.x >= r.x - 0.5 && a.y >= r.y - 0.5 && a.x + a.w <= r.x + r.w + 0.5 && a.y + a.h <= r.y + r.h + 0.5;

/** Text placement in one chart: the boxes of the texts placed so far, within `W` × `H`. */
class TextLayout {
  constructor(W, H) { this.W = W; this.H = H; this.boxes = []; }
  /** Keeps `node` (placed) where it is. */
  keep(node) { if (node.textContent) this.boxes.push(textBox(node)); return node; }
  /** Moves `node` sideways into the chart, then keeps it if it overlaps no placed text; removes
   * it otherwise. True when kept. */
  fit(node) {
    let b = textBox(node);
    const dx = b.x < 1 ? 1 - b.x : b.x + b.w > this.W - 1 ? this.W - 1 - (b.x + b.w) : 0;
    if (dx) { node.setAttribute('x', (+node.getAttribute('x') || 0) + dx); b = textBox(node); }
    if (!boxInside(b, { x: 0, y: 0, w: this.W, h: this.H }) || this.boxes.some((o) => boxesOverlap(b, o))) { node.remove(); return false; }
    this.boxes.push(b);
    return true;
  }
  /** Places `node` at the first of `spots` ([x, y, anchor]) inside `area` ({x, y, w, h}) that
   * overlaps no placed text; where none is free, at the free spot of a scan of the area's rows;
   * removed (false) only when the area has no room at all. */
  place(node, spots, area) {
    const tryAt = ([x, y, anchor]) => {
      node.setAttribute('x', x); node.setAttribute('y', y); node.setAttribute('text-anchor', anchor);
      const b = textBox(node);
      return boxInside(b, area) && !this.boxes.some((o) => boxesOverlap(b, o)) ? b : null;
    };
    const scan = [];
    for (let y = area.y + 12; y <= area.y + area.h; y += 8) for (let x = area.x + area.w; x >= area.x; x -= 12) scan.push([x, y, 'end']);
    for (const spot of spots.concat(scan)) {
      const b = tryAt(spot);
      if (b) { this.boxes.push(b); return true; }
    }
    node.remove();
    return false;
  }
}

// ---------------------------------------------------------------- formulas that wrap
// MathML does not break lines by itself: a formula wider than its panel scrolled sideways. Each
// formula's top-level row is cut at its + and − (the operator starts the next piece) into
// pieces, one <mrow> each, and the row is laid out as a wrapping flex line of them (CSS layout
// of a MathML element whose display is not `math`): still one <math> per formula, with the
// same children; a piece still too wide is drawn smaller (`fitMath`).
function wrapMath(root) {
  for (const m of root.querySelectorAll('math:not([data-wrapped])')) {
    m.setAttribute('data-wrapped', '');
    let row = m;
    while (row.children.length === 1 && row.firstElementChild.localName === 'mrow') row = row.firstElementChild;
    const kids = [...row.children];
    const cuts = kids.map((k, i) => (i > 0 && k.localName === 'mo' && ['+', '−', '-'].includes(k.textContent.trim()) ? i : -1)).filter((i) => i > 0);
    if (!cuts.length) continue;
    if (row === m) {
      row = document.createElementNS(m.namespaceURI, 'mrow');
      m.append(row);
    }
    row.setAttribute('class', 'math-pieces');
    let from = 0;
    for (const end of cuts.concat([kids.length])) {
      const piece = document.createElementNS(m.namespaceURI, 'mrow');
      piece.setAttribute('class', 'math-piece');
      piece.append(...kids.slice(from, end));
      row.append(piece);
      from = end;
    }
  }
}

// ---------------------------------------------------------------- tables on a phone
/** Gives each cell of a table the words of its column's header (`data-label`), so that on a
 * phone, where the style sheet shows each row as a card, every number says what it is. */
function labelCells(table) {
  const head = [...table.querySelectorAll('tr:first-child th')].map((th) => th.textContent);
  if (!head.length) return;
  for (const tr of table.querySelectorAll('tr')) {
    [...tr.children].forEach((td, k) => {
      if (td.localName === 'td' && td.getAttribute('data-label') !== (head[k] || '')) td.setAttribute('data-label', head[k] || '');
    });
  }
}

/** Where a piece is still wider than its box (one long product), the box's formula is drawn
 * smaller, down to 10 px, until it fits. */
function fitMath(box) {
  const maths = [...box.querySelectorAll('math')];
  if (!maths.length) return;
  for (const m of maths) m.style.fontSize = '';
  if (!box.clientWidth) return;
  let size = parseFloat(getComputedStyle(maths[0]).fontSize) || 16;
  for (let k = 0; k < 8 && box.scrollWidth > box.clientWidth + 1 && size > 10; k++) {
    size = Math.max(10, size * Math.max(0.8, Math.min(0.97, box.clientWidth / box.scrollWidth)));
    for (const m of maths) m.style.fontSize = `${size.toFixed(1)}px`;
  }
}
const MATH_BOXES = ['#formula-math', '#partials .entry', '#hessian .entry'];
function fitAllMath() {
  for (const sel of MATH_BOXES) for (const box of document.querySelectorAll(sel)) fitMath(box);
}

document.addEventListener('DOMContentLoaded', () => {
  // The formula, its partials and the Hessian are wrapped as they are shown, then fitted.
  const ids = ['formula-math', 'partials', 'hessian'];
  const watch = new MutationObserver(() => {
    for (const id of ids) if (document.getElementById(id)) wrapMath(document.getElementById(id));
    fitAllMath();
  });
  for (const id of ids) {
    const node = document.getElementById(id);
    if (node) watch.observe(node, { childList: true, subtree: true });
  }
  // The check table and the legend table, as cards on a phone.
  const cards = new MutationObserver(() => { for (const tb of document.querySelectorAll('table.cards')) labelCells(tb); });
  for (const tb of document.querySelectorAll('table.cards')) cards.observe(tb, { childList: true, subtree: true });
  // A resize that changes the map picture's size redraws it (at the new size).
  let pending = 0;
  window.addEventListener('resize', () => {
    fitAllMath();
    clearTimeout(pending);
    pending = setTimeout(() => {
      if (mapSizeAsked && wantedMapSize() !== mapSizeAsked && typeof drawMap === 'function') drawMap();
    }, 300);
  });
});
