'use client';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { GeoJSONSource, MapGeoJSONFeature, Map as MapInstance, StyleSpecification } from 'maplibre-gl';
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatMs, formatPct, formatRps, formatUsd } from '@/lib/format';
import type { LiveFlow, LiveReplica } from '@/lib/live/types';
import { loadMapEngine, type MapEngineKind } from './engine';
import {
  type FeatureCollection,
  flowKey,
  flowsToArcs,
  flowsToDemand,
  LATENCY_BUCKETS,
  type MapRegion,
  regionsToGeoJSON,
  replicaKey,
  replicationToArcs,
  sameAsBefore,
} from './map-data';
import { addMarkerImages, FLOW_PATTERN_PX, flowPattern, LABEL_PIXEL_RATIO, labelImage } from './map-icons';
import { BASE_COLOURS, basePaint, HEALTH_COLOUR, MAPBOX_STYLE, type MapTheme, styleFor } from './map-style';

export interface MapLayers {
  traffic: boolean;
  demand: boolean;
  replication: boolean;
}

export interface FleetMapProps {
  regions: readonly MapRegion[];
  flows: readonly LiveFlow[];
  replication: readonly LiveReplica[];
  layers: MapLayers;
  selectedId?: string | null;
  onSelect?: (id: string) => void;
  /** Fly to a region; bump n to fly again to the same one. */
  focus?: { id: string; n: number } | null;
  /** Labels beside regions that need attention (off in the benchmark's 10,000 sites). */
  labels?: boolean;
  /** Called at each 'idle' that follows new data (benchmark). */
  onIdle?: () => void;
  /** Region id → ring colour of the version it runs (rollout overlay); routing rings are hidden meanwhile. */
  versionColours?: ReadonlyMap<string, string> | null;
  /** Where the camera starts (default: the whole world). */
  initialView?: { center: [number, number]; zoom: number };
  ariaLabel: string;
  className?: string;
}

// Traffic arcs move by shifting their pattern images (map.updateImage): a texture patch per step, no re-layout, so
// the map still reaches 'idle' between steps. One pattern per latency bucket.
const FLOW_STEP_MS = 45;
const flowPatternId = (i: number) => `flow-${i}`;
const flowPatternExpr = (): unknown[] => {
  const e: unknown[] = ['match', ['get', 'bucket']];
  for (let i = 0; i < LATENCY_BUCKETS.length - 1; i++) e.push(i, flowPatternId(i));
  e.push(flowPatternId(LATENCY_BUCKETS.length - 1));
  return e;
};
const arcColourExpr = (): unknown[] => {
  const e: unknown[] = ['match', ['get', 'bucket']];
  for (let i = 0; i < LATENCY_BUCKETS.length - 1; i++) e.push(i, LATENCY_BUCKETS[i].colour);
  e.push(LATENCY_BUCKETS[LATENCY_BUCKETS.length - 1].colour);
  return e;
};
const animationForced = () => typeof window !== 'undefined' && (window as { __meridianMapAnimate?: boolean }).__meridianMapAnimate === true;

/** Above this many arcs the dashes stand still: every animation step redraws every arc. */
export const ANIMATE_MAX_ARCS = 2000;

/**
 * Software WebGL (SwiftShader, llvmpipe): every animation step is a full redraw plus a read-back of the canvas on the
 * main thread (~50 ms at 1440×900 here), so a moving pattern would keep the page in long tasks. The arcs stand still
 * there, as under prefers-reduced-motion. window.__meridianMapAnimate = true forces animation (benchmark).
 */
function softwareRenderer(map: MapInstance): boolean {
  try {
    const gl = map.getCanvas().getContext('webgl2') ?? map.getCanvas().getContext('webgl');
    const ext = gl?.getExtension('WEBGL_debug_renderer_info');
    const name = ext && gl ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : '';
    return /swiftshader|llvmpipe|software/i.test(name);
  } catch {
    return false;
  }
}

// The map library (~250 KiB gzip) starts loading when this module is evaluated, before React hydrates the page and
// runs the effect that creates the map; one load per page.
let engineLoad: ReturnType<typeof loadMapEngine> | null = null;
const mapEngine = () => {
  engineLoad ??= loadMapEngine();
  return engineLoad;
};
if (typeof window !== 'undefined') mapEngine().catch(() => {});

/** After drawing new data the map holds still this long before drawing the next (see the data effect). */
const HOLD_MS = 600;

