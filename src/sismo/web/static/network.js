// The actor network: root actors joined by their dyads, coloured by mean Goldstein.

import { $, clear, el, fmtGoldstein, goldsteinColour, svg } from "./dom.js";

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

/** The network of the API's `data`; `view.selected` holds the actors the filters name,
 * `view.pick(filters)` narrows the dashboard to a clicked actor or dyad. */
export function drawNetwork(data, view) {
  const root = clear($("network"));
  const W = 640;
  const H = 400;
  const nodes = data.nodes || [];
  const edges = data.edges || [];
  if (!nodes.length) {
    root.append(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty-note" },
      view.emptyText("dyads")));
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
      onclick: () => view.pick({ actor: "", source: e.source, target: e.target }),
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
  const selected = view.selected;
  const nodeLayer = svg("g", { class: "nodes" });
  const labelLayer = svg("g", { class: "labels" }); // above every circle, so none hides a name
  nodes.forEach((node, i) => {
    const p = pos[i];
    const r = rOf.get(node.id);
    const pick = () => view.pick({ actor: node.id, source: "", target: "" });
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

export function goldsteinScale() {
  const box = clear($("goldstein-scale"));
  const stops = [-10, -5, 0, 5, 10].map((v, i) => `${goldsteinColour(v)} ${i * 25}%`).join(",");
  box.append("Goldstein −10", el("span", { class: "bar", style: `background:linear-gradient(90deg,${stops})` }), "+10");
}
