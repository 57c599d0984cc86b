// The offline base style (no tile server: sea as background, land and borders from /geo/world-110m.json) and the
// colours shared by the map, the legend and the tests.
import type { HealthState } from '@/lib/fleet/types';

export type MapTheme = 'light' | 'dark';

// Same values as --color-healthy/degraded/down in app/globals.css; WebGL cannot read CSS variables.
export const HEALTH_COLOUR: Record<HealthState, string> = { healthy: '#16a34a', degraded: '#d97706', down: '#dc2626' };

export const BASE_COLOURS = {
  light: { sea: '#c6d9ec', land: '#f1eee7', coast: '#9fb2c6', border: '#b6ae9f', drained: '#475569', replication: '#0f766e', halo: '#0f172a' },
  dark: { sea: '#0a1422', land: '#1e2633', coast: '#2f3d52', border: '#3d4a5e', drained: '#cbd5e1', replication: '#2dd4bf', halo: '#e2e8f0' },
} as const;

export const GEO_URL = '/geo/world-110m.json';

/** Mapbox styles used instead of the offline base when a Mapbox token is configured. */
export const MAPBOX_STYLE: Record<MapTheme, string> = {
  light: 'mapbox://styles/mapbox/light-v11',
  dark: 'mapbox://styles/mapbox/dark-v11',
};

/** The style a map engine starts with: Mapbox's own styles with a token, else the offline base. */
export function styleFor(kind: 'maplibre' | 'mapbox', theme: MapTheme) {
  return kind === 'mapbox' ? MAPBOX_STYLE[theme] : offlineStyle(theme);
}

/** The base layers' ids, repainted on a theme change (the map is never re-created). */
export const BASE_LAYERS = ['sea', 'land', 'coast', 'borders'] as const;

export function offlineStyle(theme: MapTheme) {
  const c = BASE_COLOURS[theme];
  return {
    version: 8 as const,
    // Style changes (the arc animation, theme) apply at once: no cross-fade that keeps the map busy.
    transition: { duration: 0, delay: 0 },
    // A small tile buffer: land drawn in the default 128 px buffer is clipped away by the tile mask anyway, and cost
    // SwiftShader its pixels in every frame (world zoom shows four tiles).
    sources: { world: { type: 'geojson' as const, data: GEO_URL, buffer: 8 } },
    layers: [
      { id: 'sea', type: 'background' as const, paint: { 'background-color': c.sea } },
      { id: 'land', type: 'fill' as const, source: 'world', filter: ['==', ['get', 'kind'], 'land'], paint: { 'fill-color': c.land, 'fill-antialias': false } },
      { id: 'coast', type: 'line' as const, source: 'world', filter: ['==', ['get', 'kind'], 'land'], paint: { 'line-color': c.coast, 'line-width': 0.6 } },
      {
        id: 'borders',
        type: 'line' as const,
        source: 'world',
        filter: ['==', ['get', 'kind'], 'border'],
        paint: { 'line-color': c.border, 'line-width': 0.6 },
      },
    ],
  };
}

/** Paint values of the base layers for a theme, applied with setPaintProperty. */
export function basePaint(theme: MapTheme): [layer: string, prop: string, value: string][] {
  const c = BASE_COLOURS[theme];
  return [
    ['sea', 'background-color', c.sea],
    ['land', 'fill-color', c.land],
    ['coast', 'line-color', c.coast],
    ['borders', 'line-color', c.border],
  ];
}
