// nabla playground: the page of `nabla serve`. Plain modern JavaScript, no framework, no build
// step. Sections: words (the catalogs), API and state (URL), formula box, methods, map and
// paths, charts, gradient check, hand partials, lessons, fitting. Every sentence the page shows
// is a message of the catalogs (i18n/<lang>/page.ftl and lessons.ftl), fetched from
// `/api/messages` in the page's language and rendered with `t(id, {name: value})`; the
// language follows the browser (zh-TW, zh-Hant, zh-HK, zh-MO: 繁體中文; otherwise English) until
// the header's switch or the URL's `lang` says otherwise, and every API request carries it, so
// the answers' prose comes back in it too. Every request's error is shown where its result would
// be; the whole state lives in the URL (pasted fit data aside: a link names a sample, never the
// data), so a link reproduces the view. The fit panel only shows the answer's fields: the
// numbers, stop, verdict and notes are the library's words; its results are cleared as soon as
// an input changes, so they always belong to the inputs shown.
'use strict';

// ---------------------------------------------------------------- helpers
const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids) if (k !== null && k !== undefined) e.append(k);
  return e;
};
const SVG_NS = 'http://www.w3.org/2000/svg';
const svg = (tag, attrs = {}) => {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
};
const num = (v, digits = 6) => {
  if (v === null || v === undefined) return '—';
  if (typeof v !== 'number') return String(v);
  if (!isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-4 && a < 1e7 ? String(+v.toPrecision(digits)) : v.toExponential(Math.max(1, digits - 4));
};
const tuple = (xs, d) => '(' + xs.map((x) => num(x, d)).join(', ') + ')';
const debounce = (fn, ms) => {
  let t = 0;
  return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); };
};
const quote = (s) => (/^[A-Za-z0-9_.,:=+\-/]+$/.test(s) ? s : "'" + s.replace(/'/g, "'\\''") + "'");
/** A lesson's number at `digits` significant digits, in its shortest form: `-0.0001048576`,
 * `2.46046384e-98` (round-trip short, not `-0.0001048576000000001`). */
const short = (v, digits = 12) => {
  if (typeof v !== 'number' || !isFinite(v)) return num(v);
  if (v === 0) return '0';
  const r = +v.toPrecision(Math.min(17, Math.max(1, digits)));
  const a = Math.abs(r);
  return a >= 1e-4 && a < 1e7 ? String(r) : r.toExponential();
};
// The series' colours and dashes (`COLORS`, `colorOf`, `dashOf`), the map legend, the map's size
// and the charts' text placement are in layout.js, loaded first.

/** Status line: kind is '', 'ok', 'busy' or 'error'; an error's message keeps its caret lines. */
function setStatus(node, kind, message) {
  node.className = node.className.replace(/\b(ok|busy|error)\b/g, '').trim() + (kind ? ' ' + kind : '');
  node.replaceChildren();
  if (!message) return;
  if (kind === 'error' && message.includes('\n')) node.append(el('pre', { text: message }));
  else node.textContent = message;
}

// ---------------------------------------------------------------- words
const LANGS = ['en', 'zh-TW'];
let LANG = 'en';
let MESSAGES = {};

/** Message `id` of the page's language with its `{$name}` placeholders filled from `vars`; the
 * id itself while the words are not loaded (or for an id the catalogs lack). */
function t(id, vars = {}) {
  const m = MESSAGES[id];
  if (m === undefined) return id;
  return m.replace(/\{\s*\$([A-Za-z0-9_-]+)\s*\}/g, (all, name) => (name in vars ? String(vars[name]) : all));
}

/** The browser's language among the page's: the first of `navigator.languages` that is English
 * or Chinese in Traditional characters (Taiwan, Hong Kong, Macau, Hant); English otherwise. */
function browserLang() {
  const tags = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
  for (const tag of tags) {
    const parts = String(tag).toLowerCase().replace(/_/g, '-').split('-');
    if (parts[0] === 'en') return 'en';
    if (parts[0] === 'zh' && parts.slice(1).some((p) => ['tw', 'hk', 'mo', 'hant'].includes(p))) return 'zh-TW';
  }
  return 'en';
}

/** Loads the words of `lang` from the server; false (and a note in the parse status) on failure. */
async function loadMessages(lang) {
  try {
    const res = await fetch('/api/messages?lang=' + encodeURIComponent(lang));
    const data = await res.json();
    if (!res.ok || !data.messages) throw new Error((data.error && data.error.message) || res.statusText);
    MESSAGES = data.messages;
    LANG = data.lang || lang;
    const sel = $('lang-select');
    sel.replaceChildren(...(data.languages || []).map((l) => el('option', { value: l.code, lang: l.code, text: l.name })));
    sel.value = LANG;
    return true;
  } catch (e) {
    setStatus($('parse-status'), 'error', 'cannot load the page\'s words (' + e.message + '); reload the page');
    return false;
  }
}

/** Puts the loaded words into the page's fixed text: `data-i18n` elements and the attributes. */
function applyWords() {
  document.documentElement.lang = LANG;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  const attrs = [
    ['lang-select', 'aria-label', t("page-lang-label")],
    ['lesson-select', 'aria-label', t("page-lesson-select-aria")],
    ['copy-link', 'title', t("page-copy-link-title")],
    ['copy-cli', 'title', t("page-copy-cli-title")],
    ['start', 'aria-label', t("page-start-aria")],
    ['iters', 'aria-label', t("page-iterations")],
    ['stall', 'aria-label', t("page-stall-aria")],
    ['box', 'aria-label', t("page-box-aria")],
    ['box', 'placeholder', t("page-box-auto")],
    ['zoom-in', 'aria-label', t("page-zoom-in")],
    ['zoom-out', 'aria-label', t("page-zoom-out")],
    ['zoom-reset', 'aria-label', t("page-zoom-reset")],
    ['map', 'aria-label', t("page-map-aria")],
    ['play', 'aria-label', playing ? t("page-pause") : t("page-play")],
    ['step', 'aria-label', t("page-step")],
    ['legend', 'aria-label', t("page-legend-aria")],
    ['map-legend', 'aria-label', t("page-map-legend-aria")],
    ['chart', 'aria-label', t("page-chart-aria")],
    ['check-at', 'aria-label', t("page-check-at-aria")],
    ['check-table', 'aria-label', t("page-check-table-aria")],
    ['sweep-chart', 'aria-label', t("page-sweep-aria")],
    ['fit-sample', 'aria-label', t("page-fit-sample-aria")],
    ['fit-params', 'aria-label', t("page-fit-params-aria")],
    ['fit-init', 'placeholder', t("page-fit-init-placeholder")],
    ['fit-init', 'aria-label', t("page-fit-init-aria")],
    ['fit-target', 'aria-label', t("page-fit-target-aria")],
    ['fit-sigma', 'placeholder', t("page-fit-sigma-placeholder")],
    ['fit-sigma', 'aria-label', t("page-fit-sigma-aria")],
    ['fit-method', 'aria-label', t("page-fit-method")],
    ['fit-epochs', 'aria-label', t("page-fit-epochs-aria")],
    ['fit-lr', 'placeholder', t("page-default")],
    ['fit-lr', 'aria-label', t("page-fit-lr-aria")],
    ['fit-batch', 'placeholder', t("page-fit-batch-all")],
    ['fit-batch', 'aria-label', t("page-fit-batch-aria")],
    ['fit-table', 'aria-label', t("page-fit-table-aria")],
    ['fit-stats', 'aria-label', t("page-fit-stats-aria")],
    ['fit-residuals', 'aria-label', t("page-fit-residuals-aria")],
  ];
  for (const [id, attr, text] of attrs) $(id).setAttribute(attr, text);
  pointPlaceholders();
  renderSlice();
  $('hessian-btn').textContent = state.hessian ? t("page-hessian-hide") : t("page-hessian-show");
  $('step-count').textContent = t("page-step-count", { step, max: maxStep });
  // The lists whose entries are words: the lessons and the samples.
  $('lesson-select').replaceChildren(el('option', { value: '', text: t("page-lessons-option") }),
    ...Object.keys(LESSONS).map((id) => el('option', { value: id, text: LESSONS[id].title(), 'data-testid': `lesson-${id}` })));
  $('lesson-select').value = LESSONS[state.lesson] ? state.lesson : '';
  $('fit-sample').replaceChildren(el('option', { value: '', text: t("page-fit-samples") }),
    ...Object.keys(FIT_SAMPLES).map((id) => el('option', { value: id, text: FIT_SAMPLES[id].title(), 'data-testid': `fit-sample-${id}` })));
  $('fit-sample').value = FIT_SAMPLES[state.fitSample] ? state.fitSample : '';
}

/** An enumerated value of an answer (`max_iterations`, `not_stationary`, `agrees`) in words; the
 * value with spaces for one the page does not know. */
const WORDS = {
  agrees: () => t("page-outcome-agrees"), disagrees: () => t("page-outcome-disagrees"), kink: () => t("page-outcome-kink"),
  not_finite: () => t("page-outcome-not-finite"), unresolved: () => t("page-outcome-unresolved"), unchecked: () => t("page-outcome-unchecked"),
  gradient_tolerance: () => t("page-stop-gradient-tolerance"), max_iterations: () => t("page-stop-max-iterations"),
  stalled: () => t("page-stop-stalled"), time_limit: () => t("page-stop-time-limit"), diverged: () => t("page-stop-diverged"),
  line_search_failed: () => t("page-stop-line-search-failed"), simplex_collapsed: () => t("page-stop-simplex-collapsed"),
  certified: () => t("page-stop-certified"),
  local_minimum: () => t("page-kind-local-minimum"), local_maximum: () => t("page-kind-local-maximum"), saddle: () => t("page-kind-saddle"),
  degenerate: () => t("page-kind-degenerate"), not_stationary: () => t("page-kind-not-stationary"), unknown: () => t("page-kind-unknown"),
  slope: () => t("page-kind-slope"), inconclusive: () => t("page-kind-inconclusive"),
};
const word = (code) => (Object.prototype.hasOwnProperty.call(WORDS, code) ? WORDS[code]() : String(code).replace(/_/g, ' '));

// ---------------------------------------------------------------- API
/** The server's refusals a class meets (time, load, memory), in the page's words by their kind. */
const SERVER_ERRORS = {
  timeout: () => t("page-error-timeout"), busy: () => t("page-error-busy"), memory: () => t("page-error-memory"),
  out_of_memory: () => t("page-error-out-of-memory"), output_too_large: () => t("page-error-output-too-large"),
};

/** POSTs to `/api/<cmd>` (with `extra` fields in the body: fit's `data`); resolves to
 * {ok, status, exit, data, message}, never throws. */
async function api(cmd, formula, options = {}, extra = {}) {
  const opts = {};
  for (const [k, v] of Object.entries(options)) if (v !== '' && v !== null && v !== undefined && v !== false) opts[k] = v;
  let res;
  try {
    res = await fetch('/api/' + cmd, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ formula, options: opts, lang: LANG, ...extra }),
    });
  } catch (e) {
    return { ok: false, status: 0, message: t("page-no-answer", { error: e.message }) };
  }
  let data = null;
  const text = await res.text();
  try { data = JSON.parse(text); } catch (_) { /* not JSON */ }
  if (!res.ok) {
    const err = data && data.error;
    let message = err ? (err.message || err.kind) : (text || res.statusText || t("page-request-failed"));
    // The server's own refusals are English; the CLI's (usage, numeric) come in the page's language.
    if (LANG !== 'en' && err && Object.prototype.hasOwnProperty.call(SERVER_ERRORS, err.kind)) message = SERVER_ERRORS[err.kind]();
    return { ok: false, status: res.status, kind: err && err.kind, message: String(message).trim(), data };
  }
  if (data === null) return { ok: false, status: res.status, message: t("page-not-json") };
  // The CLI's warnings and notes (stderr) travel in a header, a JSON array of lines.
  let warnings = [];
  try { warnings = JSON.parse(res.headers.get('x-nabla-warnings') || '[]'); } catch (_) { /* none */ }
  return { ok: true, status: res.status, exit: res.headers.get('x-nabla-exit'), data, warnings };
}

