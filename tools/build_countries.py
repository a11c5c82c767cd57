"""Build the dashboard's country shapes (run once; the output is committed).

Reads `countries-110m.json` of the npm package world-atlas (ISC licence, Natural Earth data in
TopoJSON with numeric ISO 3166-1 ids), decodes its arcs, and writes a small GeoJSON
FeatureCollection keyed by ISO 3166-1 alpha-3 (the code of sismo's `location` field), with
coordinates rounded to 0.01 degree. Antarctica is left out: it would take a third of the map.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/build_countries.py package/countries-110m.json OUT

with OUT = src/sismo/web/static/countries.geo.json.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pycountry

# Shapes that Natural Earth draws without an ISO numeric code; the codes sismo gives them.
UNNUMBERED = {"Kosovo": "XKX", "N. Cyprus": "CYP", "Somaliland": "SOM"}
LEFT_OUT = {"ATA"}


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every arc (TopoJSON stores quantized deltas)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    """One closed ring from arc indexes; a negative index ~i is arc i reversed."""
    out: list[list[float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        for n, (lon, lat) in enumerate(points):
            if n == 0 and out:
                continue  # shared with the end of the previous arc
            point = [round(lon, 2), round(lat, 2)]
            if not out or out[-1] != point:
                out.append(point)
    return out


def iso3(geometry: dict[str, Any]) -> str | None:
    """ISO alpha-3 of a geometry from its numeric id, or from its name when it has none."""
    numeric = geometry.get("id")
    if numeric is None:
        return UNNUMBERED.get(geometry["properties"]["name"])
    country = pycountry.countries.get(numeric=str(numeric).zfill(3))
    return country.alpha_3 if country else None


def build(topology: dict[str, Any]) -> dict[str, Any]:
    arcs = decode_arcs(topology)
    shapes: dict[str, dict[str, Any]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = iso3(geometry)
        if code is None or code in LEFT_OUT:
            continue
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        coords = [[ring(r, arcs) for r in polygon] for polygon in polygons]
        coords = [[r for r in polygon if len(r) >= 4] for polygon in coords]
        feature = shapes.setdefault(
            code,  # N. Cyprus and Somaliland join the state sismo codes them as
            {
                "type": "Feature",
                "id": code,
                "properties": {"name": geometry["properties"]["name"]},
                "geometry": {"type": "MultiPolygon", "coordinates": []},
            },
        )
        if geometry.get("id") is not None:
            feature["properties"]["name"] = geometry["properties"]["name"]
        feature["geometry"]["coordinates"].extend(p for p in coords if p)
    features = [shapes[code] for code in sorted(shapes)]
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-110m.json")
    parser.add_argument("out", type=Path, help="GeoJSON to write")
    args = parser.parse_args()
    collection = build(json.loads(args.topojson.read_text(encoding="utf-8")))
    args.out.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(collection['features'])} countries, {args.out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
