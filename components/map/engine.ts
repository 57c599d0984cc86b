// Which map library draws the map. MapLibre (BSD, offline, no token) by default; Mapbox GL only when an operator sets
// NEXT_PUBLIC_MAPBOX_TOKEN. Mapbox GL is not a dependency (its licence needs a Mapbox account): it is loaded at run
// time, by the browser, from NEXT_PUBLIC_MAPBOX_GL_URL (default /mapbox-gl/mapbox-gl.js, an ESM build the operator
// serves) — so an install without a token never downloads, bundles or runs it. See docs/map.md.
import type * as MapLibre from 'maplibre-gl';

export type MapLibrary = typeof MapLibre;
export type MapEngineKind = 'maplibre' | 'mapbox';

export const MAPBOX_TOKEN = process.env.NEXT_PUBLIC_MAPBOX_TOKEN ?? '';

export async function loadMapEngine(): Promise<{ kind: MapEngineKind; lib: MapLibrary }> {
  if (MAPBOX_TOKEN) {
    try {
      const url = process.env.NEXT_PUBLIC_MAPBOX_GL_URL || '/mapbox-gl/mapbox-gl.js';
      const mod = await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ url);
      // mapbox-gl shares maplibre's API for everything this map uses (sources, layers, images, events).
      const lib = (mod.default ?? mod) as MapLibrary & { accessToken: string };
      lib.accessToken = MAPBOX_TOKEN;
      return { kind: 'mapbox', lib };
    } catch (e) {
      console.warn('Mapbox GL could not be loaded; drawing the offline MapLibre map instead.', e);
    }
  }
  const mod = (await import('maplibre-gl')) as MapLibrary & { default?: MapLibrary };
  return { kind: 'maplibre', lib: mod.default ?? mod };
}