// ---------------------------------------------------------------- state and URL
const BEALE = '(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2';
const state = {
  formula: BEALE, vars: [], from: '', runs: [], iters: 10000, stall: 1000, box: '',
  at: '', f32: false, hand: [], hessian: false, lesson: '', lang: 'en',
  // Three or more variables: the two the map draws (`axes`, e.g. 'x,y') and the values the
  // others are held at (`hold`, e.g. 'z=3'), which the map's slice is drawn at.
  axes: '', hold: '',
  // The fit panel: its inputs (the data itself stays out of the URL; `fitSample` names a sample
  // whose data is shown unchanged).
  fitModel: '', fitParams: '', fitInit: '', fitTarget: '', fitSigma: '', fitAbs: false, fitMethod: '',
  fitEpochs: '', fitLr: '', fitBatch: '', fitSample: '',
};
const URL_KEYS = {
  formula: 'f', from: 'from', iters: 'iters', stall: 'stall', box: 'box', at: 'at', lesson: 'lesson',
  fitModel: 'fit', fitParams: 'fparams', fitInit: 'finit', fitTarget: 'ftarget', fitSigma: 'fsigma',
  fitMethod: 'fmethod', fitEpochs: 'fepochs', fitLr: 'flr', fitBatch: 'fbatch', fitSample: 'fsample',
  lang: 'lang', axes: 'axes', hold: 'hold',
};

// ---------------------------------------------------------------- points and the map's variables
/** A point as typed (`x=1,y=2` by name, or `1,2` in the formula's order) to {name: number}
 * over exactly `vars`; null when it does not name each of them once with a number. */
function pointOf(text, vars = state.vars) {
  const parts = String(text || '').split(',').map((p) => p.trim()).filter(Boolean);
  if (!parts.length || parts.length !== vars.length) return null;
  const out = {};
  for (const [k, p] of parts.entries()) {
    const [name, value] = p.includes('=') ? p.split('=').map((s) => s.trim()) : [vars[k], p];
    if (!vars.includes(name) || name in out || value === '' || !isFinite(+value)) return null;
    out[name] = +value;
  }
  return out;
}
/** The variables the map draws, in order (across, then up): all of them for one or two, else
 * the two chosen (the first two by default). */
function mapVars() {
  const v = state.vars;
  if (v.length <= 2) return v.slice();
  const a = state.axes.split(',').map((s) => s.trim());
  return a.length === 2 && a[0] !== a[1] && a.every((n) => v.includes(n)) ? a : v.slice(0, 2);
}
/** The variables held for the map's slice (three or more variables). */
const heldVars = () => (state.vars.length > 2 ? state.vars.filter((v) => !mapVars().includes(v)) : []);
/** The held values by name: the slice's (`hold`), else the start point's, else 0. */
function heldValues() {
  const given = {};
  for (const p of state.hold.split(',')) {
    const [k, v] = p.split('=').map((s) => (s || '').trim());
    if (k && v !== '' && isFinite(+v)) given[k] = +v;
  }
  const start = pointOf(state.from) || {};
  return Object.fromEntries(heldVars().map((v) => [v, v in given ? given[v] : (v in start ? start[v] : 0)]));
}
const heldText = () => Object.entries(heldValues()).map(([k, v]) => `${k}=${v}`).join(',');
/** A point of the formula's variables, projected on the map's (data coordinates). */
const project = (p) => mapVars().map((v) => p[state.vars.indexOf(v)]);

function saveUrl() {
  const q = new URLSearchParams();
  for (const [k, p] of Object.entries(URL_KEYS)) if (state[k] !== '' && state[k] !== null) q.set(p, state[k]);
  if (state.runs.length) q.set('methods', specOf(state.runs));
  if (state.f32) q.set('f32', '1');
  if (state.hessian) q.set('hessian', '1');
  if (state.hand.some((h) => h.trim())) q.set('hand', state.hand.join('; '));
  if (state.fitAbs) q.set('fabs', '1');
  history.replaceState(null, '', '?' + q.toString());
  $('cli-line').classList.remove('shown');
  $('cli-line').textContent = '';
}

function loadUrl() {
  const q = new URLSearchParams(location.search);
  for (const [k, p] of Object.entries(URL_KEYS)) if (q.has(p)) state[k] = q.get(p);
  state.iters = +state.iters || 10000;
  state.stall = q.has('stall') ? +state.stall : 1000;
  state.runs = parseSpec(q.has('methods') ? q.get('methods') : 'gd,adam');
  state.f32 = q.get('f32') === '1';
  state.hessian = q.get('hessian') === '1';
  state.hand = q.has('hand') ? q.get('hand').split(';').map((s) => s.trim()) : [];
  state.fitAbs = q.get('fabs') === '1';
  // The URL's language, else the browser's.
  state.lang = LANGS.includes(q.get('lang')) ? q.get('lang') : browserLang();
}

// ---------------------------------------------------------------- methods and settings
const METHODS = {
  gd: ['lr', 'decay'], momentum: ['lr', 'decay', 'momentum'], nesterov: ['lr', 'decay', 'momentum'],
  adagrad: ['lr', 'decay', 'eps', 'init_acc'], adadelta: ['lr', 'decay', 'rho', 'eps', 'init_acc'],
  rmsprop: ['lr', 'decay', 'momentum', 'alpha', 'eps', 'init_acc', 'centered'],
  adam: ['lr', 'decay', 'beta1', 'beta2', 'eps'], adamax: ['lr', 'decay', 'beta1', 'beta2', 'eps'],
  nadam: ['lr', 'decay', 'beta1', 'beta2', 'eps', 'momentum_decay'], amsgrad: ['lr', 'decay', 'beta1', 'beta2', 'eps'],
  'gd-armijo': ['lr', 'c1'], lbfgs: ['memory', 'c1', 'c2'], newton: ['c1'], 'nelder-mead': [],
};
// Slider scales: 'log' on the value, 'one' on log10(1 - value) (decay rates close to 1), 'lin'.
const SLIDERS = {
  lr: { scale: 'log', lo: -8, hi: 1, hint: () => t("page-hint-lr") }, decay: { scale: 'lin', lo: 0, hi: 1, hint: () => t("page-hint-decay") },
  momentum: { scale: 'lin', lo: 0, hi: 0.999, hint: () => t("page-hint-momentum") }, beta1: { scale: 'lin', lo: 0, hi: 0.999, hint: () => t("page-hint-beta1") },
  beta2: { scale: 'one', lo: -12, hi: -0.3, hint: () => t("page-hint-beta2") }, rho: { scale: 'one', lo: -12, hi: -0.3, hint: () => t("page-hint-rho") },
  alpha: { scale: 'one', lo: -12, hi: -0.3, hint: () => t("page-hint-alpha") },
  eps: { scale: 'log', lo: -12, hi: -2, hint: () => t("page-hint-eps") },
};

/** `gd:lr=5e-6,adam:beta2=0.8` (the CLI's syntax) to [{method, settings}]. */
function parseSpec(text) {
  return (text || '').split(',').map((s) => s.trim()).filter(Boolean).map((item) => {
    const [method, ...kv] = item.split(':');
    const settings = {};
    for (const p of kv) {
      const [k, v] = p.split('=');
      if (k) settings[k.trim()] = v === undefined ? 'true' : v.trim();
    }
    return { method: method.trim(), settings };
  });
}
function specOf(runs) {
  return runs.map((r) => [r.method, ...Object.entries(r.settings).filter(([, v]) => v !== '' && v !== undefined)
    .map(([k, v]) => `${k}=${v}`)].join(':')).join(',');
}
const runLabel = (r) => specOf([r]).replace(/:/g, ' ');

function sliderValue(cfg, pos) {
  if (cfg.scale === 'log') return +Math.pow(10, pos).toPrecision(2);
  if (cfg.scale === 'one') return +(1 - Math.pow(10, pos)).toPrecision(Math.max(2, Math.ceil(-pos) + 1));
  return +(+pos).toPrecision(3);
}
function sliderPos(cfg, v) {
  if (cfg.scale === 'log') return Math.log10(v);
  if (cfg.scale === 'one') return Math.log10(Math.max(1e-15, 1 - v));
  return v;
}

/** Places a slider at `v`: its thumb on the value, and each step (an arrow key) proportional to
 * it: 1/50 of a decade (about 5%) on the log scales (of the value, or of 1 - value for rates
 * near 1), 5% of the value on the linear ones. The range reaches three decades either side
 * within the setting's limits (wider where the value lies outside them). */
function placeSlider(slider, cfg, v) {
  if (cfg.scale === 'lin') {
    const step = v > 0 ? v * 0.05 : (cfg.hi - cfg.lo) / 200;
    const below = Math.max(0, Math.floor((v - cfg.lo) / step + 1e-9));
    Object.assign(slider, { min: v - below * step, max: Math.max(v, cfg.hi), step });
  } else {
    const pos = sliderPos(cfg, v), step = 0.02;
    const below = Math.min(150, Math.max(0, Math.floor((pos - cfg.lo) / step + 1e-9)));
    const above = Math.min(150, Math.max(0, Math.floor((cfg.hi - pos) / step + 1e-9)));
    Object.assign(slider, { min: pos - below * step, max: pos + above * step, step });
  }
  slider.value = sliderPos(cfg, v);
  slider.dataset.at = String(v);
}
/** The settings each run used, by run (the answer's `settings`: the defaults too). */
let usedSettings = [];
/** The sliders of settings left at their default: placed at the value the last run used. */
function placeDefaults() {
  document.querySelectorAll('#methods input[type=range][data-key]').forEach((slider) => {
    const i = +slider.dataset.run, key = slider.dataset.key;
    const run = state.runs[i];
    const used = usedSettings[i] && usedSettings[i].method === (run && run.method) ? usedSettings[i].settings[key] : undefined;
    if (!run || (run.settings[key] || '') !== '' || typeof used !== 'number' || !isFinite(used)) return;
    placeSlider(slider, SLIDERS[key], used);
    const input = $(`setting-${i}-${key}`);
    if (input) input.placeholder = t("page-default-value", { value: String(used) });
  });
}

function renderMethods() {
  const box = $('methods');
  box.replaceChildren();
  state.runs.forEach((run, i) => {
    const sel = el('select', { id: `method-${i}`, 'data-testid': `method-${i}`, 'aria-label': t("page-method-n", { n: i + 1 }) });
    for (const m of Object.keys(METHODS)) sel.append(el('option', { value: m, text: m, selected: m === run.method }));
    sel.addEventListener('change', () => { run.method = sel.value; run.settings = {}; renderMethods(); changed(true); });
    const rm = el('button', { type: 'button', 'aria-label': t("page-remove-method", { method: run.method }), 'data-testid': `remove-${i}`, text: '×',
      onclick: () => { state.runs.splice(i, 1); renderMethods(); changed(true); } });
    const grid = el('div', { class: 'settings' });
    for (const key of METHODS[run.method] || []) {
      const cfg = SLIDERS[key];
      const id = `setting-${i}-${key}`;
      const input = el('input', { type: 'text', id, 'data-testid': id, value: run.settings[key] || '', placeholder: t("page-default"),
        'aria-label': `${run.method} ${key}` });
      let slider = null;
      if (cfg) {
        slider = el('input', { type: 'range', min: cfg.lo, max: cfg.hi, step: (cfg.hi - cfg.lo) / 200, 'aria-label': t("page-slider-aria", { method: run.method, key }),
          'data-testid': `slider-${i}-${key}`, 'data-run': i, 'data-key': key });
        // At the value set; a default sits mid-range until a run tells the value it used.
        const v = parseFloat(run.settings[key]);
        if (isFinite(v)) placeSlider(slider, cfg, v); else slider.value = (cfg.lo + cfg.hi) / 2;
        slider.addEventListener('input', () => { input.value = run.settings[key] = String(sliderValue(cfg, +slider.value)); changed(false); });
        // Released (or nudged), a linear slider's steps become 5% of its new value.
        slider.addEventListener('change', () => { const v = parseFloat(input.value); if (cfg.scale === 'lin' && isFinite(v)) placeSlider(slider, cfg, v); });
      }
      input.addEventListener('change', () => {
        run.settings[key] = input.value.trim();
        const v = parseFloat(input.value);
        if (slider && isFinite(v) && (cfg.scale !== 'log' || v > 0) && (cfg.scale !== 'one' || v < 1)) placeSlider(slider, cfg, v);
        changed(false);
      });
      grid.append(el('label', { for: id, title: cfg ? cfg.hint() : key, text: key }), slider || el('span'), input);
    }
    const row = el('div', { class: 'method on', 'data-testid': `run-row-${i}` },
      el('label', {}, el('span', { class: 'swatch', style: `background:${COLORS[i % COLORS.length]}` }), sel, rm), grid);
    box.append(row);
  });
  const add = el('select', { id: 'add-method', 'data-testid': 'add-method', 'aria-label': t("page-add-method-aria") },
    el('option', { value: '', text: t("page-add-method") }), ...Object.keys(METHODS).map((m) => el('option', { value: m, text: m })));
  add.addEventListener('change', () => {
    if (!add.value) return;
    state.runs.push({ method: add.value, settings: {} });
    renderMethods();
    changed(true);
  });
  box.append(add);
  placeDefaults();
}