// Regions first: the worker tiles sources in the order they are sent, and markers matter most.
const SOURCES = ['regions', 'replication', 'demand', 'arcs'] as const;
type SourceId = (typeof SOURCES)[number];

/** The arcs' opacity; 0 while their first tiles are still coming in (see the data effect). */
const ARC_OPACITY = 0.9;

/**
 * Tile buffer (px of a 512 px tile) of our sources. MapLibre's default, 128, copies every arc within a quarter tile of
 * an edge into the neighbouring tile as well: at world zoom that doubled the arcs' vertices, their tiling in the
 * worker and, above all, the pixels SwiftShader rasterises and the tile clip then throws away (an arcs frame went
 * from 294 to 174 ms at 1,000 regions + 10,000 arcs, measured). 16 px still covers the widest arc (5 px) with its
 * miter joins; circles and icons (markers, demand) are only drawn from the tile that holds their centre whatever the
 * buffer, so for them a copy in the neighbour's buffer was only work for the worker.
 */
const TILE_BUFFER = 16;

/** Label images drawn beside regions, added before the regions' data so the worker never waits for them. */
const labelImageId = (theme: MapTheme, label: string) => `label:${theme}:${label}`;

function useTheme(): MapTheme {
  const [theme, setTheme] = useState<MapTheme>('light');
  useEffect(() => {
    const el = document.documentElement;
    const read = () => setTheme(el.classList.contains('dark') ? 'dark' : 'light');
    read();
    const mo = new MutationObserver(read);
    mo.observe(el, { attributes: true, attributeFilter: ['class'] });
    return () => mo.disconnect();
  }, []);
  return theme;
}

