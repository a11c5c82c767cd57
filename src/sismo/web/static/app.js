// sismo dashboard: vanilla JS + SVG against sismo's HTTP API (see README, "Dashboard").
// Every piece of text that comes from the API (article text may hold markup) is inserted as a
// text node, never parsed as HTML. This module holds the state, the filters, the event table,
// the document view and the code box; the panels draw in timeline.js, network.js and map.js.

import {
  $, QUADS, actorLabel, api, clear, el, errorText, fmtGoldstein, goldsteinColour,
} from "./dom.js";
import { aligned, eventRanges, highlight } from "./highlight.js";
import { drawMap } from "./map.js";
import { drawNetwork, goldsteinScale } from "./network.js";
import { byYear, drawTimeline, timelineLegend } from "./timeline.js";

const PAGE_SIZE = 50;
const FILTER_KEYS = ["actor", "source", "target", "root", "quad", "since", "until", "lang"];
const state = {
  filters: {},
  interval: "month",
  offset: 0,
  total: 0,
  live: null, // the last POST /api/code answer with its text, while the table shows it
  shapes: null, // the country GeoJSON, fetched once (a promise)
};

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

/** What an empty panel says: no match for the filters, or nothing stored at all. */
function nothing(what) {
  return Object.keys(state.filters).length
    ? `No ${what} match these filters.`
    : `No ${what} stored yet: run \`sismo ingest\`, or paste an article in “Code an article”.`;
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
  renderEvents(data.events || [], nothing("events"));
  const first = data.total ? data.offset + 1 : 0;
  const last = data.offset + (data.events || []).length;
  $("page-info").textContent = data.total ? `${first}–${last} of ${data.total}` : "0 events";
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
  state.total = 0;
  state.live = null;
  const q = query();
  const events = loadEvents();
  const interval = state.interval === "year" ? "month" : state.interval;
  const view = {
    emptyText: nothing,
    pick: setFilters,
    selected: new Set([state.filters.actor, state.filters.source, state.filters.target]),
  };
  state.shapes = state.shapes || api("countries.geo.json").catch((err) => {
    state.shapes = null; // asked again at the next refresh
    throw err;
  });
  const tasks = [
    // drawn once the events' total is known, to say how many have no date this precise
    Promise.all([api(`api/timeline?${query({ interval })}`), events.catch(() => null)])
      .then(([data]) => drawTimeline(
        state.interval === "year" ? byYear(data) : data, state.total, view)),
    api(`api/network?${query({ limit: 60 })}`).then((data) => drawNetwork(data, view)),
    Promise.all([api(`api/countries?${q}`), state.shapes])
      .then(([data, shapes]) => drawMap(data, shapes, view)),
    events,
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
  const doc = new URLSearchParams(location.hash.slice(1)).get("doc"); // a shared document link
  loadStats();
  loadActors();
  refresh();
  if (doc) openDocument(doc);
}

document.addEventListener("DOMContentLoaded", init);