/** A setting or the method list changed: rerun when paths are shown (sliders rerun as you drag). */
const rerun = debounce(() => runMethods(), 350);
function changed(structural) {
  saveUrl();
  if (state.from && (runsShown.length || !structural)) rerun();
}

// ---------------------------------------------------------------- formula box
let diffSeq = 0;
async function parseFormula() {
  const formula = $('formula').value;
  state.formula = formula;
  saveUrl();
  const seq = ++diffSeq;
  if (!formula.trim()) {
    setStatus($('parse-status'), 'error', t("page-type-formula"));
    return false;
  }
  setStatus($('parse-status'), 'busy', t("page-parsing"));
  const r = await api('diff', formula);
  if (seq !== diffSeq) return false;
  if (!r.ok) {
    $('formula').classList.add('invalid');
    $('formula').setAttribute('aria-invalid', 'true');
    setStatus($('parse-status'), 'error', r.message);
    return false;
  }
  $('formula').classList.remove('invalid');
  $('formula').removeAttribute('aria-invalid');
  // Which formula the partials shown belong to (typing fires parses of prefixes, too).
  $('parse-status').dataset.formula = formula;
  const d = r.data;
  // `vars` is the formula's order (the order of --from and the map's axes), and `derivatives`
  // lists one partial per variable in that order, each with its `wrt`, `text` and `mathml`.
  const vars = d.vars || [];
  const byVar = Object.fromEntries((d.derivatives || []).map((e) => [e.wrt[0], e]));
  const newVars = vars.join(',') !== state.vars.join(',');
  state.vars = vars;
  if (newVars) fitPoints();
  const warn = (r.warnings || []).join('\n');
  const parsed = { count: vars.length, vars: vars.join(', ') || t("page-none") };
  setStatus($('parse-status'), 'ok', (vars.length === 1 ? t("page-parsed-one", parsed) : t("page-parsed-other", parsed)) + (warn ? '\n' + warn : ''));
  $('formula-math').innerHTML = d.formula_mathml ? '<span class="label">f = </span>' + d.formula_mathml : '';
  $('partials').replaceChildren(...vars.map((v) => partialEntry('∂f/∂' + v, (byVar[v] || {}).mathml, (byVar[v] || {}).text, `partial-${v}`)));
  if (newVars) renderHand();
  if (state.hessian) showHessian();
  return true;
}

function partialEntry(label, mathml, text, testid) {
  const e = el('div', { class: 'entry', 'data-testid': testid, title: text });
  e.append(el('span', { class: 'label', text: label + ' =' }));
  const m = el('span', { class: 'mathml' });
  if (mathml) m.innerHTML = mathml; else m.textContent = text;
  e.append(m);
  return e;
}

async function showHessian() {
  const box = $('hessian');
  box.hidden = !state.hessian;
  $('hessian-btn').setAttribute('aria-expanded', String(state.hessian));
  $('hessian-btn').textContent = state.hessian ? t("page-hessian-hide") : t("page-hessian-show");
  if (!state.hessian) return;
  box.replaceChildren(el('div', { class: 'status busy', text: t("page-differentiating") }));
  const r = await api('diff', state.formula, { hessian: true });
  if (!r.ok) { box.replaceChildren(el('div', { class: 'status error' }, el('pre', { text: r.message }))); return; }
  box.replaceChildren(...(r.data.derivatives || []).map((e) =>
    partialEntry(e.wrt[0] === e.wrt[1] ? `∂²f/∂${e.wrt[0]}²` : `∂²f/∂${e.wrt[0]}∂${e.wrt[1]}`, e.mathml, e.text, 'hessian-entry')));
}

// ---------------------------------------------------------------- map
let frame = null; // {W, H, left, top, width, height, x: [lo, hi], y: [lo, hi] | null}
let autoBox = ''; // without a box of the user's: around the start and the runs' points
let plotSeq = 0;

/** The plot JSON's `frame`: picture size, plotting area (pixels), axis ranges (1-D: y is f). */
function readFrame(f) {
  if (!f) return null;
  return { W: f.width, H: f.height, left: f.left, top: f.top, width: f.right - f.left, height: f.bottom - f.top,
    x: f.x, y: Array.isArray(f.y) ? f.y : null };
}

async function drawMap() {
  const seq = ++plotSeq;
  const ms = $('map-status');
  setStatus(ms, 'busy', t("page-drawing"));
  const opts = { box: state.box || autoBox, size: mapSize() };
  // Three or more variables: the slice in the two chosen, the others held.
  if (state.vars.length > 2) Object.assign(opts, { axes: mapVars().join(','), at: heldText() });
  const drawn = state.formula;
  const r = await api('plot', drawn, opts);
  if (seq !== plotSeq) return;
  $('map').dataset.formula = drawn;
  $('map').dataset.slice = opts.at || '';
  const map = $('map');
  // No picture of another formula stays beside this one's error.
  const blank = (message) => { map.replaceChildren(); frame = null; drawOverlay(); setStatus(ms, 'error', message); };
  if (!r.ok) { blank(r.message); return; }
  const file = (r.data.files || [])[0];
  if (!file || !file.svg) { blank(t("page-no-picture")); return; }
  map.innerHTML = file.svg;
  const pic = map.querySelector('svg');
  frame = readFrame(file.frame);
  if (pic && frame && frame.W) {
    pic.setAttribute('viewBox', `0 0 ${frame.W} ${frame.H}`);
    pic.removeAttribute('width');
    pic.removeAttribute('height');
    $('overlay').setAttribute('viewBox', `0 0 ${frame.W} ${frame.H}`);
  }
  if (!state.box && frame && frame.x) {
    $('box').placeholder = t("page-box-auto-range", { range: `${num(frame.x[0], 4)}..${num(frame.x[1], 4)}` + (frame.y && mapVars().length === 2 ? `,${num(frame.y[0], 4)}..${num(frame.y[1], 4)}` : '') });
  }
  const notes = (r.data.notes || []).join('; ');
  setStatus(ms, notes ? 'busy' : '', notes);
  drawOverlay();
}

/** The slice's controls (three or more variables): the two variables the map draws, and a
 * slider with a box for each of the others, which holds it at a value. Moving a slider redraws
 * the map at the new value; the runs, from the full start point, stay (projected). */
const redrawSlice = debounce(() => drawMap(), 250);
function renderSlice() {
  const box = $('slice');
  box.hidden = state.vars.length <= 2;
  if (box.hidden) { box.replaceChildren(); return; }
  const axes = mapVars();
  const pick = (k) => {
    const sel = el('select', { id: `axis-${k}`, 'data-testid': `axis-${k}`, 'aria-label': t(k ? "page-axis-up" : "page-axis-across") },
      ...state.vars.map((v) => el('option', { value: v, text: v, selected: v === axes[k] })));
    sel.addEventListener('change', () => {
      const next = axes.slice();
      next[k] = sel.value;
      // Picking the other axis's variable swaps the two.
      if (next[0] === next[1]) next[1 - k] = axes[k];
      const held = heldValues();
      state.axes = next.join(',');
      state.hold = Object.entries({ ...held, ...Object.fromEntries(axes.filter((v) => !next.includes(v)).map((v) => [v, (pointOf(state.from) || {})[v] ?? 0])) })
        .filter(([v]) => !next.includes(v)).map(([v, x]) => `${v}=${x}`).join(',');
      state.box = ''; autoBox = runsShown.length ? boxAround() : ''; $('box').value = '';
      saveUrl(); renderSlice(); drawMap();
    });
    return el('label', {}, el('span', { text: t(k ? "page-axis-up" : "page-axis-across") }), sel);
  };
  const rows = [pick(0), pick(1)];
  for (const [v, x] of Object.entries(heldValues())) {
    const id = `hold-${v}`;
    const input = el('input', { type: 'text', id, 'data-testid': id, value: String(x), 'aria-label': t("page-hold-aria", { var: v }) });
    const slider = el('input', { type: 'range', 'data-testid': `hold-slider-${v}`, 'aria-label': t("page-hold-slider-aria", { var: v }) });
    const place = (val) => { const span = Math.max(1, Math.abs(val)) * 2; Object.assign(slider, { min: val - span, max: val + span, step: span / 100 }); slider.value = val; };
    place(x);
    const set = (val) => {
      const held = heldValues();
      held[v] = val;
      state.hold = Object.entries(held).map(([k, y]) => `${k}=${y}`).join(',');
      saveUrl();
      redrawSlice();
    };
    slider.addEventListener('input', () => { const val = +(+slider.value).toPrecision(4); input.value = String(val); set(val); });
    slider.addEventListener('change', () => place(+input.value));
    input.addEventListener('change', () => { const val = +input.value; if (input.value.trim() !== '' && isFinite(val)) { place(val); set(val); } });
    rows.push(el('label', { title: t("page-hold-hint") }, el('span', { text: t("page-hold", { var: v }) }), slider, input));
  }
  box.replaceChildren(...rows);
}

/** Data coordinates to picture pixels (1-D: the point on the curve, y = f(x)). */
function toPx(p) {
  const f = frame;
  const px = f.left + ((p[0] - f.x[0]) / (f.x[1] - f.x[0])) * f.width;
  const y = p[1];
  if (y === null || y === undefined) return [px, f.top + f.height];
  const py = f.y ? f.top + ((f.y[1] - y) / (f.y[1] - f.y[0])) * f.height : f.top + f.height / 2;
  return [px, py];
}

function mapClick(ev) {
  if (!frame || !frame.x || !isFinite(frame.width)) return;
  const ov = $('overlay');
  const pt = ov.createSVGPoint();
  pt.x = ev.clientX; pt.y = ev.clientY;
  const p = pt.matrixTransform(ov.getScreenCTM().inverse());
  const fx = (p.x - frame.left) / frame.width;
  const fy = (p.y - frame.top) / frame.height;
  if (fx < 0 || fx > 1 || fy < 0 || fy > 1) return;
  const x = frame.x[0] + fx * (frame.x[1] - frame.x[0]);
  const round = (v, span) => +v.toFixed(Math.max(0, 3 - Math.floor(Math.log10(Math.abs(span) || 1))));
  const axes = mapVars();
  const coords = [round(x, frame.x[1] - frame.x[0])];
  if (axes.length === 2 && frame.y) coords.push(round(frame.y[1] - fy * (frame.y[1] - frame.y[0]), frame.y[1] - frame.y[0]));
  // The map's variables where clicked, the held ones at their values.
  const held = heldValues();
  const point = state.vars.map((v) => `${v}=${axes.includes(v) ? coords[axes.indexOf(v)] ?? 0 : held[v] ?? 0}`).join(',');
  // Keep the view: the box becomes explicit, so running the methods does not move the map.
  if (!state.box) {
    state.box = [frame.x, frame.y].slice(0, axes.length).map((r) => `${num(r[0], 6)}..${num(r[1], 6)}`).join(',');
    $('box').value = state.box;
  }
  state.from = state.at = point;
  $('start').value = $('check-at').value = point;
  saveUrl();
  runCheck();
  runMethods();
}

