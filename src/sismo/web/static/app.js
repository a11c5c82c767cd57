// sismo dashboard: vanilla JS + SVG against sismo's HTTP API (see README, "Dashboard").
// Every piece of text that comes from the API (article text may hold markup) is inserted as a
// text node, never parsed as HTML.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";
const PAGE_SIZE = 50;
const FILTER_KEYS = ["actor", "source", "target", "root", "quad", "since", "until", "lang"];
const QUADS = [
  { key: "q1", label: "verbal cooperation" },
  { key: "q2", label: "material cooperation" },
  { key: "q3", label: "verbal conflict" },
  { key: "q4", label: "material conflict" },
];

const state = {
  filters: {},
  interval: "month",
  offset: 0,
  total: 0,
  live: null, // the last POST /api/code answer with its text, while the table shows it
  shapes: null, // the country GeoJSON, fetched once
};

// ---------------------------------------------------------------- DOM helpers

/** An element with attributes and children; strings become text nodes, never HTML. */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  return fill(node, attrs, children);
}

/** An SVG element, same rules as el(). */
function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  return fill(node, attrs, children);
}

function fill(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = String(value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- API

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(path, options) {
  const response = await fetch(path, options);
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    body = null;
  }
  if (!response.ok) {
    const err = (body && body.error) || {};
    const detail = body && body.detail ? JSON.stringify(body.detail) : response.statusText;
    throw new ApiError(response.status, err.code || String(response.status), err.message || detail);
  }
  return body;
}

function query(extra) {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = state.filters[key];
    if (value) params.set(key, value);
  }
  for (const [key, value] of Object.entries(extra || {})) params.set(key, String(value));
  return params.toString();
}

function showMessage(text) {
  const box = $("message");
  box.textContent = text || "";
  box.hidden = !text;
}

function errorText(err) {
  if (err instanceof ApiError) return `error ${err.code}: ${err.message}`;
  return `error: ${err.message || err}`;
}

// ---------------------------------------------------------------- colours and formats

function lerp(a, b, t) {
  return a + (b - a) * t;
}

function mix(c1, c2, t) {
  return `rgb(${c1.map((c, i) => Math.round(lerp(c, c2[i], t))).join(",")})`;
}

/** Goldstein −10 (red) … 0 (grey) … +10 (green). */
function goldsteinColour(g) {
  if (g === null || g === undefined || Number.isNaN(g)) return "#9aa0a6";
  const t = Math.max(-1, Math.min(1, g / 10));
  return t < 0 ? mix([154, 160, 166], [192, 57, 43], -t) : mix([154, 160, 166], [30, 132, 73], t);
}

function fmtGoldstein(g) {
  if (g === null || g === undefined) return "–";
  return (g > 0 ? "+" : "") + Number(g).toFixed(1);
}

function actorLabel(actor) {
  if (!actor) return "–";
  return actor.code || actor.root || "?";
}

// ---------------------------------------------------------------- filters and URL

function readForm() {
  const form = $("filters");
  const filters = {};
  for (const key of FILTER_KEYS) {
    const value = form.elements[key].value.trim();
    if (value) filters[key] = value;
  }
  state.filters = filters;
  state.interval = form.elements.interval.value || "month";
}

function writeForm() {
  const form = $("filters");
  for (const key of FILTER_KEYS) form.elements[key].value = state.filters[key] || "";
  form.elements.interval.value = state.interval;
}

function fromHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  state.filters = {};
  for (const key of FILTER_KEYS) if (params.get(key)) state.filters[key] = params.get(key);
  state.interval = ["day", "week", "month", "year"].includes(params.get("interval"))
    ? params.get("interval")
    : "month";
}

function toHash() {
  const q = query(state.interval !== "month" ? { interval: state.interval } : {});
  if (location.hash.slice(1) !== q) {
    history.replaceState(null, "", q ? `#${q}` : location.pathname + location.search);
  }
}

function setFilters(changes) {
  Object.assign(state.filters, changes);
  for (const [key, value] of Object.entries(state.filters)) if (!value) delete state.filters[key];
  writeForm();
  refresh();
}

// ---------------------------------------------------------------- highlighting

/**
 * A fragment of `text` with character ranges wrapped in spans. Ranges are in code points (the
 * API counts like Python), may overlap; a piece covered by several ranges gets all classes.
 */
