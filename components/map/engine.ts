// Which map library draws the map. MapLibre (BSD, offline, no token) by default; Mapbox GL only when an operator sets
// NEXT_PUBLIC_MAPBOX_TOKEN. Mapbox GL is not a dependency (its licence needs a Mapbox account): it is loaded at run
// time, by the browser, from NEXT_PUBLIC_MAPBOX_GL_URL (default /mapbox-gl/mapbox-gl.js, an ESM build the operator
// serves) — so an install without a token never downloads, bundles or runs it. See docs/map.md.
import type * as MapLibre from 'maplibre-gl';

export type MapLibrary = typeof MapLibre;
export type MapEngineKind = 'maplibre' | 'mapbox';

export const MAPBOX_TOKEN = process.env.NEXT_PUBLIC_MAPBOX_TOKEN ?? '';
export const MAPBOX_GL_URL = process.env.NEXT_PUBLIC_MAPBOX_GL_URL || '/mapbox-gl/mapbox-gl.js';

/** What the choice depends on; the defaults are the build's configuration (tests pass their own). */
export interface EngineConfig {
  token: string;
  mapboxUrl: string;
  importMapbox: (url: string) => Promise<unknown>;
  importMaplibre: () => Promise<unknown>;
  warn: (message: string, error: unknown) => void;
}

const BUILD_CONFIG: EngineConfig = {
  token: MAPBOX_TOKEN,
  mapboxUrl: MAPBOX_GL_URL,
  importMapbox: (url) => import(/* webpackIgnore: true */ /* turbopackIgnore: true */ url),
  importMaplibre: () => import('maplibre-gl'),
  warn: (m, e) => console.warn(m, e),
};

export async function loadMapEngine(config: Partial<EngineConfig> = {}): Promise<{ kind: MapEngineKind; lib: MapLibrary }> {
  const c = { ...BUILD_CONFIG, ...config };
  if (c.token) {
    try {
      const mod = (await c.importMapbox(c.mapboxUrl)) as { default?: unknown };
      // mapbox-gl shares maplibre's API for everything this map uses (sources, layers, images, events).
      const lib = (mod.default ?? mod) as MapLibrary & { accessToken: string };
      if (typeof (lib as { Map?: unknown }).Map !== 'function') throw new Error(`${c.mapboxUrl} is not a Mapbox GL build (no Map)`);
      lib.accessToken = c.token;
      return { kind: 'mapbox', lib };
    } catch (e) {
      c.warn('Mapbox GL could not be loaded; drawing the offline MapLibre map instead.', e);
    }
  }
  const mod = (await c.importMaplibre()) as MapLibrary & { default?: MapLibrary };
  return { kind: 'maplibre', lib: mod.default ?? mod };
}
