// DOM, API and format helpers shared by the dashboard's modules. Strings always become text
// nodes or attribute values, never HTML.

export const SVG_NS = "http://www.w3.org/2000/svg";
export const QUADS = [
  { key: "q1", label: "verbal cooperation" },
  { key: "q2", label: "material cooperation" },
  { key: "q3", label: "verbal conflict" },
  { key: "q4", label: "material conflict" },
];

/** An element with attributes and children; strings become text nodes, never HTML. */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  return fill(node, attrs, children);
}

/** An SVG element, same rules as el(). */
export function svg(tag, attrs, ...children) {
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

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- API

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function api(path, options) {
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

export function errorText(err) {
  if (err instanceof ApiError) return `error ${err.code}: ${err.message}`;
  return `error: ${err.message || err}`;
}

// ---------------------------------------------------------------- colours and formats

function lerp(a, b, t) {
  return a + (b - a) * t;
}

export function mix(c1, c2, t) {
  return `rgb(${c1.map((c, i) => Math.round(lerp(c, c2[i], t))).join(",")})`;
}

/** Goldstein −10 (red) … 0 (grey) … +10 (green). */
export function goldsteinColour(g) {
  if (g === null || g === undefined || Number.isNaN(g)) return "#9aa0a6";
  const t = Math.max(-1, Math.min(1, g / 10));
  return t < 0 ? mix([154, 160, 166], [192, 57, 43], -t) : mix([154, 160, 166], [30, 132, 73], t);
}

export function fmtGoldstein(g) {
  if (g === null || g === undefined) return "–";
  return (g > 0 ? "+" : "") + Number(g).toFixed(1);
}

export function actorLabel(actor) {
  if (!actor) return "–";
  return actor.code || actor.root || "?";
}
