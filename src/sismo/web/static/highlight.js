// Marking sources, triggers and targets in sentences and documents, from the API's offsets.

import { actorLabel, el } from "./dom.js";

/**
 * A fragment of `text` with character ranges wrapped in spans. Ranges are in code points (the
 * API counts like Python), may overlap; a piece covered by several ranges gets all classes.
 */
export function highlight(text, ranges) {
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
export function eventRanges(ev) {
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

/** The event with its offsets moved onto `text` when they do not point at its sentence there
 * (a pasted article whose first line was a `date` header is coded without that line). */
export function aligned(ev, text) {
  const chars = Array.from(text);
  if (!ev.sentence || chars.slice(ev.start, ev.end).join("") === ev.sentence) return ev;
  const at = text.indexOf(ev.sentence);
  if (at < 0) return ev;
  const shift = Array.from(text.slice(0, at)).length - ev.start;
  return { ...ev, start: ev.start + shift, end: ev.end + shift,
    trigger_start: ev.trigger_start + shift, trigger_end: ev.trigger_end + shift };
}