function zoom(factor, center) {
  if (!frame || !frame.x) return;
  const span = (r, c) => [c - (c - r[0]) * factor, c + (r[1] - c) * factor];
  const cx = center ? center[0] : (frame.x[0] + frame.x[1]) / 2;
  const parts = [span(frame.x, cx)];
  if (mapVars().length === 2 && frame.y) parts.push(span(frame.y, center ? center[1] : (frame.y[0] + frame.y[1]) / 2));
  state.box = parts.map((r) => `${num(r[0], 4)}..${num(r[1], 4)}`).join(',');
  $('box').value = state.box;
  saveUrl();
  drawMap();
}

// ---------------------------------------------------------------- runs, overlay, player
let runsShown = []; // [{label, color, spec, report, points: [[x(,y)]], iters: [], values: []}]
let step = 0, maxStep = 0, playing = false, runSeq = 0;

function pathOf(report, dim) {
  const p = report.path || {};
  const pts = [];
  const flat = p.points || [];
  const d = p.dim || dim;
  if (Array.isArray(flat[0])) flat.forEach((q) => pts.push(q));
  else for (let k = 0; k + d <= flat.length; k += d) pts.push(flat.slice(k, k + d));
  const iters = (p.iterations || pts.map((_, k) => k)).slice();
  const values = (p.values || []).slice();
  if (report.point && (iters.length === 0 || iters[iters.length - 1] !== report.iterations)) {
    pts.push(report.point); iters.push(report.iterations); values.push(report.value);
  }
  return { points: pts, iters, values };
}

async function runMethods() {
  const seq = ++runSeq;
  const rs = $('run-status');
  if (!state.runs.length) { setStatus(rs, 'error', t("page-add-method-first")); return; }
  if (!state.from) { setStatus(rs, 'error', t("page-click-map-first")); return; }
  const count = state.runs.length;
  setStatus(rs, 'busy', count > 1 ? t("page-running-other", { count }) : t("page-running-one", { count }));
  $('run').disabled = true;
  const every = Math.max(1, Math.ceil(state.iters / 1500));
  const r = await api('min', state.formula, { from: state.from, compare: specOf(state.runs), iters: state.iters, stall: state.stall, trace: every });
  if (seq !== runSeq) return;
  $('run').disabled = false;
  if (!r.ok) { setStatus(rs, 'error', r.message); runsShown = []; drawOverlay(); renderLegend(); drawChart(); return; }
  const dim = (r.data.vars || state.vars).length;
  usedSettings = (r.data.runs || []).map((run) => ({ method: run.method, settings: run.settings || {} }));
  placeDefaults();
  runsShown = (r.data.runs || []).map((run, i) => {
    const spec = state.runs[i] || { method: run.method, settings: {} };
    return { label: runLabel(spec), color: COLORS[i % COLORS.length], spec, report: run, kind: run.classification && run.classification.kind, ...pathOf(run, dim) };
  });
  maxStep = Math.max(0, ...runsShown.map((x) => x.iters[x.iters.length - 1] || 0));
  const runs = { count: runsShown.length, start: tuple(r.data.start || []) };
  setStatus(rs, 'ok', (runsShown.length > 1 ? t("page-runs-from-other", runs) : t("page-runs-from-one", runs)) +
    ((r.warnings || []).length ? '\n' + r.warnings.join('\n') : ''));
  $('step').max = maxStep;
  setStep(maxStep);
  renderLegend();
  drawChart();
  if (!state.box) { autoBox = boxAround(); drawMap(); }
  renderLesson();
}

/** The box around the start and every recorded point (finite, not diverged), padded by 15%. */
function boxAround() {
  const dim = mapVars().length;
  const pts = runsShown.flatMap((r) => r.points).map(project).filter((p) => p.every((v) => isFinite(v) && Math.abs(v) < 1e6));
  const start = pointOf(state.from);
  if (start) pts.push(mapVars().map((v) => start[v]));
  if (!pts.length || dim < 1 || dim > 2) return '';
  const parts = [];
  for (let k = 0; k < dim; k++) {
    let lo = Math.min(...pts.map((p) => p[k])), hi = Math.max(...pts.map((p) => p[k]));
    const pad = Math.max((hi - lo) * 0.15, 0.5 * Math.max(1e-3, Math.abs(hi - lo) < 1e-12 ? Math.abs(lo) || 1 : 0));
    lo -= pad; hi += pad;
    parts.push(`${num(lo, 4)}..${num(hi, 4)}`);
  }
  return parts.join(',');
}

function setStep(s) {
  step = Math.max(0, Math.min(maxStep, Math.round(s)));
  $('step').value = step;
  $('step-count').textContent = t("page-step-count", { step, max: maxStep });
  drawOverlay();
}

function drawOverlay() {
  const ov = $('overlay');
  ov.replaceChildren();
  // The legend is beside the picture (layout.js), never over the start or the paths.
  renderMapLegend(runsShown);
  if (!frame || !frame.x || !isFinite(frame.width)) return;
  const one = mapVars().length === 1;
  // The paths projected on the map's variables; their values are the full runs'.
  const at = (p, v) => toPx(one ? [project(p)[0], v] : project(p));
  const clip = svg('clipPath', { id: 'plot-area' });
  clip.append(svg('rect', { x: frame.left, y: frame.top, width: frame.width, height: frame.height }));
  ov.append(clip);
  const g = svg('g', { 'clip-path': 'url(#plot-area)' });
  ov.append(g);
  const start = pointOf(state.from);
  if (start) {
    const s = mapVars().map((v) => start[v]);
    if (s.every(isFinite)) {
      const [px, py] = toPx(one ? [s[0], null] : s);
      if (isFinite(px) && isFinite(py)) ov.append(svg('circle', { cx: px, cy: py, r: 6, fill: 'none', stroke: '#111', 'stroke-width': 2, 'data-testid': 'start-marker' }));
    }
  }
  runsShown.forEach((run, i) => {
    const pts = [];
    for (let k = 0; k < run.points.length && run.iters[k] <= step; k++) {
      const q = at(run.points[k], run.values[k]);
      if (isFinite(q[0]) && isFinite(q[1]) && Math.abs(q[0]) < 1e6 && Math.abs(q[1]) < 1e6) pts.push(q);
    }
    if (!pts.length) return;
    g.append(svg('polyline', { points: pts.map((q) => q.join(',')).join(' '), fill: 'none', stroke: run.color, 'stroke-width': 2.5,
      'stroke-dasharray': dashOf(i), 'stroke-linejoin': 'round', opacity: 0.9 }));
    const last = pts[pts.length - 1];
    g.append(svg('circle', { cx: last[0], cy: last[1], r: 4.5, fill: run.color, stroke: '#fff', 'stroke-width': 1.5 }));
  });
}

function renderLegend() {
  const tb = $('legend');
  tb.replaceChildren();
  if (!runsShown.length) return;
  tb.append(el('tr', {}, ...['', t("page-legend-method"), t("page-legend-iterations"), 'f', t("page-legend-final"), t("page-legend-stop")].map((h) => el('th', { text: h }))));
  runsShown.forEach((run, i) => {
    const rep = run.report;
    const reason = rep.stop ? word(rep.stop.reason) : '';
    const stop = rep.stop ? (rep.stop.iteration != null ? t("page-legend-stop-at", { reason, iteration: rep.stop.iteration }) : reason) : '';
    tb.append(el('tr', { 'data-testid': 'legend-row', 'data-method': run.spec.method, 'data-final': JSON.stringify(rep.point), 'data-f': String(rep.value) },
      el('td', {}, seriesSample(i)),
      el('td', { class: 'num', text: run.label }), el('td', { class: 'num', text: String(rep.iterations) }),
      el('td', { class: 'num', text: num(rep.value) }), el('td', { class: 'num', 'data-testid': `final-${i}`, text: tuple(rep.point, 9) }),
      el('td', { text: stop + (run.kind ? ` (${word(run.kind)})` : '') })));
  });
}

function togglePlay() {
  playing = !playing;
  $('play').setAttribute('aria-label', playing ? t("page-pause") : t("page-play"));
  $('play-icon').setAttribute('d', playing ? 'M3 2h4v12H3zM9 2h4v12H9z' : 'M4 2l10 6-10 6z');
  if (playing && step >= maxStep) setStep(0);
  let last = performance.now();
  const tick = (now) => {
    if (!playing) return;
    // About six seconds from start to end, whatever the number of iterations.
    const inc = Math.max(1, (maxStep * (now - last)) / 6000);
    last = now;
    setStep(step + inc);
    if (step >= maxStep) { togglePlay(); return; }
    requestAnimationFrame(tick);
  };
  if (playing) requestAnimationFrame(tick);
}

// ---------------------------------------------------------------- charts
/** A line chart into an SVG: series [{color, xs, ys, dash}], log-scaled y; marks [{x, y, color,
 * label, below}]. No text leaves the SVG or overlaps another: tick labels are moved inside and
 * thinned (the first and last kept first), a mark's label takes the first free spot around it. */
function lineChart(node, series, opts) {
  node.replaceChildren();
  const W = node.clientWidth || 600, H = node.clientHeight || 220;
  node.setAttribute('viewBox', `0 0 ${W} ${H}`);
  const L = 54, R = 10, T = 10, B = 28;
  const text = (attrs, words) => { const e = node.appendChild(svg('text', attrs)); e.textContent = words; return e; };
  const pts = series.flatMap((s) => s.xs.map((x, k) => [x, s.ys[k]])).filter(([x, y]) => isFinite(x) && isFinite(y) && (!opts.logX || x > 0) && y > 0);
  if (!pts.length) { text({ x: W / 2, y: H / 2, 'text-anchor': 'middle' }, opts.empty || t("page-nothing-to-show")); return; }
  const fx = opts.logX ? Math.log10 : (v) => v;
  let [x0, x1] = [Math.min(...pts.map((p) => fx(p[0]))), Math.max(...pts.map((p) => fx(p[0])))];
  let [y0, y1] = [Math.min(...pts.map((p) => Math.log10(p[1]))), Math.max(...pts.map((p) => Math.log10(p[1])))];
  if (x1 === x0) x1 = x0 + 1;
  if (y1 - y0 < 1) { y0 = Math.floor(y0); y1 = y0 + 1; }
  y0 = Math.floor(y0); y1 = Math.ceil(y1);
  const X = (v) => (opts.flipX ? W - R - ((fx(v) - x0) / (x1 - x0)) * (W - L - R) : L + ((fx(v) - x0) / (x1 - x0)) * (W - L - R));
  const Y = (v) => T + ((y1 - Math.log10(v)) / (y1 - y0)) * (H - T - B);
  const words = new TextLayout(W, H);
  const stride = Math.ceil((y1 - y0) / 6);
  for (let e = y0; e <= y1; e += stride) {
    node.append(svg('line', { x1: L, x2: W - R, y1: Y(10 ** e), y2: Y(10 ** e), class: 'gridline' }));
    words.fit(text({ x: L - 6, y: Y(10 ** e) + 4, 'text-anchor': 'end', class: 'tick' }, `1e${e}`));
  }
  node.append(svg('line', { x1: L, x2: L, y1: T, y2: H - B, class: 'axis' }));
  node.append(svg('line', { x1: L, x2: W - R, y1: H - B, y2: H - B, class: 'axis' }));
  if (opts.yLabel) words.fit(text({ x: L + 4, y: T + 10 }, opts.yLabel));
  if (opts.xLabel) words.fit(text({ x: W - R, y: H - B - 4, 'text-anchor': 'end' }, opts.xLabel));
  // The first and last ticks first, then the others where they leave room.
  const ticks = (opts.xTicks || []).slice();
  const order = ticks.length > 1 ? [ticks[0], ticks[ticks.length - 1], ...ticks.slice(1, -1)] : ticks;
  for (const [v, label] of order) words.fit(text({ x: X(v), y: H - 8, 'text-anchor': 'middle', class: 'tick' }, label));
  for (const s of series) {
    const p = s.xs.map((x, k) => [x, s.ys[k]]).filter(([x, y]) => isFinite(x) && isFinite(y) && y > 0 && (!opts.logX || x > 0));
    if (p.length) node.append(svg('polyline', { points: p.map(([x, y]) => `${X(x)},${Y(y)}`).join(' '), fill: 'none', stroke: s.color, 'stroke-width': 2, 'stroke-dasharray': s.dash || '' }));
  }
  const area = { x: L + 2, y: T, w: W - L - R - 2, h: H - T - B - 2 };
  for (const m of opts.marks || []) {
    if (!(m.y > 0)) continue;
    const [cx, cy] = [X(m.x), Y(m.y)];
    const c = node.appendChild(svg('circle', { cx, cy, r: 5, fill: 'none', stroke: m.color, 'stroke-width': 2, 'data-testid': m.testid || '' }));
    c.append(svg('title'));
    c.firstChild.textContent = m.label;
    const above = [[cx + 7, cy - 7, 'start'], [cx - 7, cy - 7, 'end'], [cx, cy - 10, 'middle']];
    const below = [[cx + 7, cy + 16, 'start'], [cx - 7, cy + 16, 'end'], [cx, cy + 19, 'middle']];
    words.place(text({ fill: m.color, class: 'mark' }, m.label), m.below ? below.concat(above) : above.concat(below), area);
  }
}