function highlight(text, ranges) {
  const chars = Array.from(text);
  const cuts = new Set([0, chars.length]);
  const valid = ranges.filter((r) => r.end > r.start && r.start >= 0 && r.end <= chars.length);
  for (const r of valid) {
    cuts.add(r.start);
    cuts.add(r.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const frag = document.createDocumentFragment();
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = chars.slice(a, b).join("");
    const covering = valid.filter((r) => r.start <= a && r.end >= b);
    if (!covering.length) {
      frag.append(document.createTextNode(piece));
      continue;
    }
    const classes = [...new Set(covering.map((r) => r.cls))].join(" ");
    const titles = covering.map((r) => r.title).filter(Boolean);
    frag.append(el("span", { class: classes, title: titles.join(" · ") || null }, piece));
  }
  return frag;
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Code-point ranges of `needle` as a whole word in `hay`, case-insensitive. */
function findWord(hay, needle) {
  if (!needle) return [];
  const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(needle)}(?![\\p{L}\\p{N}])`, "giu");
  const found = [];
  for (const m of hay.matchAll(re)) {
    const start = Array.from(hay.slice(0, m.index)).length;
    found.push({ start, end: start + Array.from(m[0]).length });
  }
  return found;
}

function overlaps(a, b) {
  return a.start < b.end && b.start < a.end;
}

/**
 * The source, trigger and target ranges of an event, relative to its sentence: the trigger
 * from its offsets (widened to the whole trigger phrase when the sentence spells it there), the
 * actors from their words, preferring an occurrence that does not overlap the trigger and, for
 * the target, one that differs from the source's.
 */
function eventRanges(ev) {
  const sentence = ev.sentence || "";
  const chars = Array.from(sentence);
  const ranges = [];
  let trigger = null;
  if (Number.isInteger(ev.trigger_start) && Number.isInteger(ev.start)) {
    const start = ev.trigger_start - ev.start;
    let end = (ev.trigger_end ?? ev.trigger_start) - ev.start;
    const phrase = Array.from(ev.trigger || "");
    const spelled = chars.slice(start, start + phrase.length).join("");
    if (phrase.length > end - start && spelled.toLowerCase() === phrase.join("").toLowerCase()) {
      end = start + phrase.length;
    }
    trigger = { start, end, cls: "hl-trigger", title: `trigger: ${ev.code} ${ev.label || ""}` };
    ranges.push(trigger);
  }
  const pick = (text, avoid) => {
    const found = findWord(sentence, text);
    const free = found.find((r) => !avoid.some((x) => x && overlaps(r, x)));
    return free || found.find((r) => !trigger || !overlaps(r, trigger)) || found[0] || null;
  };
  const src = ev.source ? pick(ev.source.text, [trigger]) : null;
  if (src) ranges.push({ ...src, cls: "hl-source", title: `source: ${actorLabel(ev.source)}` });
  const tgt = ev.target ? pick(ev.target.text, [trigger, src]) : null;
  if (tgt) ranges.push({ ...tgt, cls: "hl-target", title: `target: ${actorLabel(ev.target)}` });
  return ranges;
}

// ---------------------------------------------------------------- stats and actors

async function loadStats() {
  try {
    const stats = await api("api/stats");
    const span = stats.first_date ? ` · ${stats.first_date} → ${stats.last_date}` : "";
    $("stats").textContent =
      `${stats.documents} documents · ${stats.events} events${span}`;
  } catch (err) {
    $("stats").textContent = "";
    showMessage(errorText(err));
  }
}

async function loadActors() {
  try {
    const data = await api(`api/actors?limit=200`);
    const list = clear($("actor-list"));
    for (const a of data.actors || []) {
      list.append(el("option", { value: a.root }, `${a.root} (${a.events})`));
    }
  } catch (_) {
    // the datalist only helps typing; the panels report errors
  }
}

// ---------------------------------------------------------------- timeline

/** A round tick step of at least `v` (1, 2 or 5 times a power of ten; integers only). */
function niceStep(v) {
  if (v <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** Month buckets summed by year (the API counts by day, week or month). */
function byYear(data) {
  const years = new Map();
  for (const b of data.buckets || []) {
    const year = b.period.slice(0, 4);
    const y = years.get(year) || { period: year, total: 0, q1: 0, q2: 0, q3: 0, q4: 0, sum: 0, n: 0 };
    for (const key of ["total", "q1", "q2", "q3", "q4"]) y[key] += b[key] || 0;
    if (b.goldstein_mean !== null && b.goldstein_mean !== undefined) {
      y.sum += b.goldstein_mean * b.total;
      y.n += b.total;
    }
    years.set(year, y);
  }
  const buckets = [...years.values()].map(({ sum, n, ...b }) => ({
    ...b, goldstein_mean: n ? sum / n : null,
  }));
  return { interval: "year", buckets };
}

/** The since/until filters that select one period of the timeline. */
function periodRange(period, interval) {
  if (interval === "year") return { since: `${period}-01`, until: `${period}-12` };
  if (interval === "week" && /^\d{4}-\d{2}-\d{2}$/.test(period)) {
    const d = new Date(`${period}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 6);
    return { since: period, until: d.toISOString().slice(0, 10) };
  }
  return { since: period, until: period };
}

