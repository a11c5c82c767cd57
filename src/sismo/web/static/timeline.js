// The timeline: events per period stacked by QuadClass, with the mean Goldstein score.

import { $, QUADS, clear, el, fmtGoldstein, svg } from "./dom.js";

/** A round tick step of at least `v` (1, 2 or 5 times a power of ten; integers only). */
function niceStep(v) {
  if (v <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** Month buckets summed by year (the API counts by day, week or month). */
export function byYear(data) {
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

/**
 * The timeline of the API's `data`. `expected` is the number of events matching the filters,
 * of which those dated less precisely than the interval (a month-only date in a week view) have
 * no bucket. `view.emptyText(what)` says why a panel is empty; `view.pick(filters)` narrows the
 * dashboard to a clicked period.
 */
export function drawTimeline(data, expected, view) {
  const root = clear($("timeline"));
  const interval = data.interval || "month";
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
    ? `${total} event${total === 1 ? "" : "s"} in ${withEvents} ${interval}` +
      (withEvents === 1 ? "" : "s") +
      (gaps ? " (periods without events left out)" : "") +
      "; bars: events by QuadClass (left axis); line: mean Goldstein (right axis, −10…+10)." +
      " Click a bar to keep its period."
    : "";
  const missing = (expected || 0) - total;
  if (missing > 0) {
    $("timeline-caption").textContent += ` ${missing} event${missing === 1 ? "" : "s"} ` +
      (["day", "week"].includes(interval) ? "dated only by month or year" : "without a date") +
      ` not shown in this ${interval} view.`;
  }
  if (!buckets.length) {
    root.append(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty-note" },
      view.emptyText("events")));
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
      onclick: b.total ? () => view.pick(periodRange(b.period, interval)) : null,
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

export function timelineLegend() {
  const legend = clear($("timeline-legend"));
  for (const q of QUADS) {
    legend.append(el("li", {}, el("span", { class: "swatch", style: `background:var(--${q.key})` }),
      `${q.key.toUpperCase()} ${q.label}`));
  }
  legend.append(el("li", {}, el("span", { class: "swatch line", style: "background:#1d2430" }),
    "mean Goldstein"));
}