function drawChart() {
  const all = runsShown.flatMap((r) => r.values).filter(isFinite);
  const min = Math.min(...all);
  const shift = min <= 0 ? min - Math.max(1e-12, Math.abs(min) * 1e-12) : 0;
  lineChart($('chart'), runsShown.map((r, i) => ({ color: r.color, dash: dashOf(i), xs: r.iters, ys: r.values.map((v) => v - shift) })), {
    xLabel: t("page-chart-iteration"), yLabel: shift ? `f − (${num(shift, 4)})` : 'f', empty: t("page-chart-empty"),
    xTicks: maxStep ? [0, 0.25, 0.5, 0.75, 1].map((q) => [Math.round(q * maxStep), String(Math.round(q * maxStep))]) : [],
  });
}

// ---------------------------------------------------------------- gradient check
let checkSeq = 0;
const verdictText = (v) => (v ? word(String(v.kind || v)) : '—');

async function runCheck() {
  const seq = ++checkSeq;
  const cs = $('check-status');
  state.at = $('check-at').value.trim();
  state.f32 = $('f32').checked;
  saveUrl();
  if (!state.at) { setStatus(cs, '', t("page-check-prompt")); return; }
  setStatus(cs, 'busy', t("page-checking"));
  const precision = state.f32 ? 'f32' : 'f64';
  const [r, sw] = await Promise.all([
    api('check', state.formula, { at: state.at, precision }),
    api('check', state.formula, { at: state.at, precision, sweep: true }),
  ]);
  if (seq !== checkSeq) return;
  const tb = $('check-table');
  tb.replaceChildren();
  if (!r.ok) { setStatus(cs, 'error', r.message); } else {
    const d = r.data;
    // One point: one row per variable, each with the point and the value there.
    const rows = d.rows || [];
    const pt = rows[0];
    const s = d.counts || {};
    const passed = d.verdict && d.verdict.kind === 'agrees';
    const said = { precision, agree: s.agree || 0, total: s.partials || 0 };
    if (pt) Object.assign(said, { point: tuple(pt.point, 8), value: num(pt.value, 10) });
    // A failed check's reason is the library's sentence, on the status line (not only in a
    // column that may be scrolled out of view).
    const why = !passed && d.verdict && d.verdict.sentence ? '\n' + d.verdict.sentence : '';
    setStatus(cs, passed ? 'ok' : 'error', (pt ? (passed ? t("page-check-agrees-at", said) : t("page-check-failed-at", said))
      : (passed ? t("page-check-agrees", said) : t("page-check-failed", said))) + why);
    tb.append(el('tr', {}, ...[t("page-col-variable"), t("page-col-exact"), t("page-col-central"), t("page-col-step"), t("page-col-abs-error"),
      t("page-col-rel-error"), t("page-col-verdict")].map((h) => el('th', { text: h }))));
    for (const p of rows) {
      const ok = p.outcome === 'agrees';
      tb.append(el('tr', { 'data-testid': `check-row-${p.var}` }, el('td', { text: p.var }), el('td', { class: 'num', text: num(p.exact, 16) }),
        el('td', { class: 'num', text: num(p.estimate, 16) }), el('td', { class: 'num', text: num(p.step, 3) }),
        el('td', { class: 'num', text: num(p.abs_error, 3) }), el('td', { class: 'num', text: num(p.rel_error, 3) }),
        el('td', { class: ok ? 'verdict-ok' : 'verdict-bad', text: verdictText(p.outcome) })));
    }
  }
  // Where f is undefined the sweep has no V to draw: the library's verdict says why.
  const sv = sw.ok && sw.data && sw.data.verdict;
  if (sv && sv.kind !== 'computed') {
    const node = $('sweep-chart');
    node.replaceChildren();
    $('sweep-var').textContent = '';
    const W = node.clientWidth || 600;
    const words = svg('text', { x: W / 2, y: 30, 'text-anchor': 'middle', 'data-testid': 'sweep-verdict' });
    // Wrapped to the chart's width (about 7 px a character).
    const per = Math.max(20, Math.floor(W / 7.5)), lines = [''];
    // Words (a run without spaces, as Chinese, in pieces of half a line: wide characters).
    const pieces = sv.sentence.split(/(?<=\s)/).flatMap((w) => (w.length > per / 2 ? w.match(new RegExp(`.{1,${Math.floor(per / 2)}}`, 'gu')) : [w]));
    for (const w of pieces) {
      if ((lines[lines.length - 1] + w).length > per && lines[lines.length - 1]) lines.push('');
      lines[lines.length - 1] += w;
    }
    lines.forEach((line, k) => { const ts = svg('tspan', { x: W / 2, dy: k ? 18 : 0 }); ts.textContent = line.trim(); words.append(ts); });
    node.append(words);
    $('sweep-chart').dataset.verdict = sv.kind;
    const said = $('check-status').textContent;
    if (!said.includes(sv.sentence)) setStatus(cs, 'error', (said ? said + '\n' : '') + sv.sentence);
  } else {
    $('sweep-chart').dataset.verdict = sv ? sv.kind : '';
    drawSweep(sw);
  }
  renderLesson();
}

function drawSweep(sw) {
  const node = $('sweep-chart');
  if (!sw.ok) {
    node.replaceChildren();
    $('sweep-var').textContent = '';
    setStatus($('check-status'), 'error', ($('check-status').textContent ? $('check-status').textContent + '\n' : '') + t("page-sweep-error", { message: sw.message }));
    return;
  }
  const d = sw.data;
  // The variable whose partial is largest in size (the most instructive V).
  const col = (d.columns || []).reduce((a, c) => (!a || Math.abs(c.exact) > Math.abs(a.exact) ? c : a), null);
  if (!col) { node.replaceChildren(); return; }
  $('sweep-var').textContent = t("page-sweep-var", { var: col.var, exact: num(col.exact, 10), precision: (d.settings || {}).precision });
  const steps = d.steps;
  const marks = [];
  if (col.best_central !== undefined) marks.push({ x: steps[col.best_central], y: col.central[col.best_central], color: COLORS[0], label: t("page-best-central", { h: num(steps[col.best_central], 2) }), testid: 'best-central' });
  if (col.best_forward !== undefined) marks.push({ x: steps[col.best_forward], y: col.forward[col.best_forward], color: COLORS[1], label: t("page-best-forward"), testid: 'best-forward', below: true });
  lineChart(node, [{ color: COLORS[1], xs: steps, ys: col.forward, dash: '5 3' }, { color: COLORS[0], xs: steps, ys: col.central }], {
    logX: true, flipX: true, xLabel: t("page-sweep-x"), yLabel: t("page-sweep-y"), marks,
    xTicks: steps.filter((_, k) => k % 3 === 0).map((h) => [h, num(h, 1)]), empty: t("page-sweep-exact"),
  });
}

// ---------------------------------------------------------------- hand-derived partials
function renderHand() {
  const box = $('hand');
  box.replaceChildren();
  state.vars.forEach((v, i) => {
    const id = `hand-${v}`;
    const input = el('input', { type: 'text', id, 'data-testid': id, spellcheck: 'false', value: state.hand[i] || '', placeholder: t("page-hand-placeholder", { var: v }) });
    input.addEventListener('change', () => { state.hand[i] = input.value; saveUrl(); });
    box.append(el('label', { for: id }, `∂f/∂${v} =`, input));
  });
}

function diagnosisText(d, v) {
  if (!d) return '';
  switch (d.kind) {
    case 'opposite_sign': return t("page-diag-opposite-sign");
    case 'factor': return t("page-diag-factor", { factor: num(d.factor) });
    case 'swapped': return t("page-diag-swapped", { with: d.with, var: v });
    case 'offset': return t("page-diag-offset", { offset: num(d.offset) });
    default: return String(d.kind).replace(/_/g, ' ');
  }
}

// The last hand check's rows, for the lessons that quote them (formula and exact partials).
let handShown = null;
let handSeq = 0;

/** The box the hand check draws its random points from: the map's (the box typed, or the one
 * drawn), by name; a held variable ranges one unit (or its size) either side of its value. */
function handBox() {
  if (state.box && state.vars.length <= 2) return state.box;
  if (!frame || !frame.x) return '';
  const axes = mapVars();
  const ranges = Object.fromEntries([frame.x, frame.y].slice(0, axes.length).map((r, k) => [axes[k], r]));
  for (const [v, x] of Object.entries(heldValues())) { const w = Math.max(1, Math.abs(x)); ranges[v] = [x - w, x + w]; }
  return state.vars.map((v) => `${v}=${num(ranges[v][0], 4)}..${num(ranges[v][1], 4)}`).join(',');
}

async function checkHand() {
  const out = $('diagnosis');
  const seq = ++handSeq;
  state.hand = state.vars.map((v) => ($(`hand-${v}`) || {}).value || '');
  saveUrl();
  handShown = null;
  if (state.hand.some((h) => !h.trim())) { setStatus(out, 'error', t("page-hand-missing")); return; }
  setStatus(out, 'busy', t("page-hand-comparing"));
  const r = await api('check', state.formula, { grad: state.hand.join('; '), box: handBox(), at: state.at });
  if (seq !== handSeq) return;
  if (!r.ok) { setStatus(out, 'error', r.message); return; }
  const d = r.data;
  setStatus(out, '', '');
  out.className = 'diagnosis';
  const passed = d.verdict && d.verdict.kind === 'agrees';
  out.append(el('p', { class: passed ? 'verdict-ok' : 'verdict-bad', 'data-testid': 'hand-verdict', text: passed ? t("page-hand-agree") : t("page-hand-disagree") }));
  // The answer's own sentence, in the language the request asked for.
  if (d.verdict && d.verdict.sentence) out.append(el('p', { class: 'hint', 'data-testid': 'hand-sentence', text: d.verdict.sentence }));
  for (const c of d.rows || []) {
    const bad = c.outcome !== 'agrees';
    const w = c.worst || {};
    out.append(el('div', { class: 'var ' + (bad ? 'disagrees' : 'agrees'), 'data-testid': `hand-result-${c.var}` },
      el('div', {}, el('b', { text: `∂f/∂${c.var}: ` }), word(c.outcome),
        bad ? ' ' + t("page-hand-at-points", { n: c.n_disagreeing, total: c.n_compared }) : ''),
      c.diagnosis ? el('div', { 'data-testid': `diagnosis-${c.var}`, class: 'verdict-bad', text: diagnosisText(c.diagnosis, c.var) }) : null,
      bad && w.point ? el('div', { class: 'hint', text: t("page-hand-worst", { point: tuple(w.point), exact: num(w.exact, 10), hand: num(w.hand, 10) }) }) : null,
      bad ? el('div', { class: 'hint', 'data-testid': `hand-exact-${c.var}`, text: t("page-hand-exact", { formula: c.exact_formula }) }) : null));
  }
  handShown = d.rows || [];
  renderLesson();
}