export function usePrefersReducedMotion(): boolean {
  const [reduced, setReduced] = useState(false);
  useEffect(() => {
    const mq = window.matchMedia('(prefers-reduced-motion: reduce)');
    setReduced(mq.matches);
    const on = () => setReduced(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  return reduced;
}

const healthColour = ['match', ['get', 'health'], 'down', HEALTH_COLOUR.down, 'degraded', HEALTH_COLOUR.degraded, HEALTH_COLOUR.healthy];
const labelIcon = (theme: MapTheme) => ['concat', labelImageId(theme, ''), ['get', 'label']];

/** Our layers over the base map: added once on load (and again after a Mapbox style swap). */
function addOverlay(map: MapInstance, theme: MapTheme, arcPattern: boolean) {
  const c = BASE_COLOURS[theme];
  const empty = { type: 'FeatureCollection' as const, features: [] };
  // A low maxzoom keeps the worker's tiling small (thousands of arcs would be pre-cut down to zoom 5); deeper zooms
  // over-zoom these tiles, which is plenty for arcs and markers.
  for (const id of SOURCES)
    if (!map.getSource(id))
      map.addSource(id, {
        type: 'geojson',
        data: empty,
        maxzoom: id === 'regions' ? 8 : 4,
        buffer: TILE_BUFFER,
        ...(id === 'regions' ? {} : { tolerance: 2 }),
      });
  const layers = [
    {
      // Demand as soft cells (one per users' country), not a heatmap: a heatmap's offscreen pass costs most of a
      // frame on software WebGL.
      id: 'demand',
      type: 'circle',
      source: 'demand',
      paint: {
        // zoom must be the outermost interpolate input (inside a product the layer is refused and never drawn).
        'circle-radius': [
          'interpolate',
          ['linear'],
          ['zoom'],
          0,
          ['*', 16, ['get', 'weight']],
          3,
          ['*', 34, ['get', 'weight']],
          6,
          ['*', 60, ['get', 'weight']],
        ],
        'circle-color': '#6366f1',
        'circle-opacity': ['interpolate', ['linear'], ['get', 'weight'], 0, 0.12, 1, 0.32],
        'circle-blur': 0.7,
        'circle-stroke-width': 0,
      },
    },
    {
      id: 'replication',
      type: 'line',
      source: 'replication',
      layout: { 'line-cap': 'round' },
      paint: {
        'line-color': ['case', ['get', 'stalled'], HEALTH_COLOUR.down, c.replication],
        'line-width': ['case', ['get', 'stalled'], 2.5, 1.5],
        'line-dasharray': [1, 2],
        'line-opacity': 0.9,
      },
    },
    {
      id: 'arcs',
      type: 'line',
      source: 'arcs',
      // A line-pattern (what the animation shifts) costs about twice a plain colour per frame on software WebGL:
      // plain colours by latency bucket wherever the arcs would not move anyway.
      paint: arcPattern
        ? { 'line-pattern': flowPatternExpr(), 'line-width': ['get', 'width'], 'line-opacity': ARC_OPACITY }
        : { 'line-color': arcColourExpr(), 'line-width': ['get', 'width'], 'line-opacity': ARC_OPACITY },
    },
    {
      id: 'region-halo',
      type: 'circle',
      source: 'regions',
      paint: { 'circle-radius': ['get', 'halo'], 'circle-color': healthColour, 'circle-opacity': 0.16, 'circle-stroke-width': 0 },
    },
    {
      id: 'region-rings',
      type: 'circle',
      source: 'regions',
      filter: ['any', ['get', 'drained'], ['get', 'dialled']],
      paint: {
        'circle-radius': ['+', 10, ['*', 7, ['get', 'size']]],
        'circle-opacity': 0,
        'circle-stroke-width': ['case', ['get', 'drained'], 3, 2],
        'circle-stroke-color': ['case', ['get', 'drained'], c.drained, '#7c3aed'],
      },
    },
    {
      id: 'region-version',
      type: 'circle',
      source: 'regions',
      filter: ['!=', ['get', 'versionColour'], ''],
      layout: { visibility: 'none' },
      paint: {
        'circle-radius': ['+', 10, ['*', 7, ['get', 'size']]],
        'circle-color': ['get', 'versionColour'],
        'circle-opacity': 0.35,
        'circle-stroke-width': 3.5,
        'circle-stroke-color': ['get', 'versionColour'],
      },
    },
    {
      id: 'region-selected',
      type: 'circle',
      source: 'regions',
      filter: ['==', ['get', 'id'], ''],
      paint: { 'circle-radius': ['+', 14, ['*', 8, ['get', 'size']]], 'circle-opacity': 0, 'circle-stroke-width': 3, 'circle-stroke-color': '#2563eb' },
    },
    {
      id: 'regions',
      type: 'symbol',
      source: 'regions',
      layout: {
        'icon-image': ['get', 'icon'],
        'icon-size': ['interpolate', ['linear'], ['get', 'size'], 0, 0.5, 1, 1.05],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        // Worst health drawn on top, so a down region is never hidden under a healthy neighbour.
        'symbol-sort-key': ['match', ['get', 'health'], 'down', 3, 'degraded', 2, 1],
      },
      paint: { 'icon-opacity': ['case', ['get', 'drained'], 0.6, 1] },
    },
    {
      id: 'region-badges',
      type: 'symbol',
      source: 'regions',
      filter: ['get', 'primary'],
      layout: { 'icon-image': 'badge-primary', 'icon-offset': [12, -12], 'icon-allow-overlap': true, 'icon-ignore-placement': true },
    },
    {
      id: 'region-labels',
      type: 'symbol',
      source: 'regions',
      filter: ['!=', ['get', 'label'], ''],
      layout: {
        'icon-image': labelIcon(theme),
        'icon-anchor': 'left',
        'icon-offset': [16, 0],
        'symbol-sort-key': ['match', ['get', 'health'], 'down', 0, 'degraded', 1, 2],
      },
    },
  ];
  for (const l of layers) if (!map.getLayer(l.id)) map.addLayer(l as Parameters<MapInstance['addLayer']>[0]);
}

/**
 * Adds the label image of every labelled region before its data goes to the map. Left to 'styleimagemissing', each
 * label arrived while the worker was laying out the regions' tiles: one image at a time, each re-sending the image
 * list to the worker and reloading the tiles that use it (about 0.25 s of main thread at 1,000 regions, in a trace).
 */
function addLabelImages(map: MapInstance, fc: { features: { properties: { label?: string } }[] }, theme: MapTheme) {
  for (const f of fc.features) {
    const label = f.properties.label;
    if (!label) continue;
    const id = labelImageId(theme, label);
    if (!map.hasImage(id)) map.addImage(id, labelImage(label, theme), { pixelRatio: LABEL_PIXEL_RATIO });
  }
}

type Tip = { x: number; y: number; lines: string[]; title: string } | null;

/** The live figures behind the features: tooltips read them here, the features carry only what is drawn. */
interface Lookups {
  regions: ReadonlyMap<string, MapRegion>;
  flows: ReadonlyMap<string, LiveFlow>;
  replicas: ReadonlyMap<string, LiveReplica>;
}

/** Edge costs are cents to dollars an hour: show cents. */
const usdPerHour = (x: number) => `${formatUsd(x, { cents: true })}/h`;

function tipFor(f: MapGeoJSONFeature, live: Lookups): { title: string; lines: string[] } | null {
  const p = f.properties as Record<string, unknown>;
  if (f.layer.id === 'regions') {
    const r = live.regions.get(String(p.id));
    if (!r) return null;
    const lines = [
      `Health: ${r.health}`,
      `${formatRps(r.rps)} · p95 ${formatMs(r.p95Ms)}`,
      `Errors ${formatPct(r.errorRate, 2)} · utilisation ${formatPct(r.utilisation, 0)}`,
    ];
    if (r.drained) lines.push('Drained: takes no new traffic');
    else if (r.dialPct < 100) lines.push(`Dialled to ${r.dialPct} %`);
    if (r.primaryOf.length) lines.push(`Database primary: ${r.primaryOf.join(', ')}`);
    lines.push('Click for details');
    return { title: `${r.name} (${r.provider} ${r.code})`, lines };
  }
  if (f.layer.id === 'replication') {
    const x = live.replicas.get(String(p.key));
    if (!x) return null;
    const code = (id: string) => live.regions.get(id)?.code ?? id;
    return {
      title: `Replication ${x.dataStore}`,
      lines: [
        `${code(x.primaryRegionId)} → ${code(x.replicaRegionId)}`,
        x.stalled ? 'STALLED' : `lag ${formatMs(x.lagMs)}`,
        ...(x.transferUsdPerHour !== undefined ? [`inter-region transfer ${usdPerHour(x.transferUsdPerHour)}`] : []),
      ],
    };
  }
  const fl = live.flows.get(String(p.key));
  if (!fl) return null;
  return {
    title: `Users in ${fl.country} → ${live.regions.get(fl.regionId)?.code ?? fl.regionId}`,
    lines: [
      formatRps(fl.rps),
      `round trip ${formatMs(fl.rttMs)}`,
      ...(fl.egressUsdPerHour !== undefined ? [`internet egress ${usdPerHour(fl.egressUsdPerHour)}`] : []),
    ],
  };
}

/**
 * The one map of Meridian. Created once; live data replaces the sources' data (setData), the theme repaints the base
 * layers, and nothing re-creates the map. data-map-ready="true" is set at the first 'idle' after the latest data.
 */
export function FleetMap({
  regions,
  flows,
  replication,
  layers,
  selectedId,
  onSelect,
  focus,
  labels = true,
  onIdle,
  versionColours = null,
  initialView,
  ariaLabel,
  className,
}: FleetMapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapInstance | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [engine, setEngine] = useState<MapEngineKind | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [tip, setTip] = useState<Tip>(null);
  const [software, setSoftware] = useState(false);
  const arcPattern = useRef(false);
  const theme = useTheme();
  const reducedMotion = usePrefersReducedMotion();
  const themeRef = useRef(theme);
  themeRef.current = theme;
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const startView = useRef(initialView);
  const onIdleRef = useRef(onIdle);
  onIdleRef.current = onIdle;
  const themeApplied = useRef<MapTheme | null>(null);
  const sent = useRef<Partial<Record<SourceId, unknown>>>({});

  const regionsById = useMemo(() => new Map(regions.map((r) => [r.id, r])), [regions]);
  const lookups = useRef<Lookups>({ regions: new Map(), flows: new Map(), replicas: new Map() });
  lookups.current = useMemo(
    () => ({ regions: regionsById, flows: new Map(flows.map((f) => [flowKey(f), f])), replicas: new Map(replication.map((r) => [replicaKey(r), r])) }),
    [regionsById, flows, replication],
  );
  // Each source keeps its previous collection while nothing drawn changed (sameAsBefore): a live tick that only moves
  // figures by a little sends nothing to the map.
  const prev = useRef<Partial<Record<SourceId, { sig: string; fc: FeatureCollection<unknown, object> }>>>({});
  const keep = <T extends FeatureCollection<unknown, object>>(id: SourceId, fc: T): T => {
    const k = sameAsBefore(prev.current[id] ?? null, fc);
    prev.current[id] = k;
    return k.fc as T;
  };
  const regionData = useMemo(() => regionsToGeoJSON(regions, { labels, versionColours: versionColours ?? undefined }), [regions, labels, versionColours]);
  const arcData = useMemo(() => flowsToArcs(flows, regionsById), [flows, regionsById]);
  const demandData = useMemo(() => flowsToDemand(flows), [flows]);
  const replicationData = useMemo(() => replicationToArcs(replication, regionsById), [replication, regionsById]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keep() only reads and writes the prev ref
  const data = useMemo(
    () => ({
      regions: keep('regions', regionData),
      arcs: keep('arcs', arcData),
      demand: keep('demand', demandData),
      replication: keep('replication', replicationData),
    }),
    [regionData, arcData, demandData, replicationData],
  );

  // Create the map once.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let cancelled = false;
    let map: MapInstance | null = null;
    container.dataset.mapReady = 'false';
    mapEngine()
      .then(({ kind, lib }) => {
        if (cancelled) return;
        setEngine(kind);
        const theme0 = themeRef.current;
        themeApplied.current = theme0;
        const zoom = startView.current?.zoom ?? Math.max(0.4, Math.log2(container.clientWidth / 512));
        map = new lib.Map({
          container,
          style: styleFor(kind, theme0) as StyleSpecification | string,
          center: startView.current?.center ?? [12, 22],
          zoom,
          minZoom: 0.3,
          maxZoom: 9,
          // One world: copies left and right of it draw every arc tile again, and cost their tiling in the worker.
          renderWorldCopies: false,
          dragRotate: false,
          pitchWithRotate: false,
          maxPitch: 0,
          fadeDuration: 0,
          attributionControl: kind === 'mapbox' ? { compact: true } : false,
        });
        mapRef.current = map;
        // Tests and the benchmark reach the map here (never in app code).
        (container as HTMLDivElement & { __map?: MapInstance }).__map = map;
        const soft = softwareRenderer(map);
        setSoftware(soft);
        // Patterned (animatable) arcs only where they may move: not on software WebGL, not under reduced motion.
        arcPattern.current = animationForced() || (!soft && !window.matchMedia('(prefers-reduced-motion: reduce)').matches);
        map.touchZoomRotate.disableRotation();
        map.addControl(new lib.NavigationControl({ showCompass: false }), 'top-right');
        map.getCanvas().setAttribute('aria-label', ariaLabel);
        map.on('styleimagemissing', (e: { id: string }) => {
          if (!e.id.startsWith('label:') || !map) return;
          const [, th, ...rest] = e.id.split(':');
          if (!map.hasImage(e.id)) map.addImage(e.id, labelImage(rest.join(':'), th as MapTheme), { pixelRatio: LABEL_PIXEL_RATIO });
        });
        map.on('style.load', () => {
          if (!map) return;
          addMarkerImages(map);
          LATENCY_BUCKETS.forEach((b, i) => {
            if (!map?.hasImage(flowPatternId(i))) map?.addImage(flowPatternId(i), flowPattern(b.colour, 0), { pixelRatio: LABEL_PIXEL_RATIO });
          });
          addOverlay(map, themeRef.current, arcPattern.current);
          sent.current = {};
          drawing.current = false;
          arcsHidden.current = false;
          setLoaded(true);
        });
        map.on('error', (e: { error?: Error }) => console.warn('map:', e.error?.message));
        let pending: { x: number; y: number } | null = null;
        map.on('mousemove', (e) => {
          const first = !pending;
          pending = e.point;
          if (!first) return;
          requestAnimationFrame(() => {
            const pt = pending;
            pending = null;
            if (!map || !pt) return;
            const hit = map.queryRenderedFeatures([pt.x, pt.y], { layers: ['regions', 'replication', 'arcs'].filter((l) => map?.getLayer(l)) });
            const f = hit.find((h) => h.layer.id === 'regions') ?? hit[0];
            map.getCanvas().style.cursor = f?.layer.id === 'regions' ? 'pointer' : '';
            const t = f ? tipFor(f, lookups.current) : null;
            setTip(t ? { x: pt.x, y: pt.y, ...t } : null);
          });
        });
        map.on('mouseout', () => setTip(null));
        map.on('click', 'regions', (e) => {
          const id = e.features?.[0]?.properties?.id;
          if (typeof id === 'string') onSelectRef.current?.(id);
        });
      })
      .catch((e: Error) => setFailed(e.message));
    return () => {
      cancelled = true;
      map?.remove();
      mapRef.current = null;
    };
  }, [ariaLabel]);

  // New data: setData on the sources that changed; the ready flag waits for the 'idle' that follows. Updates that
  // arrive while the map is still drawing the previous ones are coalesced (only the latest is kept), and after each
  // idle the map holds still for HOLD_MS: on a slow (software) renderer a snapshot a second would otherwise keep it
  // busy for ever, never idle and never readable.
  const pending = useRef<typeof data | null>(null);
  const drawing = useRef(false);
  const arcsHidden = useRef(false);
  const holdUntil = useRef(0);
  const holdTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const flushRef = useRef<() => void>(() => {});
  flushRef.current = () => {
    const map = mapRef.current;
    const container = containerRef.current;
    const next = pending.current;
    if (!map || !container || !next || drawing.current || holdTimer.current) return;
    const wait = holdUntil.current - performance.now();
    if (wait > 0) {
      holdTimer.current = setTimeout(() => {
        holdTimer.current = null;
        flushRef.current();
      }, wait);
      return;
    }
    // The very first data goes in two stages: markers, demand and replication first; the arcs as soon as the markers'
    // tiles are in (the worker then indexes and tiles them while those frames are drawn), drawn at opacity 0 (MapLibre
    // skips the layer) until all their tiles are in. Every frame with thousands of arcs costs a few hundred ms on a
    // software renderer, and a frame is drawn as each tile arrives: this way the arcs are in one frame, not in every
    // frame of the start-up, and the worker never waits for the first idle.
    const staged = !sent.current.regions && next.arcs.features.length > 0;
    pending.current = null;
    const send = (id: SourceId) => {
      if (id === 'regions') addLabelImages(map, next.regions, themeRef.current);
      (map.getSource(id) as GeoJSONSource | undefined)?.setData(next[id] as Parameters<GeoJSONSource['setData']>[0]);
      sent.current[id] = next[id];
    };
    let changed = false;
    for (const id of SOURCES) {
      if (staged && id === 'arcs') continue;
      if (sent.current[id] === next[id]) continue;
      send(id);
      changed = true;
    }
    if (!changed) return;
    if (staged) {
      map.setPaintProperty('arcs', 'line-opacity', 0);
      arcsHidden.current = true;
      const onData = (e: { sourceId?: string }) => {
        if (mapRef.current !== map || !arcsHidden.current) return map.off('sourcedata', onData);
        if (sent.current.arcs !== next.arcs) {
          if (e.sourceId === 'regions' && map.isSourceLoaded('regions')) send('arcs');
        } else if (e.sourceId === 'arcs' && map.isSourceLoaded('arcs')) {
          map.off('sourcedata', onData);
          showArcs(map);
        }
      };
      map.on('sourcedata', onData);
    }
    drawing.current = true;
    container.dataset.mapReady = 'false';
    const done = () => {
      // Safety net: arcs still hidden at idle (their tiles never reported in) are shown, and ready waits for that frame.
      if (arcsHidden.current && mapRef.current === map) {
        if (sent.current.arcs !== next.arcs) send('arcs');
        showArcs(map);
        map.once('idle', done);
        return;
      }
      drawing.current = false;
      container.dataset.mapReady = 'true';
      holdUntil.current = performance.now() + HOLD_MS;
      onIdleRef.current?.();
      flushRef.current();
    };
    map.once('idle', done);
  };
  const showArcs = (map: MapInstance) => {
    arcsHidden.current = false;
    map.setPaintProperty('arcs', 'line-opacity', ARC_OPACITY);
  };
  useEffect(() => {
    if (!loaded) return;
    pending.current = data;
    flushRef.current();
  }, [data, loaded]);
  useEffect(
    () => () => {
      if (holdTimer.current) clearTimeout(holdTimer.current);
    },
    [],
  );

  // Layer toggles.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    const vis = (on: boolean) => (on ? 'visible' : 'none');
    map.setLayoutProperty('arcs', 'visibility', vis(layers.traffic));
    map.setLayoutProperty('demand', 'visibility', vis(layers.demand));
    map.setLayoutProperty('replication', 'visibility', vis(layers.replication));
  }, [layers.traffic, layers.demand, layers.replication, loaded]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    map.setFilter('region-selected', ['==', ['get', 'id'], selectedId ?? '']);
  }, [selectedId, loaded]);

  // Rollout overlay: version rings replace the routing rings (same violet/slate family), so the two never mix.
  const byVersion = !!versionColours;
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    map.setLayoutProperty('region-rings', 'visibility', byVersion ? 'none' : 'visible');
    map.setLayoutProperty('region-version', 'visibility', byVersion ? 'visible' : 'none');
  }, [byVersion, loaded]);

  // Theme: repaint the base (MapLibre) or swap the Mapbox style (the overlay is re-added on 'style.load').
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded || themeApplied.current === theme) return;
    themeApplied.current = theme;
    if (engine === 'mapbox') {
      setLoaded(false);
      map.setStyle(MAPBOX_STYLE[theme]);
      return;
    }
    for (const [layer, prop, value] of basePaint(theme)) map.setPaintProperty(layer, prop, value);
    map.setPaintProperty('replication', 'line-color', ['case', ['get', 'stalled'], HEALTH_COLOUR.down, BASE_COLOURS[theme].replication]);
    map.setPaintProperty('region-rings', 'circle-stroke-color', ['case', ['get', 'drained'], BASE_COLOURS[theme].drained, '#7c3aed']);
    map.setLayoutProperty('region-labels', 'icon-image', labelIcon(theme));
  }, [theme, loaded, engine]);

  // Fly to a region (jump when the user prefers reduced motion); focus.n re-triggers a fly to the same region.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new focus request moves the camera, not new data
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded || !focus) return;
    const r = regionsById.get(focus.id);
    if (!r) return;
    const to = { center: [r.lng, r.lat] as [number, number], zoom: Math.max(map.getZoom(), 3.2) };
    if (reducedMotion) map.jumpTo(to);
    else map.flyTo({ ...to, duration: 1200 });
  }, [focus?.id, focus?.n, loaded]);

  // Traffic animation: dashes walk from users to regions; never under prefers-reduced-motion or in a hidden tab.
  const forced = animationForced();
  const animation: 'on' | 'reduced-motion' | 'software-renderer' | 'too-many-arcs' | 'off' =
    !layers.traffic || !loaded
      ? 'off'
      : reducedMotion
        ? 'reduced-motion'
        : forced
          ? 'on'
          : software
            ? 'software-renderer'
            : !arcPattern.current
              ? 'off'
              : data.arcs.features.length > ANIMATE_MAX_ARCS
                ? 'too-many-arcs'
                : data.arcs.features.length === 0
                  ? 'off'
                  : 'on';
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded || animation !== 'on') return;
    let raf = 0;
    let last = 0;
    const frame = (t: number) => {
      const step = Math.floor(t / FLOW_STEP_MS) % FLOW_PATTERN_PX;
      // Hold the dashes while new data is being drawn: the map reaches 'idle' (and data-map-ready) even on slow GPUs.
      const settling = containerRef.current?.dataset.mapReady !== 'true';
      if (step !== last && !document.hidden && !settling) {
        last = step;
        LATENCY_BUCKETS.forEach((b, i) => {
          map.updateImage(flowPatternId(i), flowPattern(b.colour, step));
        });
        // updateImage alone marks the style changed but schedules no frame (MapLibre 5): without this the dashes only
        // moved when something else redrew the map.
        map.triggerRepaint();
      }
      raf = requestAnimationFrame(frame);
    };
    raf = requestAnimationFrame(frame);
    return () => cancelAnimationFrame(raf);
  }, [animation, loaded]);

  return (
    <div className={`relative ${className ?? ''}`}>
      <div ref={containerRef} className="h-full w-full" data-testid="fleet-map" data-map-engine={engine ?? undefined} data-map-animation={animation} />
      {tip && (
        <div
          role="tooltip"
          className="pointer-events-none absolute z-10 max-w-72 rounded-md border border-[var(--border)] bg-[var(--panel)] px-2.5 py-1.5 text-xs shadow-lg"
          style={{ left: Math.min(tip.x + 14, (containerRef.current?.clientWidth ?? 0) - 260), top: tip.y + 14 }}
        >
          <div className="font-medium">{tip.title}</div>
          {tip.lines.map((l) => (
            <div key={l} className="tabular text-[var(--muted)]">
              {l}
            </div>
          ))}
        </div>
      )}
      {failed && (
        <div role="alert" className="absolute inset-x-4 top-4 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          The map could not start ({failed}). The table below has the same figures.
        </div>
      )}
    </div>
  );
}
