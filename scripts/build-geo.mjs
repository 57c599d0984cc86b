// Builds public/geo/world-110m.json, the map's offline base layer: Natural Earth 1:110m countries from world-atlas as
// GeoJSON, with rings that cross the antimeridian (Russia, Fiji, Antarctica) split at ±180 so no polygon draws a
// stripe across the map, plus the land borders between countries as lines. Run: node scripts/build-geo.mjs
// The output is committed; rerun only when world-atlas changes.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { feature, mesh } from 'topojson-client';

const require = createRequire(import.meta.url);
const topology = require('world-atlas/countries-110m.json');
const OUT = path.join(import.meta.dirname, '..', 'public', 'geo', 'world-110m.json');
const round = (v) => Math.round(v * 100) / 100;

/** Longitudes made continuous (no step over 180°), so a ring that crosses the antimeridian becomes one shape. */
function unwrap(ring) {
  const out = [ring[0].slice()];
  for (let i = 1; i < ring.length; i++) {
    const prev = out[i - 1][0];
    let lng = ring[i][0];
    while (lng - prev > 180) lng -= 360;
    while (lng - prev < -180) lng += 360;
    out.push([lng, ring[i][1]]);
  }
  return out;
}

/** Sutherland–Hodgman clip of a closed ring against the half-plane keep(lng). */
function clipHalf(ring, edge, keepLeft) {
  const inside = (p) => (keepLeft ? p[0] <= edge : p[0] >= edge);
  const cross = (a, b) => [edge, a[1] + ((b[1] - a[1]) * (edge - a[0])) / (b[0] - a[0])];
  const out = [];
  for (let i = 0; i < ring.length - 1; i++) {
    const a = ring[i];
    const b = ring[i + 1];
    if (inside(a)) {
      out.push(a);
      if (!inside(b)) out.push(cross(a, b));
    } else if (inside(b)) out.push(cross(a, b));
  }
  if (out.length < 3) return null;
  out.push(out[0].slice());
  return out;
}

/** A ring that crosses ±180 becomes one ring per world copy it touches, each shifted back into [-180, 180]. */
function splitRing(ring) {
  const crosses = ring.some((p, i) => i > 0 && Math.abs(p[0] - ring[i - 1][0]) > 180);
  if (!crosses) return [ring];
  let u = unwrap(ring);
  const span = u.at(-1)[0] - u[0][0];
  if (Math.abs(span) > 180) {
    // The ring goes round a pole (Antarctica): close it along the pole.
    const poleLat = u.reduce((s, p) => s + p[1], 0) / u.length < 0 ? -90 : 90;
    u = [...u, [u.at(-1)[0], poleLat], [u[0][0], poleLat], u[0].slice()];
  }
  const min = Math.min(...u.map((p) => p[0]));
  const max = Math.max(...u.map((p) => p[0]));
  const pieces = [];
  for (let k = Math.floor((min + 180) / 360); k <= Math.floor((max + 180) / 360); k++) {
    const lo = -180 + 360 * k;
    const hi = 180 + 360 * k;
    let piece = clipHalf(u, lo, false);
    if (piece) piece = clipHalf(piece, hi, true);
    const width = piece ? Math.max(...piece.map((p) => p[0])) - Math.min(...piece.map((p) => p[0])) : 0;
    if (piece && width > 1e-9) pieces.push(piece.map(([x, y]) => [x - 360 * k, y]));
  }
  return pieces;
}

function splitPolygon(rings) {
  const [outer, ...holes] = rings;
  // The 110m data has no holes in the rings that cross; keep holes only on rings that do not.
  const parts = splitRing(outer);
  return parts.length === 1 && parts[0] === outer ? [rings] : parts.map((r) => [r, ...holes.filter(() => false)]);
}

const countries = feature(topology, topology.objects.countries);
const features = [];
for (const f of countries.features) {
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  const split = polys.flatMap(splitPolygon).map((p) => p.map((r) => r.map(([x, y]) => [round(x), round(y)])));
  features.push({ type: 'Feature', properties: { kind: 'land', name: f.properties.name }, geometry: { type: 'MultiPolygon', coordinates: split } });
}
const borders = mesh(topology, topology.objects.countries, (a, b) => a !== b);
features.push({
  type: 'Feature',
  properties: { kind: 'border' },
  geometry: { type: 'MultiLineString', coordinates: borders.coordinates.map((l) => l.map(([x, y]) => [round(x), round(y)])) },
});

// Check: nothing left that steps across the map (an edge along a pole, closing Antarctica, is the map's edge).
for (const f of features) {
  const lines = f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates.flat() : f.geometry.coordinates;
  for (const l of lines)
    for (let i = 1; i < l.length; i++)
      if (Math.abs(l[i][0] - l[i - 1][0]) > 180 && Math.abs(l[i][1]) !== 90) throw new Error(`${f.properties.name ?? 'border'} still crosses ±180`);
}

fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, JSON.stringify({ type: 'FeatureCollection', features }));
console.log(`wrote ${path.relative(process.cwd(), OUT)}: ${features.length} features, ${(fs.statSync(OUT).size / 1024).toFixed(0)} KiB`);