// ---------------------------------------------------------------- lessons
// The book's experiments (seed table of the repository's tests): what it prints, and the run that
// reproduces it. Words come from the catalogs (lessons.ftl), numbers from the book or from the
// page's own results. `book` rows: [label (text, or a function giving the words), printed, source]
// where the source is a run's index, 'check' (the check table's exact partials) or 'hand' (the
// exact partials of the last hand check). `errata`: what the book's listing or print gets wrong.
const LESSONS = {
  beale: {
    title: () => t("lesson-beale-title"), formula: BEALE, from: 'x=3,y=4', box: '-4.5..4.5,-4.5..4.5',
    methods: 'gd:lr=5e-6,momentum:lr=5e-6:momentum=0.8,adagrad:lr=0.1:eps=1e-8,adadelta:lr=1:rho=0.9:eps=1e-8:init_acc=1,rmsprop:lr=5e-6:alpha=0.99999999999:eps=1e-8:init_acc=1,adam:lr=0.001:beta1=0.9:beta2=0.8:iters=100000',
    iters: 300000, stall: 0,
    text: () => t("lesson-beale-text"),
    errata: () => t("lesson-beale-errata"),
    book: [['gd', '[2.70735828 0.41689171]', 0], ['momentum', '[2.96324633 0.49067782]', 1], ['adagrad', '[-0.69240717 1.76233766]', 2],
      [() => t("lesson-beale-adadelta"), '[2.9386002 0.45044889]', 3], [() => t("lesson-beale-rmsprop"), '[2.70162562 0.41500366]', 4],
      [() => t("lesson-beale-adam"), '[2.999999653 0.50000329]', 5]],
  },
  settings: {
    title: () => t("lesson-settings-title"), formula: BEALE, from: 'x=3,y=4', box: '-4.5..4.5,-4.5..4.5',
    methods: 'rmsprop:lr=5e-6:alpha=0.9999999999:eps=1e-8:init_acc=1,rmsprop:lr=5e-6:alpha=0.99999999999:eps=1e-8:init_acc=1,' +
      'rmsprop:lr=5e-6:alpha=0.99999999999:eps=1e-8:init_acc=1:iters=900000,adadelta:lr=1:rho=0.9:eps=1e-8,adadelta:lr=1:rho=0.9:eps=1e-8:init_acc=1',
    iters: 300000, stall: 0,
    text: () => t("lesson-settings-text"),
    errata: () => t("lesson-settings-errata"),
    book: [[() => t("lesson-settings-rmsprop-ten"), '[2.70162562 0.41500366]', 0], [() => t("lesson-settings-rmsprop-eleven"), '[2.70162562 0.41500366]', 1],
      [() => t("lesson-settings-rmsprop-long"), '[2.9082809 0.47616156]', 2], [() => t("lesson-settings-adadelta-zero"), '[2.9386002 0.45044889]', 3],
      [() => t("lesson-settings-adadelta-one"), '[2.9386002 0.45044889]', 4]],
  },
  cubic: {
    title: () => t("lesson-cubic-title"), formula: 'x^3 - 3x^2 - 9x + 2', from: 'x=1', box: '-3..4',
    methods: 'gd:lr=0.01', iters: 200, stall: 0,
    text: () => t("lesson-cubic-text"),
    book: [[() => t("lesson-cubic-row"), '2.999999999256501', 0]],
  },
  'learning-rate': {
    title: () => t("lesson-lr-title"), formula: 'x^2', from: 'x=-1', box: '-1.2..1.2',
    methods: 'gd:lr=0.1,gd:lr=0.3,gd:lr=0.9,gd:lr=0.99', iters: 10, stall: 0,
    text: () => t("lesson-lr-text"),
    header: () => t("lesson-lr-header"),
    book: [0.1, 0.3, 0.9, 0.99].map((lr, k) => [`lr ${lr}`, short(-((1 - 2 * lr) ** 10), 12), k]),
  },
  decay: {
    title: () => t("lesson-decay-title"), formula: 'x^2', from: 'x=-1', box: '-1.2..1.2',
    methods: 'gd:lr=0.3,gd:lr=0.3:decay=0.01,gd:lr=0.3:decay=0.5,gd:lr=0.3:decay=0.9', iters: 10, stall: 0,
    text: () => t("lesson-decay-text"),
    book: [0, 0.01, 0.5, 0.9].map((dc, k) => {
      let x = -1;
      for (let i = 0; i < 10; i++) x *= 1 - (2 * 0.3) / (1 + dc * i);
      return [`decay ${dc}`, short(x, 12), k];
    }),
    header: () => t("lesson-decay-header"),
  },
  'line-fit': {
    title: () => t("lesson-line-title"), formula: '(w*(-1) + b - (-3))^2', from: 'w=3,b=1', box: '2..5,-1..2',
    methods: 'gd:lr=0.5', iters: 1, stall: 0, at: 'w=3,b=1',
    text: () => t("lesson-line-text"),
    header: () => t("lesson-col-article"),
    book: [[() => t("lesson-line-step"), '(4, 0)', 0], [() => t("lesson-line-partials"), '-2, 2', 'check']],
  },
  article: {
    title: () => t("lesson-article-title"), formula: 'x^3 + x^2 + x', from: 'x=-1', box: '-2.5..1.5',
    methods: '', iters: 10, stall: 0, at: 'x=-1', hand: ['3x + 2x + 1'], autoHand: true,
    text: () => t("lesson-article-text"),
    header: () => t("lesson-col-article"),
    errata: () => t("lesson-article-errata"),
    book: [[() => t("lesson-article-formula"), '3x + 2x + 1', 'hand'], [() => t("lesson-article-at"), '-1', 'check']],
  },
  'gradient-check': {
    title: () => t("lesson-check-title"), formula: '(1/16)*x^2 + 9*y^2', from: 'x=2,y=3', box: '-4..4,-4..4',
    methods: 'gd:lr=0.05', iters: 200, stall: 0, at: 'x=2,y=3',
    hand: ['x/8', '-18*y'],
    text: () => t("lesson-check-text"),
    book: [[() => t("lesson-check-row"), '[0.25 54.]', 'check']],
  },
  sgd: {
    title: () => t("lesson-sgd-title"), formula: '(1/16)*x^2 + 9*y^2', from: 'x=-2.4,y=0.2', box: '-3..3,-1..1',
    methods: 'gd:lr=0.1:iters=100,gd:lr=0.1,momentum:lr=0.1:momentum=0.8', iters: 1000, stall: 0,
    text: () => t("lesson-sgd-text"),
    errata: () => t("lesson-sgd-errata"),
    book: [[() => t("lesson-sgd-hundred"), '[-8.26638332e-06 2.46046384e-98]', 0], [() => t("lesson-sgd-thousand"), '[-8.26638332e-06 2.46046384e-98]', 1],
      [() => t("lesson-sgd-momentum"), '[-1.49829905e-08 -4.74284398e-10]', 2]],
  },
};

function loadLesson(id) {
  const L = LESSONS[id];
  if (!L) return;
  $('lesson-select').value = id;
  Object.assign(state, { lesson: id, formula: L.formula, from: L.from, box: L.box || '', iters: L.iters, stall: L.stall, at: L.at || L.from, hand: L.hand || [] });
  state.runs = parseSpec(L.methods);
  runsShown = [];
  handShown = null;
  syncInputs();
  saveUrl();
  renderMethods();
  renderLegend();
  renderLesson();
  parseFormula().then((ok) => {
    if (!ok) return;
    renderHand();
    drawMap();
    if (state.runs.length) runMethods();
    runCheck();
    if (L.autoHand) checkHand();
  });
}

/** The significant digits of each number printed in `text` (`[2.70735828 0.41689171]`: 9, 8). */
function printedDigits(text) {
  return (String(text).match(/\d[\d.]*(?:e[-+]?\d+)?/gi) || []).map((n) => {
    const digits = n.replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '');
    return Math.max(1, digits.length);
  });
}

function renderLesson() {
  const box = $('lesson');
  const L = LESSONS[state.lesson];
  if (!L) return;
  box.replaceChildren(el('p', {}, el('b', { 'data-testid': 'lesson-title', text: L.title() })), el('p', { class: 'hint', 'data-testid': 'lesson-text', text: L.text() }));
  if (L.errata) {
    const head = t("lesson-erratum");
    box.append(el('p', { class: 'erratum', 'data-testid': 'lesson-erratum' }, el('b', { text: head + (/[：:]$/.test(head) && LANG !== 'en' ? '' : ' ') }), L.errata()));
  }
  const tb = el('table', { 'data-testid': 'book-numbers' }, el('tr', {}, el('th', { text: t("lesson-col-run") }),
    el('th', { text: L.header ? L.header() : t("lesson-col-book") }), el('th', { text: t("lesson-col-nabla") })));
  for (const [label, printed, src] of L.book) {
    let mine = '…';
    if (typeof src === 'number' && runsShown[src]) {
      // nabla's numbers at the printed precision (at least 6 digits), in their shortest form.
      const x = runsShown[src].report.point;
      const d = printedDigits(printed);
      const at = (k) => short(x[k], Math.max(6, d[Math.min(k, d.length - 1)] || 12));
      mine = x.length === 1 ? at(0) : '(' + x.map((_, k) => at(k)).join(', ') + ')';
    } else if (src === 'check') {
      const cells = [...document.querySelectorAll('#check-table tr[data-testid^=check-row] td:nth-child(2)')].map((c) => c.textContent);
      mine = cells.length ? cells.join(', ') : '…';
    } else if (src === 'hand') {
      mine = handShown && handShown.length ? handShown.map((c) => c.exact_formula).join(', ') : '…';
    }
    tb.append(el('tr', { 'data-testid': 'book-row' }, el('td', { text: typeof label === 'function' ? label() : label }),
      el('td', { class: 'num', 'data-testid': 'book-printed', text: printed }), el('td', { class: 'num', 'data-testid': 'book-nabla', text: mine })));
  }
  box.append(tb);
}