/** The period after `period` ("2020-01", or a day "2020-01-06" plus 1 or 7 days), else null. */
function nextPeriod(period, interval) {
  if (interval === "year" && /^\d{4}$/.test(period)) return String(Number(period) + 1);
  if (interval === "month" && /^\d{4}-\d{2}$/.test(period)) {
    const [y, m] = period.split("-").map(Number);
    return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
  }
  if ((interval === "day" || interval === "week") && /^\d{4}-\d{2}-\d{2}$/.test(period)) {
    const d = new Date(`${period}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + (interval === "week" ? 7 : 1));
    return d.toISOString().slice(0, 10);
  }
  return null;
}

/** The buckets with the empty periods between them added, so that bars keep time's spacing;
 * the API's buckets as they are when a period has another form or the span is too long. */
function withEmptyPeriods(buckets, interval, maxPeriods) {
  if (buckets.length < 2) return buckets;
  const byPeriod = new Map(buckets.map((b) => [b.period, b]));
  const out = [];
  let period = buckets[0].period;
  const last = buckets[buckets.length - 1].period;
  while (period !== null && out.length <= maxPeriods) {
    out.push(byPeriod.get(period) || { period, total: 0, q1: 0, q2: 0, q3: 0, q4: 0,
      goldstein_mean: null });
    if (period === last) break;
    period = nextPeriod(period, interval);
  }
  const complete = period === last && buckets.every((b) => out.some((o) => o === b));
  return complete ? out : buckets;
}

function drawTimeline(data) {
  const root = clear($("timeline"));
  const interval = data.interval || state.interval;
  const given = data.buckets || [];
  // fill the empty periods when they do not drown the others (time keeps its spacing then)
  const buckets = withEmptyPeriods(given, interval, Math.max(36, 3 * given.length));
  const gaps = buckets === given &&
    withEmptyPeriods(given, interval, 100_000).length > given.length;
  const W = 640;
  const H = 330;
  const m = { top: 14, right: 44, bottom: 38, left: 40 };
  const iw = W - m.left - m.right;
  const ih = H - m.top - m.bottom;
  const total = buckets.reduce((s, b) => s + b.total, 0);
  const withEvents = buckets.filter((b) => b.total > 0).length;
  $("timeline-caption").textContent = buckets.length
    ? `${total} events in ${withEvents} ${interval}${withEvents === 1 ? "" : "s"}` +
      (gaps ? " (periods without events left out)" : "") +
      "; bars: events by QuadClass (left axis); line: mean Goldstein (right axis, −10…+10)." +
      " Click a bar to keep its period."
    : "";
  if (!buckets.length) {
    root.append(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty-note" },
      "No events match these filters."));
    return;
  }
  const tick = niceStep(Math.max(...buckets.map((b) => b.total)) / 4);
  const ymax = tick * Math.max(1, Math.ceil(Math.max(...buckets.map((b) => b.total)) / tick));
  const y = (v) => m.top + ih - (v / ymax) * ih;
  const g = (v) => m.top + ih / 2 - (v / 10) * (ih / 2);
  const step = iw / buckets.length;
  const bw = Math.max(2, Math.min(48, step * 0.72));
  const axis = svg("g", { class: "axis" });
  for (let v = 0; v <= ymax; v += tick) {
    axis.append(svg("line", { class: "gridline", x1: m.left, x2: W - m.right, y1: y(v), y2: y(v) }));
    axis.append(svg("text", { x: m.left - 6, y: y(v) + 4, "text-anchor": "end" }, v));
  }
  for (const v of [-10, -5, 0, 5, 10]) {
    axis.append(svg("text", { x: W - m.right + 6, y: g(v) + 4 }, v > 0 ? `+${v}` : v));
  }
  axis.append(svg("line", { x1: m.left, x2: W - m.right, y1: m.top + ih, y2: m.top + ih,
    stroke: "#aab1bc" }));
  root.append(axis);
  const labelEvery = Math.ceil(buckets.length / Math.floor(iw / 62));
  const bars = svg("g", { class: "bars" });
  const points = [];
  buckets.forEach((b, i) => {
    const cx = m.left + step * (i + 0.5);
    let acc = 0;
    const group = svg("g", {
      class: "bucket", "data-period": b.period, "data-total": b.total,
      onclick: b.total ? () => setFilters(periodRange(b.period, interval)) : null,
    });
    for (const q of QUADS) {
      const v = b[q.key] || 0;
      if (!v) continue;
      group.append(svg("rect", {
        class: `bar ${q.key}`, x: cx - bw / 2, width: bw, y: y(acc + v), height: y(acc) - y(acc + v),
        "data-count": v,
      }, svg("title", {}, `${b.period}: ${v} ${q.label}`)));
      acc += v;
    }
    group.append(svg("title", {},
      `${b.period}: ${b.total} events, mean Goldstein ${fmtGoldstein(b.goldstein_mean)}`));
    bars.append(group);
    if (i % labelEvery === 0) {
      bars.append(svg("text", { class: "tick", x: cx, y: H - m.bottom + 16, "text-anchor": "middle",
        fill: "#5d6675", "font-size": 11 }, b.period));
    }
    if (b.goldstein_mean !== null && b.goldstein_mean !== undefined) {
      points.push([cx, g(b.goldstein_mean), b]);
    } else {
      points.push(null); // no events: the line breaks here
    }
  });
  root.append(bars);
  const d = points.map((p, i) => (p ? `${i && points[i - 1] ? "L" : "M"}${p[0]},${p[1]}` : ""));
  root.append(svg("path", { class: "goldstein-line", d: d.join("") }));
  for (const [x, yy, b] of points.filter(Boolean)) {
    root.append(svg("circle", { class: "goldstein-dot", cx: x, cy: yy, r: 3.5 },
      svg("title", {}, `${b.period}: mean Goldstein ${fmtGoldstein(b.goldstein_mean)}`)));
  }
}

function timelineLegend() {
  const legend = clear($("timeline-legend"));
  for (const q of QUADS) {
    legend.append(el("li", {}, el("span", { class: "swatch", style: `background:var(--${q.key})` }),
      `${q.key.toUpperCase()} ${q.label}`));
  }
  legend.append(el("li", {}, el("span", { class: "swatch line", style: "background:#1d2430" }),
    "mean Goldstein"));
}

// ---------------------------------------------------------------- network

/** Force layout of one connected component (Fruchterman–Reingold, deterministic: nodes start
 * on a circle), in unit coordinates. */
function forceLayout(n, links) {
  const pos = Array.from({ length: n }, (_, i) => ({
    x: Math.cos((2 * Math.PI * i) / n),
    y: Math.sin((2 * Math.PI * i) / n),
  }));
  if (n < 3) return pos;
  const k = 1.6 / Math.sqrt(n);
  const iterations = 300;
  for (let it = 0; it < iterations; it++) {
    const temp = 0.12 * (1 - it / iterations) + 0.002;
    const disp = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const dx = pos[i].x - pos[j].x;
        const dy = pos[i].y - pos[j].y;
        const d = Math.max(Math.hypot(dx, dy), 1e-3);
        const f = (k * k) / d;
        disp[i].x += (dx / d) * f;
        disp[i].y += (dy / d) * f;
        disp[j].x -= (dx / d) * f;
        disp[j].y -= (dy / d) * f;
      }
    }
    for (const [a, b] of links) {
      const dx = pos[a].x - pos[b].x;
      const dy = pos[a].y - pos[b].y;
      const d = Math.max(Math.hypot(dx, dy), 1e-3);
      const f = (d * d) / k;
      disp[a].x -= (dx / d) * f;
      disp[a].y -= (dy / d) * f;
      disp[b].x += (dx / d) * f;
      disp[b].y += (dy / d) * f;
    }
    for (let i = 0; i < n; i++) {
      const d = Math.max(Math.hypot(disp[i].x, disp[i].y), 1e-9);
      pos[i].x += (disp[i].x / d) * Math.min(d, temp);
      pos[i].y += (disp[i].y / d) * Math.min(d, temp);
    }
  }
  return pos;
}

/** Connected components of the graph, largest first (lists of node indexes). */
function components(n, links) {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i) => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (const [a, b] of links) parent[find(a)] = find(b);
  const groups = new Map();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r).push(i);
  }
  return [...groups.values()].sort((a, b) => b.length - a.length || a[0] - b[0]);
}

/**
 * Node positions in a W×H box: each connected component is laid out on its own, then the
 * components are packed in rows, each in a square whose area grows with its node count (a
 * single layout would push small components to the edges and crush the big one).
 */
function layout(nodes, edges, W, H) {
  const n = nodes.length;
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const links = edges
    .map((e) => [index.get(e.source), index.get(e.target)])
    .filter(([a, b]) => a !== undefined && b !== undefined && a !== b);
  const comps = components(n, links);
  const AR = 1.5; // boxes wider than high: labels run across
  const side = (c, u) => Math.min(u * Math.sqrt(c.length), W / AR, H);
  const pack = (u) => {
    const boxes = [];
    let x = 0;
    let y = 0;
    let rowH = 0;
    for (const c of comps) {
      const s = side(c, u);
      if (x + s * AR > W + 0.01) {
        x = 0;
        y += rowH;
        rowH = 0;
      }
      boxes.push({ x, y, s });
      x += s * AR;
      rowH = Math.max(rowH, s);
    }
    return { boxes, height: y + rowH, width: Math.max(...boxes.map((b) => b.x + b.s * AR)) };
  };
  let lo = 10;
  let hi = Math.max(W, H);
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (pack(mid).height <= H) lo = mid;
    else hi = mid;
  }
  const packed = pack(lo);
  const offX = (W - packed.width) / 2;
  const offY = (H - packed.height) / 2;
  const pos = new Array(n);
  comps.forEach((comp, ci) => {
    const box = packed.boxes[ci];
    const local = new Map(comp.map((g, i) => [g, i]));
    const sub = links.filter(([a]) => local.has(a)).map(([a, b]) => [local.get(a), local.get(b)]);
    const p = forceLayout(comp.length, sub);
    const xs = p.map((q) => q.x);
    const ys = p.map((q) => q.y);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const padX = Math.min(34, box.s / 4);
    const padTop = Math.min(22, box.s / 5);
    const padBottom = Math.min(30, box.s / 4);
    const iw = box.s * AR - 2 * padX;
    const ih = box.s - padTop - padBottom;
    const sx = iw / Math.max(x1 - x0, 1e-9);
    const sy = Math.min(ih / Math.max(y1 - y0, 1e-9), sx);
    const cx = offX + box.x + (box.s * AR) / 2;
    const cy = offY + box.y + padTop + ih / 2;
    comp.forEach((g, i) => {
      pos[g] = {
        x: x1 - x0 < 1e-6 ? cx : cx + (p[i].x - (x0 + x1) / 2) * sx,
        y: y1 - y0 < 1e-6 ? cy : cy + (p[i].y - (y0 + y1) / 2) * sy,
      };
    });
  });
  return pos;
}

function drawNetwork(data) {
  const root = clear($("network"));
  const W = 640;
  const H = 400;
  const nodes = data.nodes || [];
  const edges = data.edges || [];
  if (!nodes.length) {
    root.append(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty-note" },
      "No dyads match these filters."));
    return;
  }
  const pos = layout(nodes, edges, W, H);
  const at = new Map(nodes.map((node, i) => [node.id, pos[i]]));
  const maxNode = Math.max(...nodes.map((node) => node.events), 1);
  const small = nodes.length > 30 ? 0.7 : 1;
  const radius = (v) => small * (5 + 13 * Math.sqrt(v / maxNode));
  const rOf = new Map(nodes.map((node) => [node.id, radius(node.events)]));
  const maxEdge = Math.max(...edges.map((e) => e.events), 1);
  const pairs = new Set(edges.map((e) => `${e.source}\u0000${e.target}`));
  const edgeLayer = svg("g", { class: "edges" });
  for (const e of edges) {
    const a = at.get(e.source);
    const b = at.get(e.target);
    if (!a || !b) continue;
    const colour = goldsteinColour(e.goldstein_mean);
    const width = 1.2 + 5 * Math.sqrt(e.events / maxEdge);
    const label = `${e.source} → ${e.target}: ${e.events} events, mean Goldstein ` +
      fmtGoldstein(e.goldstein_mean);
    const attrs = {
      class: e.source === e.target ? "edge self" : "edge",
      "data-source": e.source, "data-target": e.target, "data-events": e.events,
      onclick: () => setFilters({ actor: "", source: e.source, target: e.target }),
    };
    if (e.source === e.target) {
      // an actor acting on itself (domestic events): a loop above its circle
      const r = rOf.get(e.source);
      const d = `M${a.x - r * 0.6},${a.y - r * 0.8} C${a.x - r * 2.2},${a.y - r * 3.2} ` +
        `${a.x + r * 2.2},${a.y - r * 3.2} ${a.x + r * 0.6},${a.y - r * 0.8}`;
      edgeLayer.append(svg("g", attrs, svg("title", {}, label),
        svg("path", { d, fill: "none", stroke: colour, "stroke-width": width, "stroke-opacity": 0.8 })));
      continue;
    }
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    // both directions present: bend each to its own side so neither hides the other
    const bend = pairs.has(`${e.target}\u0000${e.source}`) ? 0.18 : 0;
    const cx = (a.x + b.x) / 2 - dy * bend;
    const cy = (a.y + b.y) / 2 + dx * bend;
    // end the edge on the target's circle, with an arrow head along the curve's last tangent
    const tx = b.x - cx;
    const ty = b.y - cy;
    const td = Math.max(Math.hypot(tx, ty), 1);
    const rb = rOf.get(e.target) + 2;
    const ex = b.x - (tx / td) * rb;
    const ey = b.y - (ty / td) * rb;
    const head = 5 + width;
    const bx = ex - (tx / td) * head;
    const by = ey - (ty / td) * head;
    const px = (-ty / td) * head * 0.5;
    const py = (tx / td) * head * 0.5;
    edgeLayer.append(svg("g", attrs, svg("title", {}, label),
      svg("path", { d: `M${a.x},${a.y} Q${cx},${cy} ${bx},${by}`, fill: "none", stroke: colour,
        "stroke-width": width, "stroke-opacity": 0.8 }),
      svg("path", { d: `M${ex},${ey} L${bx + px},${by + py} L${bx - px},${by - py} Z`, fill: colour })));
  }
  root.append(edgeLayer);
  const selected = new Set(
    [state.filters.actor, state.filters.source, state.filters.target].filter(Boolean));
  const nodeLayer = svg("g", { class: "nodes" });
  const labelLayer = svg("g", { class: "labels" }); // above every circle, so none hides a name
  nodes.forEach((node, i) => {
    const p = pos[i];
    const r = rOf.get(node.id);
    const pick = () => setFilters({ actor: node.id, source: "", target: "" });
    nodeLayer.append(svg("g", {
      class: selected.has(node.id) ? "node selected" : "node", "data-id": node.id,
      transform: `translate(${p.x},${p.y})`, tabindex: 0, role: "button",
      "aria-label": `${node.id}, ${node.events} events: filter by this actor`,
      onclick: pick,
      onkeydown: (event) => {
        if (event.key === "Enter" || event.key === " ") pick();
      },
    },
    svg("title", {}, `${node.id}: ${node.events} events`),
    svg("circle", { r })));
    labelLayer.append(svg("text", {
      class: selected.has(node.id) ? "node-label selected" : "node-label",
      x: p.x, y: p.y + r + 12, "text-anchor": "middle",
    }, node.id));
  });
  root.append(nodeLayer, labelLayer);
}

function goldsteinScale() {
  const box = clear($("goldstein-scale"));
  const stops = [-10, -5, 0, 5, 10].map((v, i) => `${goldsteinColour(v)} ${i * 25}%`).join(",");
  box.append("Goldstein −10", el("span", { class: "bar", style: `background:linear-gradient(90deg,${stops})` }), "+10");
}

// ---------------------------------------------------------------- map

/** Natural Earth projection (Šavrič et al. 2011), scaled to the box. */
function project(lon, lat) {
  const l = (lon * Math.PI) / 180;
  const p = (lat * Math.PI) / 180;
  const p2 = p * p;
  const p4 = p2 * p2;
  const x = l * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)));
  const y = p * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)));
  return [320 + x * 116, 170 - y * 116];
}

function shapePath(geometry) {
  const parts = [];
  for (const polygon of geometry.coordinates) {
    for (const ring of polygon) {
      parts.push(ring.map(([lon, lat], i) => {
        const [x, y] = project(lon, lat);
        return `${i ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`;
      }).join("") + "Z");
    }
  }
  return parts.join("");
}

function countColour(v, max) {
  const t = Math.log1p(v) / Math.log1p(Math.max(max, 1));
  return mix([204, 222, 245], [23, 63, 140], t);
}

async function drawMap(data) {
  const root = clear($("map"));
  if (!state.shapes) state.shapes = await api("countries.geo.json");
  const counts = new Map((data.countries || []).map((c) => [c.iso3, c]));
  const max = Math.max(0, ...[...counts.values()].map((c) => c.events));
  const outline = [];
  for (let lat = -60; lat <= 90; lat += 5) outline.push(project(-180, lat));
  for (let lat = 90; lat >= -60; lat -= 5) outline.push(project(180, lat));
  root.append(svg("path", { class: "sphere",
    d: outline.map(([x, y], i) => `${i ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`).join("") + "Z" }));
  const drawn = new Set();
  const layer = svg("g", { class: "countries" });
  for (const f of state.shapes.features) {
    const c = counts.get(f.id);
    const name = f.properties.name;
    drawn.add(f.id);
    layer.append(svg("path", {
      class: c ? "country has-events" : "country",
      d: shapePath(f.geometry),
      style: c ? `fill:${countColour(c.events, max)}` : null,
      "data-iso3": f.id,
      "data-events": c ? c.events : 0,
    }, svg("title", {}, c
      ? `${name} (${f.id}): ${c.events} events, mean Goldstein ${fmtGoldstein(c.goldstein_mean)}`
      : `${name} (${f.id}): no events`)));
  }
  root.append(layer);
  const extra = [...counts.values()].filter((c) => !drawn.has(c.iso3));
  const total = [...counts.values()].reduce((s, c) => s + c.events, 0);
  const note = total
    ? `${total} located events in ${counts.size} countries.`
    : "No located events match these filters.";
  $("map-extra").textContent = extra.length
    ? `${note} Too small to draw: ${extra.map((c) => `${c.iso3} ${c.events}`).join(", ")}.`
    : note;
}

// ---------------------------------------------------------------- events table

function actorCell(actor) {
  if (!actor) return el("td", {}, el("span", { class: "actor-text" }, "–"));
  return el("td", {},
    el("span", { class: "actor-code", title: `root ${actor.root || "?"}, sector ${actor.sector || "–"}` },
      actorLabel(actor)),
    el("span", { class: "actor-text" }, actor.text || ""));
}

function eventRow(ev, docLink) {
  const quad = ev.quad_class;
  return el("tr", { class: "event", "data-event-id": ev.event_id || null },
    el("td", { class: "nowrap" }, ev.date || "–"),
    actorCell(ev.source),
    el("td", {},
      el("span", { class: "event-code" }, ev.code || ""),
      el("span", { class: "event-label" }, ev.label || "")),
    actorCell(ev.target),
    el("td", {}, quad ? el("span", { class: `quad q${quad}`, title: QUADS[quad - 1]?.label }, quad) : "–"),
    el("td", { class: "num", style: `color:${goldsteinColour(ev.goldstein)}` }, fmtGoldstein(ev.goldstein)),
    el("td", { class: "nowrap", title: ev.place || null }, ev.location || "–"),
    el("td", { class: "sentence" }, highlight(ev.sentence || "", eventRanges(ev))),
    el("td", {}, docLink));
}

function renderEvents(events, emptyText) {
  const body = clear(document.querySelector("#events tbody"));
  if (!events.length) {
    body.append(el("tr", { class: "empty" }, el("td", { colspan: 9 }, emptyText)));
    return;
  }
  for (const ev of events) {
    const link = el("a", {
      href: `#doc=${encodeURIComponent(ev.doc_hash || ev.doc_id)}`, class: "doc-link",
      onclick: (event) => {
        event.preventDefault();
        openDocument(ev.doc_hash || ev.doc_id, ev);
      },
    }, ev.doc_id || "document");
    body.append(eventRow(ev, link));
  }
}

async function loadEvents() {
  const data = await api(`api/events?${query({ limit: PAGE_SIZE, offset: state.offset })}`);
  state.total = data.total;
  $("events-title").textContent = `Events (${data.total})`;
  $("back-to-stored").hidden = true;
  renderEvents(data.events || [], "No stored events match these filters.");
  const first = data.total ? data.offset + 1 : 0;
  const last = data.offset + (data.events || []).length;
  $("page-info").textContent = `${first}–${last} of ${data.total}`;
  $("prev").disabled = data.offset <= 0;
  $("next").disabled = last >= data.total;
}

function renderLive() {
  const { answer } = state.live;
  const n = answer.events.length;
  $("events-title").textContent =
    `Events coded from the pasted article (${n}, ${answer.lang}${answer.date ? `, ${answer.date}` : ""}, not stored)`;
  $("back-to-stored").hidden = false;
  const body = clear(document.querySelector("#events tbody"));
  if (!n) {
    body.append(el("tr", { class: "empty" }, el("td", { colspan: 9 },
      "No event found in the pasted article.")));
  }
  for (const ev of answer.events) {
    const link = el("a", {
      href: "#pasted", class: "doc-link",
      onclick: (event) => {
        event.preventDefault();
        showDocument({ title: "Pasted article", doc_id: ev.doc_id, date: answer.date,
          lang: answer.lang, text: state.live.text, events: answer.events }, ev);
      },
    }, "pasted");
    body.append(eventRow(ev, link));
  }
  $("page-info").textContent = `${n} events`;
  $("prev").disabled = true;
  $("next").disabled = true;
}

// ---------------------------------------------------------------- document view

async function openDocument(id, focus) {
  try {
    showDocument(await api(`api/documents/${encodeURIComponent(id)}`), focus);
  } catch (err) {
    showMessage(errorText(err));
  }
}

/** The event with its offsets moved onto `text` when they do not point at its sentence there
 * (a pasted article whose first line was a `date` header is coded without that line). */
function aligned(ev, text) {
  const chars = Array.from(text);
  if (!ev.sentence || chars.slice(ev.start, ev.end).join("") === ev.sentence) return ev;
  const at = text.indexOf(ev.sentence);
  if (at < 0) return ev;
  const shift = Array.from(text.slice(0, at)).length - ev.start;
  return { ...ev, start: ev.start + shift, end: ev.end + shift,
    trigger_start: ev.trigger_start + shift, trigger_end: ev.trigger_end + shift };
}

/** The document's text with every event's sentence, actors and trigger marked; `focus` (an
 * event) is the sentence to scroll to. */
function showDocument(doc, focus) {
  $("doc-title").textContent = doc.title || doc.doc_id || "Document";
  const meta = clear($("doc-meta"));
  meta.append([doc.doc_id, doc.date, doc.lang].filter(Boolean).join(" · "));
  if (doc.url && /^https?:\/\//i.test(doc.url)) {
    meta.append(" · ", el("a", { href: doc.url, rel: "noopener noreferrer", target: "_blank" }, doc.url));
  }
  const text = doc.text || "";
  const events = (doc.events || []).map((ev) => aligned(ev, text));
  if (focus) focus = aligned(focus, text);
  const ranges = [];
  events.forEach((ev, i) => {
    ranges.push({ start: ev.start, end: ev.end, cls: "hl-sentence" });
    for (const r of eventRanges(ev)) {
      ranges.push({ ...r, start: r.start + ev.start, end: r.end + ev.start, title: `#${i + 1} ${r.title}` });
    }
  });
  if (focus) ranges.push({ start: focus.start, end: focus.end, cls: "hl-focus" });
  clear($("doc-text")).append(highlight(text, ranges));
  const list = clear($("doc-events"));
  for (const ev of events) {
    list.append(el("li", {},
      el("b", {}, `${actorLabel(ev.source)} → ${ev.target ? actorLabel(ev.target) : "–"}`),
      ` ${ev.code} ${ev.label || ""} `,
      el("span", { class: "hint" }, `(“${ev.trigger}”, Goldstein ${fmtGoldstein(ev.goldstein)})`)));
  }
  if (!events.length) list.append(el("li", {}, "No events."));
  const dialog = $("doc-view");
  if (!dialog.open) dialog.showModal();
  const target = $("doc-text").querySelector(".hl-focus");
  if (target) target.scrollIntoView({ block: "center" });
  else $("doc-text").scrollTop = 0;
}

// ---------------------------------------------------------------- paste and code

async function codeArticle(event) {
  event.preventDefault();
  const text = $("code-text").value;
  if (!text.trim()) return;
  const body = {
    text,
    date: $("code-date").value.trim() || null,
    lang: $("code-lang").value || null,
  };
  const button = $("code-submit");
  button.disabled = true;
  $("code-status").textContent = "Coding…";
  const started = performance.now();
  try {
    const answer = await api("api/code", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    state.live = { text, answer };
    const secs = ((performance.now() - started) / 1000).toFixed(1);
    $("code-status").textContent =
      `${answer.events.length} events coded in ${secs} s (language ${answer.lang}); shown in the table below.`;
    renderLive();
    $("events-panel").scrollIntoView({ behavior: "smooth", block: "start" });
  } catch (err) {
    $("code-status").textContent = errorText(err);
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------- wiring

async function refresh() {
  toHash();
  showMessage("");
  state.offset = 0;
  state.live = null;
  const q = query();
  const tasks = [
    api(`api/timeline?${query({ interval: state.interval === "year" ? "month" : state.interval })}`)
      .then((data) => drawTimeline(state.interval === "year" ? byYear(data) : data)),
    api(`api/network?${query({ limit: 60 })}`).then(drawNetwork),
    api(`api/countries?${q}`).then(drawMap),
    loadEvents(),
  ];
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) showMessage(errorText(failed.reason));
  document.body.dataset.ready = "true";
}

function init() {
  fromHash();
  writeForm();
  timelineLegend();
  goldsteinScale();
  $("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    readForm();
    refresh();
  });
  $("filters").elements.interval.addEventListener("change", () => {
    readForm();
    refresh();
  });
  $("reset").addEventListener("click", () => {
    state.filters = {};
    state.interval = "month";
    writeForm();
    refresh();
  });
  $("prev").addEventListener("click", () => {
    state.offset = Math.max(0, state.offset - PAGE_SIZE);
    loadEvents().catch((err) => showMessage(errorText(err)));
  });
  $("next").addEventListener("click", () => {
    state.offset += PAGE_SIZE;
    loadEvents().catch((err) => showMessage(errorText(err)));
  });
  $("back-to-stored").addEventListener("click", () => {
    state.live = null;
    loadEvents().catch((err) => showMessage(errorText(err)));
  });
  $("code-form").addEventListener("submit", codeArticle);
  $("doc-close").addEventListener("click", () => $("doc-view").close());
  loadStats();
  loadActors();
  refresh();
}

document.addEventListener("DOMContentLoaded", init);
