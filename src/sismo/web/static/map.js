// The map: countries shaded by the number of events the API locates there.

import { $, clear, fmtGoldstein, mix, svg } from "./dom.js";

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

/** The map of the API's `data` on the country `shapes` (GeoJSON keyed by ISO3). */
export function drawMap(data, shapes, view) {
  const root = clear($("map"));
  const counts = new Map((data.countries || []).map((c) => [c.iso3, c]));
  const max = Math.max(0, ...[...counts.values()].map((c) => c.events));
  const outline = [];
  for (let lat = -60; lat <= 90; lat += 5) outline.push(project(-180, lat));
  for (let lat = 90; lat >= -60; lat -= 5) outline.push(project(180, lat));
  root.append(svg("path", { class: "sphere",
    d: outline.map(([x, y], i) => `${i ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`).join("") + "Z" }));
  const drawn = new Set();
  const layer = svg("g", { class: "countries" });
  for (const f of shapes.features) {
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
    : view.emptyText("located events");
  $("map-extra").textContent = extra.length
    ? `${note} Too small to draw: ${extra.map((c) => `${c.iso3} ${c.events}`).join(", ")}.`
    : note;
}