// ---------------------------------------------------------------- fitting
// Sample data sets: the CSV text, the model, its parameters and start, and reference values
// from an independent source, shown beside nabla's while the sample is unchanged.
const FIT_SAMPLES = {
  misra1a: {
    title: () => t("page-fit-sample-misra1a"),
    // NIST's file tests/data/strd/Misra1a.dat, data lines 61 to 74 (columns y x there), as x,y.
    data: 'x,y\n77.6E0,10.07E0\n114.9E0,14.73E0\n141.1E0,17.94E0\n190.8E0,23.93E0\n239.9E0,29.61E0\n289.0E0,35.18E0\n' +
      '332.8E0,40.02E0\n378.4E0,44.82E0\n434.8E0,50.76E0\n477.3E0,55.05E0\n536.8E0,61.01E0\n593.1E0,66.40E0\n689.1E0,75.47E0\n760.0E0,81.78E0\n',
    model: 'b1*(1-exp(-b2*x))', params: 'b1,b2', init: 'b1=500,b2=1e-4',
    reference: () => t("page-fit-ref-nist"),
    // Misra1a.dat lines 41 to 47: the certified parameters and their standard deviations.
    values: { b1: ['2.3894212918E+02', '2.7070075241E+00'], b2: ['5.5015643181E-04', '7.2668688436E-06'] },
  },
  line: {
    title: () => t("page-fit-sample-line"),
    data: 'x,y\n-1,-3\n0,0\n1,1\n',
    model: 'w*x + b', params: 'w,b', init: 'w=3,b=1',
    reference: () => t("page-fit-ref-closed"),
    // Least squares: w = Σxy/Σx² = 2, b = mean y = −2/3; RSS = 2/3 on 1 degree of freedom, so
    // s² = 2/3, se(w) = sqrt(s²/Σx²) = 1/√3, se(b) = sqrt(s²/n) = √2/3.
    values: { w: ['2', String(1 / Math.sqrt(3))], b: [String(-2 / 3), String(Math.sqrt(2) / 3)] },
  },
};
const FIT_INPUTS = { fitModel: 'fit-model', fitParams: 'fit-params', fitInit: 'fit-init', fitTarget: 'fit-target', fitSigma: 'fit-sigma', fitMethod: 'fit-method', fitEpochs: 'fit-epochs', fitLr: 'fit-lr', fitBatch: 'fit-batch' };
let fitSeq = 0;

/** The panel's state for the tests and the styles: empty, waiting, busy, done or error. */
function setFitState(kind) { $('fit-panel').dataset.state = kind; }

/** Clears the results: none are shown that do not belong to the inputs in the boxes. */
function clearFit(message) {
  fitSeq++;
  for (const id of ['fit-verdict', 'fit-table', 'fit-stats', 'fit-corr', 'fit-notes', 'fit-residuals']) $(id).replaceChildren();
  $('fit-corr-head').hidden = true;
  setStatus($('fit-status'), message ? 'busy' : '', message || '');
  setFitState(message ? 'waiting' : 'empty');
}

function readFitInputs() {
  for (const [k, id] of Object.entries(FIT_INPUTS)) state[k] = $(id).value.trim();
  state.fitAbs = $('fit-abs').checked;
}

function syncFitInputs() {
  for (const [k, id] of Object.entries(FIT_INPUTS)) $(id).value = state[k] || '';
  $('fit-abs').checked = state.fitAbs;
  $('fit-sample').value = FIT_SAMPLES[state.fitSample] ? state.fitSample : '';
}

function loadFitSample(id) {
  const S = FIT_SAMPLES[id];
  if (!S) return;
  Object.assign(state, { fitSample: id, fitModel: S.model, fitParams: S.params, fitInit: S.init, fitTarget: '', fitSigma: '', fitAbs: false, fitMethod: '', fitEpochs: '', fitLr: '', fitBatch: '' });
  $('fit-data').value = S.data;
  syncFitInputs();
  saveUrl();
  clearFit(t("page-fit-waiting-sample"));
}

/** A change of any input: the results shown belonged to the old inputs, so they go. */
function fitInputChanged() {
  readFitInputs();
  // Edited data is no longer the sample.
  const S = FIT_SAMPLES[state.fitSample];
  if (S && $('fit-data').value !== S.data) state.fitSample = '';
  $('fit-sample').value = FIT_SAMPLES[state.fitSample] ? state.fitSample : '';
  saveUrl();
  if ($('fit-panel').dataset.state !== 'empty' || $('fit-data').value.trim()) clearFit(t("page-fit-waiting-changed"));
}

async function runFit() {
  readFitInputs();
  saveUrl();
  clearFit('');
  const seq = fitSeq;
  const fs = $('fit-status');
  const data = $('fit-data').value;
  if (!data.trim()) { setStatus(fs, 'error', t("page-fit-no-data")); setFitState('error'); return; }
  if (!state.fitModel) { setStatus(fs, 'error', t("page-fit-no-model")); setFitState('error'); return; }
  if (!state.fitParams) { setStatus(fs, 'error', t("page-fit-no-params")); setFitState('error'); return; }
  setStatus(fs, 'busy', t("page-fitting"));
  setFitState('busy');
  $('fit-run').disabled = true;
  const r = await api('fit', state.fitModel, {
    params: state.fitParams, init: state.fitInit, target: state.fitTarget, sigma: state.fitSigma,
    'absolute-sigma': state.fitSigma && state.fitAbs, method: state.fitMethod, epochs: state.fitEpochs,
    lr: state.fitLr, batch: state.fitBatch,
  }, { data });
  $('fit-run').disabled = false;
  if (seq !== fitSeq) return;
  // The data box is the fit's standard input: the CLI's messages name it so.
  const where = /`standard input`/.test(r.message || '') ? '\n' + t("page-fit-stdin-note") : '';
  if (!r.ok) { setStatus(fs, 'error', r.message + where); setFitState('error'); return; }
  renderFit(r.data, r.warnings || []);
}

/** The answer of `nabla fit --json`, as it is: verdict and stop in the library's words, the
 * parameters with their standard errors, the statistics, correlations, notes and residuals. */
function renderFit(d, warnings) {
  const u = d.uncertainty || null;
  const v = d.verdict || {};
  const good = v.exit === 'success';
  setStatus($('fit-status'), good ? 'ok' : 'error', t("page-fit-summary", { method: d.method, rows: d.rows, epochs: d.epochs, iterations: d.iterations }));
  $('fit-verdict').replaceChildren(
    el('p', { class: good ? 'verdict-ok' : 'verdict-bad', 'data-testid': 'fit-sentence', text: v.sentence || '' }),
    el('p', { class: 'hint' }, el('b', { text: t("page-fit-verdict-label") + ' ' }), el('span', { 'data-testid': 'fit-verdict-kind', text: String(v.kind || '') }),
      v.evidence ? ` (${v.evidence})` : '', el('br'), el('b', { text: t("page-fit-stop-label") + ' ' }), el('span', { 'data-testid': 'fit-stop', text: d.stop || '' })));
  // Reference values of an unchanged sample (its data, model and parameters as loaded).
  const S = FIT_SAMPLES[state.fitSample];
  const ref = S && $('fit-data').value === S.data && state.fitModel === S.model && state.fitParams === S.params ? S : null;
  const errors = (u && u.std_errors) || [];
  const tb = $('fit-table');
  tb.append(el('tr', {}, ...[t("page-fit-col-parameter"), t("page-fit-col-estimate"), t("page-fit-col-se"), ...(ref ? [ref.reference()] : [])].map((h) => el('th', { text: h }))));
  (d.vars || []).forEach((name, k) => {
    const se = errors[k];
    const rv = ref && ref.values[name];
    tb.append(el('tr', { 'data-testid': `fit-row-${name}` }, el('td', { text: name }),
      el('td', { class: 'num', 'data-testid': `fit-estimate-${name}`, text: num(d.point[k], 12) }),
      el('td', { class: 'num', 'data-testid': `fit-se-${name}`, text: se === undefined ? '—' : num(se, 10) }),
      ...(ref ? [el('td', { class: 'num', 'data-testid': `fit-ref-${name}`, text: rv ? `${rv[0]} ± ${rv[1]}` : '—' })] : [])));
  });
  const st = $('fit-stats');
  if (u) {
    const rows = [
      ['fit-stat-r2', 'R²', num(u.r_squared, 10)],
      ['fit-stat-chi2', t("page-fit-reduced-chi2"), num(u.reduced_chi2, 10)],
      ['fit-stat-dof', t("page-fit-dof"), String(u.dof)],
      ['fit-stat-rss', u.weighted ? t("page-fit-rss-weighted") : t("page-fit-rss"), num(u.rss, 10)],
    ];
    if (u.weighted) rows.push(['fit-stat-sigma', 'σ', u.absolute_sigma ? t("page-fit-sigma-absolute") : t("page-fit-sigma-relative")]);
    for (const [id, label, text] of rows) st.append(el('tr', { 'data-testid': id }, el('th', { text: label }), el('td', { class: 'num', text })));
    if (u.correlation) {
      const c = $('fit-corr');
      const p = d.vars.length;
      $('fit-corr-head').hidden = false;
      c.append(el('tr', {}, el('th', { text: '' }), ...d.vars.map((n) => el('th', { text: n }))));
      d.vars.forEach((n, i) => c.append(el('tr', { 'data-testid': `fit-corr-${n}` }, el('th', { text: n }),
        ...d.vars.map((_, j) => el('td', { class: 'num', text: num(u.correlation[i * p + j], 6) })))));
    }
  } else {
    st.append(el('tr', {}, el('td', { 'data-testid': 'fit-no-uncertainty', text: t("page-fit-no-uncertainty") })));
  }
  const notes = [...(d.notes || []), ...((u && u.notes) || []), ...warnings];
  $('fit-notes').replaceChildren(...notes.map((n) => el('li', { 'data-testid': 'fit-note', text: n })));
  drawResiduals(d.residuals);
  setFitState('done');
}

/** The residuals against their x, with the zero line; drawn from the answer's `residuals`. */
function drawResiduals(r) {
  const node = $('fit-residuals');
  node.replaceChildren();
  const W = node.clientWidth || 600, H = node.clientHeight || 220;
  node.setAttribute('viewBox', `0 0 ${W} ${H}`);
  const say = (text) => { node.appendChild(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', 'data-testid': 'residuals-empty' })).textContent = text; };
  if (!r) { say(t("page-fit-no-residuals")); return; }
  const pts = r.values.map((v, k) => [r.x[k], v]).filter(([x, y]) => x !== null && y !== null && isFinite(x) && isFinite(y));
  if (!pts.length) { say(t("page-fit-no-finite-residuals")); return; }
  const L = 64, R = 12, T = 12, B = 30;
  let [x0, x1] = [Math.min(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[0]))];
  let a = Math.max(...pts.map((p) => Math.abs(p[1])));
  if (x1 === x0) { x0 -= 1; x1 += 1; }
  if (!(a > 0)) a = 1;
  const pad = (x1 - x0) * 0.04;
  x0 -= pad; x1 += pad; a *= 1.1;
  const X = (v) => L + ((v - x0) / (x1 - x0)) * (W - L - R);
  const Y = (v) => T + ((a - v) / (2 * a)) * (H - T - B);
  node.append(svg('line', { x1: L, x2: L, y1: T, y2: H - B, class: 'axis' }));
  node.append(svg('line', { x1: L, x2: W - R, y1: H - B, y2: H - B, class: 'axis' }));
  node.append(svg('line', { x1: L, x2: W - R, y1: Y(0), y2: Y(0), class: 'zero' }));
  for (const v of [-a / 1.1, 0, a / 1.1]) node.appendChild(svg('text', { x: L - 6, y: Y(v) + 4, 'text-anchor': 'end' })).textContent = num(v, 3);
  for (const q of [0, 0.5, 1]) {
    const xv = x0 + pad + q * (x1 - x0 - 2 * pad);
    node.appendChild(svg('text', { x: X(xv), y: H - 10, 'text-anchor': 'middle' })).textContent = num(xv, 4);
  }
  node.appendChild(svg('text', { x: W - R, y: H - B - 4, 'text-anchor': 'end' })).textContent = r.x_name;
  node.appendChild(svg('text', { x: L + 4, y: T + 10 })).textContent = r.weighted ? t("page-fit-residual-weighted") : t("page-fit-residual");
  for (const [x, y] of pts) {
    const c = node.appendChild(svg('circle', { cx: X(x), cy: Y(y), r: 3.5, fill: COLORS[0], 'data-testid': 'residual-point' }));
    c.append(svg('title'));
    c.firstChild.textContent = `${r.x_name} = ${num(x, 8)}: ${num(y, 8)}`;
  }
}

// ---------------------------------------------------------------- CLI command
function cliCommand() {
  const f = quote(state.formula);
  const lines = [];
  const box = state.box ? ` --box ${quote(state.box)}` : '';
  // Three or more variables: the slice the map shows.
  const slice = state.vars.length > 2 ? ` --axes ${quote(mapVars().join(','))} --at ${quote(heldText())}` : '';
  if (state.from && state.runs.length && !slice) {
    lines.push(`nabla plot ${f} --from ${quote(state.from)} --methods ${quote(specOf(state.runs))} --iters ${state.iters} --stall ${state.stall}${box} -o map.svg`);
    lines.push(`nabla min ${f} --from ${quote(state.from)} --compare ${quote(specOf(state.runs))} --iters ${state.iters} --stall ${state.stall}`);
  } else {
    lines.push(`nabla plot ${f}${slice}${box} -o map.svg`);
  }
  if (state.from && state.runs.length && slice) {
    lines.push(`nabla min ${f} --from ${quote(state.from)} --compare ${quote(specOf(state.runs))} --iters ${state.iters} --stall ${state.stall}`);
  }
  if (state.at) lines.push(`nabla check ${f} --at ${quote(state.at)}${state.f32 ? ' --precision f32' : ''}`);
  // The hand check as the page ran it: its box and its point.
  if (state.hand.some((h) => h.trim())) {
    const hb = handBox();
    lines.push(`nabla check ${f} --grad ${quote(state.hand.join('; '))}${hb ? ` --box ${quote(hb)}` : ''}${state.at ? ` --at ${quote(state.at)}` : ''}`);
  }
  lines.push(`nabla diff ${f}${state.hessian ? ' --hessian' : ''}`);
  if (state.fitModel && state.fitParams) {
    const opt = (flag, v) => (v ? ` --${flag} ${quote(v)}` : '');
    lines.push(`nabla fit ${quote(state.fitModel)} --data data.csv --params ${quote(state.fitParams)}` + opt('init', state.fitInit) +
      opt('target', state.fitTarget) + opt('sigma', state.fitSigma) + (state.fitSigma && state.fitAbs ? ' --absolute-sigma' : '') +
      opt('method', state.fitMethod) + opt('epochs', state.fitEpochs) + opt('lr', state.fitLr) + opt('batch', state.fitBatch) +
      '    ' + t("page-cli-data-comment"));
  }
  // The page's language is the commands' too.
  return lines.map((l) => (LANG === 'en' ? l : l.replace(/^nabla /, `nabla --lang ${LANG} `))).join('\n');
}

async function copyText(text, what) {
  const line = $('cli-line');
  line.textContent = text;
  line.classList.add('shown');
  const link = what === 'link';
  try {
    await navigator.clipboard.writeText(text);
    line.title = link ? t("page-copied-link") : t("page-copied-command");
  } catch (_) {
    line.title = link ? t("page-copy-link-by-hand") : t("page-copy-command-by-hand");
  }
}

// ---------------------------------------------------------------- wiring
function syncInputs() {
  $('formula').value = state.formula;
  $('start').value = state.from;
  $('iters').value = state.iters;
  $('stall').value = state.stall;
  $('box').value = state.box;
  $('check-at').value = state.at;
  $('f32').checked = state.f32;
}

/** The start and check points after the variables changed: kept where they name exactly the
 * new variables, else emptied (their placeholders say what to do); the slice's controls and the
 * placeholders follow the variables. */
function fitPoints() {
  if (state.from && !pointOf(state.from)) state.from = '';
  if (state.at && !pointOf(state.at)) state.at = '';
  $('start').value = state.from;
  $('check-at').value = state.at;
  const axes = mapVars();
  if (state.vars.length > 2) state.axes = axes.join(',');
  else state.axes = state.hold = '';
  pointPlaceholders();
  saveUrl();
  renderSlice();
}

/** The start and check boxes' placeholders: what to do, never a value (`x=…,y=…`). */
function pointPlaceholders() {
  const example = state.vars.map((v) => `${v}=…`).join(',');
  $('start').placeholder = state.vars.length ? t("page-start-placeholder", { example }) : '';
  $('check-at').placeholder = state.vars.length ? t("page-at-placeholder", { example }) : '';
}

/** The formula box changed: every result shown belongs to the formula before, so each panel
 * says it waits (and answers still under way for the old formula are dropped) until the new one
 * parses; then the map is drawn and the check run again, and Run runs the methods on it. */
let stale = false;
function formulaEdited() {
  if ($('formula').value === $('parse-status').dataset.formula && !stale) return;
  stale = true;
  const waiting = t("page-waiting-formula");
  checkSeq++; runSeq++; handSeq++; plotSeq++;
  $('formula-math').replaceChildren();
  $('partials').replaceChildren();
  if (state.hessian) $('hessian').replaceChildren(el('div', { class: 'status busy', text: waiting }));
  $('check-table').replaceChildren();
  $('sweep-chart').replaceChildren();
  $('sweep-var').textContent = '';
  setStatus($('check-status'), 'busy', waiting);
  runsShown = []; maxStep = 0; setStep(0); renderLegend(); drawChart();
  $('run').disabled = false;
  setStatus($('run-status'), 'busy', waiting);
  handShown = null;
  setStatus($('diagnosis'), '', '');
  setStatus($('map-status'), 'busy', waiting);
  if (state.lesson) {
    state.lesson = '';
    $('lesson-select').value = '';
    $('lesson').replaceChildren(el('p', { class: 'hint', text: t("page-lesson-hint") }));
  }
}

const onFormula = debounce(async () => {
  await wordsReady;
  // The formula whose partials, map and runs are shown: typed again (or edited back after a
  // typo) with nothing cleared, it is parsed again (the status clears) but its runs and map stay.
  const shown = $('parse-status').dataset.formula;
  const varsBefore = state.vars.join(',');
  if (await parseFormula() && (state.formula !== shown || stale)) {
    stale = false;
    state.lesson = '';
    autoBox = '';
    // A box typed for other variables (a lesson's `-3..4` for x) is not this formula's.
    if (state.vars.join(',') !== varsBefore) { state.box = ''; $('box').value = ''; saveUrl(); }
    drawMap();
    if (state.at) runCheck(); else setStatus($('check-status'), '', t("page-check-prompt"));
    setStatus($('run-status'), '', state.from ? t("page-run-prompt") : t("page-click-map-first"));
  }
}, 300);

/** The words of the page's language, once loaded (the first renders wait for them). */
let wordsReady = Promise.resolve(false);

/** The header's switch: the words of `lang`, then every panel shown again in them (the answers
 * too: their prose comes in the request's language). */
async function switchLang(lang) {
  if (!LANGS.includes(lang) || lang === LANG) return;
  state.lang = lang;
  saveUrl();
  wordsReady = loadMessages(lang);
  if (!(await wordsReady)) return;
  applyWords();
  renderMethods();
  renderLegend();
  drawChart();
  renderLesson();
  const handShownBefore = $('diagnosis').childElementCount > 0;
  parseFormula().then((ok) => {
    renderHand();
    if (!ok) return;
    drawMap();
    if (runsShown.length) runMethods();
    if (state.at) runCheck();
    if (state.hessian) showHessian();
    if (handShownBefore) checkHand();
  });
  const fit = $('fit-panel').dataset.state;
  if (fit === 'done' || fit === 'error') runFit();
  else if (fit === 'waiting') setStatus($('fit-status'), 'busy', t("page-fit-waiting-changed"));
}

async function init() {
  // The URL as the page was opened (saving the state below adds the view's parameters).
  const q = new URLSearchParams(location.search);
  loadUrl();
  syncInputs();
  // Listeners first (a test may type at once); the first renders wait for the words.
  $('formula').addEventListener('input', () => { formulaEdited(); onFormula(); });
  $('lang-select').addEventListener('change', () => switchLang($('lang-select').value));
  $('hessian-btn').addEventListener('click', () => { state.hessian = !state.hessian; saveUrl(); showHessian(); });
  $('run').addEventListener('click', () => runMethods());
  $('start').addEventListener('change', () => {
    state.from = $('start').value.trim();
    saveUrl();
    // The held values follow the start until a slider sets them.
    if (state.vars.length > 2) { renderSlice(); drawMap(); } else drawOverlay();
  });
  $('iters').addEventListener('change', () => { state.iters = Math.max(1, +$('iters').value || 1); saveUrl(); });
  $('stall').addEventListener('change', () => { state.stall = Math.max(0, +$('stall').value || 0); saveUrl(); });
  $('box').addEventListener('change', () => { state.box = $('box').value.trim(); saveUrl(); drawMap(); });
  $('zoom-in').addEventListener('click', () => zoom(0.5));
  $('zoom-out').addEventListener('click', () => zoom(2));
  $('zoom-reset').addEventListener('click', () => { state.box = ''; autoBox = runsShown.length ? boxAround() : ''; $('box').value = ''; saveUrl(); drawMap(); });
  $('map').addEventListener('click', mapClick);
  $('map').addEventListener('wheel', (ev) => {
    if (!frame || !frame.x) return;
    ev.preventDefault();
    const pt = $('overlay').createSVGPoint();
    pt.x = ev.clientX; pt.y = ev.clientY;
    const p = pt.matrixTransform($('overlay').getScreenCTM().inverse());
    const c = [frame.x[0] + ((p.x - frame.left) / frame.width) * (frame.x[1] - frame.x[0])];
    if (frame.y && mapVars().length === 2) c.push(frame.y[1] - ((p.y - frame.top) / frame.height) * (frame.y[1] - frame.y[0]));
    wheelZoom(ev.deltaY > 0 ? 1.25 : 0.8, c);
  }, { passive: false });
  $('play').addEventListener('click', togglePlay);
  $('step').addEventListener('input', () => setStep(+$('step').value));
  $('check-run').addEventListener('click', runCheck);
  $('check-at').addEventListener('change', runCheck);
  $('f32').addEventListener('change', runCheck);
  $('hand-check').addEventListener('click', checkHand);
  $('lesson-select').addEventListener('change', () => loadLesson($('lesson-select').value));
  $('copy-cli').addEventListener('click', () => copyText(cliCommand(), 'command'));
  $('copy-link').addEventListener('click', () => copyText(location.href, 'link'));
  $('fit-sample').addEventListener('change', () => loadFitSample($('fit-sample').value));
  for (const id of [...Object.values(FIT_INPUTS), 'fit-data', 'fit-abs']) {
    $(id).addEventListener('input', fitInputChanged);
    $(id).addEventListener('change', fitInputChanged);
  }
  $('fit-run').addEventListener('click', runFit);
  window.addEventListener('resize', debounce(() => { drawChart(); runCheck(); }, 300));
  wordsReady = loadMessages(state.lang);
  await wordsReady;
  saveUrl();
  applyWords();
  renderMethods();
  // A link names a sample: its data is loaded and fitted with the link's model and options.
  syncFitInputs();
  if (FIT_SAMPLES[state.fitSample]) { $('fit-data').value = FIT_SAMPLES[state.fitSample].data; runFit(); }
  // `?lesson=beale` alone loads the lesson (a link to it); with the other parameters, the view.
  if (LESSONS[state.lesson] && !q.has('f')) { loadLesson(state.lesson); return; }
  drawChart();
  parseFormula().then((ok) => {
    renderHand();
    if (!ok) return;
    drawMap();
    if (state.from && state.runs.length) runMethods();
    if (state.at) runCheck();
    if (state.hessian) showHessian();
    if (state.lesson) renderLesson();
  });
}
const wheelZoom = debounce((f, c) => zoom(f, c), 120);
// For the browser tests: the map's frame (picture pixels and axis ranges), to click a data point.
window.__frame = () => frame;
// Uncaught errors of the page, kept for the browser tests' failure messages.
window.__errors = [];
window.addEventListener('error', (e) => window.__errors.push(`${e.message} at ${e.filename}:${e.lineno}:${e.colno}`));
window.addEventListener('unhandledrejection', (e) => window.__errors.push(`unhandled rejection: ${e.reason && e.reason.stack ? e.reason.stack : e.reason}`));

document.addEventListener('DOMContentLoaded', init);
