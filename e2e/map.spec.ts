import type { Locator, Page } from '@playwright/test';
import { loadMapEngine } from '../components/map/engine';
import { flowsToArcs, greatCircle, sameAsBefore } from '../components/map/map-data';
import { MAPBOX_STYLE, styleFor } from '../components/map/map-style';
import { rolloutVersions } from '../components/map/rollout';
import { as, expect, test } from './fixtures';

// The live map, offline. Waits on data-map-ready (set at the map's 'idle' after the latest data), never sleeps.
// Pixel checks decode a screenshot of the map element in the page (an <img> from a data: URL, drawn on a 2D canvas):
// queryRenderedFeatures answers even when nothing is drawn, pixels do not.

type Rgb = [number, number, number];
const hex = (h: string): Rgb => [1, 3, 5].map((i) => Number.parseInt(h.slice(i, i + 2), 16)) as Rgb;
// Same values as components/map/map-style.ts (light theme).
const SEA = hex('#c6d9ec');
const LAND = hex('#f1eee7');
const HEALTHY = hex('#16a34a');
const DOWN = hex('#dc2626');
// lib/releases/colours.ts VERSION_COLOURS.new
const NEW_VERSION = hex('#7c3aed');
const OUTAGE_REGION = 'aws-ap-southeast-2';

interface FleetRegion {
  id: string;
  lat: number;
  lng: number;
}

async function mapReady(page: Page) {
  // waitFor watches the DOM on every frame, so a short ready window between live updates is not missed.
  await page.locator('[data-testid="fleet-map"][data-map-ready="true"]').waitFor({ state: 'attached', timeout: 30_000 });
}

/** Share of the map's pixels near each colour (Euclidean RGB distance ≤ tolerance). */
async function colourShares(page: Page, map: Locator, colours: Record<string, { rgb: Rgb; tolerance: number }>) {
  const png = (await map.screenshot()).toString('base64');
  return page.evaluate(
    async ({ png, colours }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${png}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d') as CanvasRenderingContext2D;
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      const out: Record<string, number> = {};
      for (const [name, { rgb, tolerance }] of Object.entries(colours)) {
        let n = 0;
        for (let i = 0; i < px.length; i += 4) {
          const d = Math.hypot(px[i] - rgb[0], px[i + 1] - rgb[1], px[i + 2] - rgb[2]);
          if (d <= tolerance) n++;
        }
        out[name] = n;
      }
      out.total = px.length / 4;
      return out;
    },
    { png, colours },
  );
}

/** The region's feature as the map's source holds it now. */
async function sourceFeature(page: Page, id: string) {
  return page.getByTestId('fleet-map').evaluate(async (el, id) => {
    // biome-ignore lint/suspicious/noExplicitAny: the map instance is exposed on its container for tests only
    const map = (el as any).__map;
    const data = await map.getSource('regions').getData();
    // biome-ignore lint/suspicious/noExplicitAny: GeoJSON from the page
    const f = data.features.find((x: any) => x.properties.id === id);
    return f ? { health: f.properties.health as string, icon: f.properties.icon as string } : null;
  }, id);
}

/** Properties of every feature of a map source, as the map holds them now. */
async function sourceProps(map: Locator, source: string): Promise<Record<string, unknown>[]> {
  return map.evaluate(async (el, source) => {
    // biome-ignore lint/suspicious/noExplicitAny: the map instance is exposed on its container for tests only
    const data = await (el as any).__map.getSource(source).getData();
    // biome-ignore lint/suspicious/noExplicitAny: GeoJSON from the page
    return data.features.map((f: any) => f.properties as Record<string, unknown>);
  }, source);
}

async function sim(page: Page, baseURL: string | undefined, body: object) {
  // Cookie-authenticated writes must come from our own origin (lib/api/handler.ts).
  const r = await page.request.post('/api/v1/sim', { data: body, headers: { origin: baseURL ?? '' } });
  expect(r.ok(), await r.text()).toBeTruthy();
  return (await r.json()) as { failureId?: string };
}

test.describe('map as an operator', () => {
  test.use(as('operator'));

  test('draws land, sea and health-coloured markers offline, with no outside request', async ({ page }) => {
    const outside: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.protocol.startsWith('http') && !['127.0.0.1', 'localhost'].includes(u.hostname)) outside.push(r.url());
    });
    await page.goto('/map');
    await mapReady(page);
    const map = page.getByTestId('fleet-map');
    const s = await colourShares(page, map, {
      sea: { rgb: SEA, tolerance: 14 },
      land: { rgb: LAND, tolerance: 14 },
      healthy: { rgb: HEALTHY, tolerance: 40 },
    });
    expect(s.sea / s.total, 'sea').toBeGreaterThan(0.2);
    expect(s.land / s.total, 'land').toBeGreaterThan(0.05);
    expect(s.healthy, 'healthy marker pixels').toBeGreaterThan(150);
    // The rendered markers agree with the live data: every region on the map is in the table.
    const rendered = await map.evaluate(
      // biome-ignore lint/suspicious/noExplicitAny: test hook
      (el) => (el as any).__map.queryRenderedFeatures({ layers: ['regions'] }).map((f: any) => f.properties.id as string),
    );
    expect(rendered.length).toBeGreaterThan(20);
    await expect(page.getByTestId(rendered[0])).toBeVisible();
    // The arcs are held at opacity 0 while their first tiles come in (components/map/fleet-map.tsx): at ready they
    // are shown and on the map.
    const arcs = await map.evaluate((el) => {
      // biome-ignore lint/suspicious/noExplicitAny: test hook
      const m = (el as any).__map;
      return { opacity: m.getPaintProperty('arcs', 'line-opacity'), drawn: m.queryRenderedFeatures({ layers: ['arcs'] }).length };
    });
    expect(arcs.opacity).toBe(0.9);
    expect(arcs.drawn, 'traffic arcs on the map').toBeGreaterThan(20);
    expect(outside).toEqual([]);
  });

  test('clicking a region opens the panel with the same numbers as the table', async ({ page, baseURL }) => {
    await sim(page, baseURL, { action: 'pause' });
    try {
      await page.goto('/map');
      await mapReady(page);
      const fleet = (await (await page.request.get('/api/v1/fleet')).json()) as { regions: (FleetRegion & { status: string })[] };
      // The region furthest from any other, so its marker is not under a neighbour's.
      const live = fleet.regions.filter((r) => r.status !== 'retired');
      const lonely = live
        .map((r) => ({ r, d: Math.min(...live.filter((o) => o.id !== r.id).map((o) => Math.hypot(o.lat - r.lat, o.lng - r.lng))) }))
        .sort((a, b) => b.d - a.d)[0].r;
      const map = page.getByTestId('fleet-map');
      const pt = await map.evaluate(
        // biome-ignore lint/suspicious/noExplicitAny: test hook
        (el, [lng, lat]) => (el as any).__map.project([lng, lat]) as { x: number; y: number },
        [lonely.lng, lonely.lat],
      );
      await map.click({ position: { x: pt.x, y: pt.y } });
      const panel = page.getByTestId('region-panel');
      await expect(panel).toHaveAttribute('data-region-id', lonely.id);
      const row = page.getByTestId(lonely.id);
      for (const field of ['rps', 'p50', 'p95', 'p99', 'errors', 'util']) {
        const inTable = (await row.locator(`[data-field="${field}"]`).textContent())?.trim();
        expect(inTable, field).toBeTruthy();
        await expect(panel.locator(`dd[data-field="${field}"]`), field).toHaveText(inTable ?? '');
      }
      await expect(panel.getByRole('link', { name: /Failover controls/ })).toHaveAttribute('href', `/failover?region=${lonely.id}`);
      await expect(panel.getByText('Month')).toBeVisible();
      await expect(panel.getByRole('heading', { name: /Deployments/ })).toBeVisible();

      // Keyboard path: Escape closes, the table's region button opens it again.
      await page.keyboard.press('Escape');
      await expect(panel).toHaveCount(0);
      await row.getByRole('button').focus();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('region-panel')).toHaveAttribute('data-region-id', lonely.id);
    } finally {
      await sim(page, baseURL, { action: 'resume' });
    }
  });

  test('an injected outage turns the marker down live, and replay shows it healthy 10 minutes earlier', async ({ page, baseURL }) => {
    await page.goto('/map');
    await mapReady(page);
    expect((await sourceFeature(page, OUTAGE_REGION))?.health).not.toBe('down');
    const { failureId } = await sim(page, baseURL, { action: 'inject', failure: { kind: 'region_outage', regionId: OUTAGE_REGION } });
    try {
      await expect.poll(() => sourceFeature(page, OUTAGE_REGION), { timeout: 20_000 }).toEqual({ health: 'down', icon: 'marker-down' });
      const row = page.getByTestId(OUTAGE_REGION);
      await expect(row.locator('[data-field="health"]')).toHaveText(/down/);
      await mapReady(page);
      const s = await colourShares(page, page.getByTestId('fleet-map'), { down: { rgb: DOWN, tolerance: 40 } });
      expect(s.down, 'down marker pixels').toBeGreaterThan(40);

      // Replay: 10 minutes ago (the 24 h backfill written at start-up covers it on a fresh database).
      const slider = page.getByTestId('replay-slider');
      const max = Number(await slider.getAttribute('max'));
      await slider.fill(String(max - 10 * 60_000));
      await expect(page.getByTestId('replay-state')).toContainText('Showing');
      await expect(row.locator('[data-field="health"]')).toHaveText(/healthy/);
      await expect.poll(() => sourceFeature(page, OUTAGE_REGION)).toEqual({ health: 'healthy', icon: 'marker-healthy' });
      await mapReady(page);

      await page.getByRole('button', { name: 'Back to live' }).click();
      await expect(page.getByTestId('replay-state')).toContainText('Live');
      await expect(row.locator('[data-field="health"]')).toHaveText(/down/);
    } finally {
      if (failureId) await sim(page, baseURL, { action: 'clear', failureId });
    }
  });

  test('history API: figures at a past minute and timeline marks', async ({ page }) => {
    const at = new Date(Date.now() - 60 * 60_000).toISOString();
    const h = await page.request.get(`/api/v1/history?at=${encodeURIComponent(at)}`);
    expect(h.ok()).toBeTruthy();
    const body = (await h.json()) as { range: { from: string } | null; regions: { regionId: string; health: string }[] };
    expect(body.range).not.toBeNull();
    expect(body.regions.length).toBeGreaterThan(20);
    const bad = await page.request.get('/api/v1/history?at=yesterday');
    expect(bad.status()).toBe(400);
    const ev = await page.request.get('/api/v1/history/events');
    const marks = ((await ev.json()) as { marks: { kind: string }[] }).marks;
    expect(marks.some((m) => m.kind === 'failure')).toBeTruthy();
  });
});

test.describe('map data (pure, no browser)', () => {
  test('great circles: adaptive points, split at the antimeridian; unchanged drawing keeps the previous collection', () => {
    const tokyoSf = greatCircle([139.7, 35.7], [-122.4, 37.8]);
    expect(tokyoSf).toHaveLength(2); // over the Pacific, in two pieces
    expect(tokyoSf[0].at(-1)?.[0]).toBe(180);
    expect(tokyoSf[1][0][0]).toBe(-180);
    for (const part of tokyoSf) for (let i = 1; i < part.length; i++) expect(Math.abs(part[i][0] - part[i - 1][0])).toBeLessThan(180);
    const parisBerlin = greatCircle([2.3, 48.8], [13.4, 52.5]);
    expect(parisBerlin.flat()).toHaveLength(2); // short and nearly straight: one segment
    expect(greatCircle([151, -33.8], [8.7, 50.1]).flat().length).toBeGreaterThan(6); // long and curved: more

    const regions = new Map([['r1', { lat: 50, lng: 8, code: 'r1' }]]);
    const flow = { country: 'FR', lat: 48.8, lng: 2.3, regionId: 'r1', rps: 1000, rttMs: 20 };
    const first = sameAsBefore(null, flowsToArcs([flow], regions));
    // rps moves by 0.1 %: nothing drawn changes, so the map gets the same object (no setData).
    expect(sameAsBefore(first, flowsToArcs([{ ...flow, rps: 1001 }], regions))).toBe(first);
    // the round trip crosses a latency bucket: a new collection.
    expect(sameAsBefore(first, flowsToArcs([{ ...flow, rttMs: 45 }], regions))).not.toBe(first);
  });

  test('rollout versions: canary regions new, the rest of the service old', () => {
    const v = rolloutVersions({ releaseId: 'x', serviceId: 's', version: '2.0.0', fromVersion: '1.9.0', status: 'running', regions: ['a'] }, ['a', 'b', 'c']);
    expect(v.byRegion.get('a')).toEqual({ version: '2.0.0', colour: '#7c3aed' });
    expect(v.byRegion.get('b')?.version).toBe('1.9.0');
    expect(v.legend.map((l) => [l.version, l.regions])).toEqual([
      ['2.0.0', 1],
      ['1.9.0', 2],
    ]);
  });
});

test.describe('map engine choice', () => {
  // The browser build has no Mapbox token, so the choice is tested on engine.ts itself, offline, with the two
  // libraries replaced by stand-ins that record what they were asked for.
  test('with a Mapbox token the map loads Mapbox GL with the token and Mapbox styles; without one, MapLibre; a failed load falls back', async () => {
    const asked: string[] = [];
    const fakeMapbox = { Map: class {}, accessToken: '' };
    const fakeMaplibre = { Map: class {} };
    const deps = {
      mapboxUrl: '/mapbox-gl/mapbox-gl.js',
      importMapbox: async (url: string) => {
        asked.push(url);
        return { default: fakeMapbox };
      },
      importMaplibre: async () => ({ default: fakeMaplibre }),
      warn: () => {},
    };
    const withToken = await loadMapEngine({ ...deps, token: 'pk.test-token' });
    expect(withToken.kind).toBe('mapbox');
    expect(withToken.lib).toBe(fakeMapbox);
    expect(fakeMapbox.accessToken).toBe('pk.test-token');
    expect(asked).toEqual(['/mapbox-gl/mapbox-gl.js']);
    expect(styleFor(withToken.kind, 'light')).toBe(MAPBOX_STYLE.light);
    expect(String(styleFor(withToken.kind, 'dark'))).toMatch(/^mapbox:\/\/styles\/mapbox\//);

    const without = await loadMapEngine({ ...deps, token: '' });
    expect(without.kind).toBe('maplibre');
    expect(without.lib).toBe(fakeMaplibre);
    expect(asked).toHaveLength(1);
    expect(typeof styleFor(without.kind, 'light')).toBe('object');

    const warned: string[] = [];
    const broken = await loadMapEngine({
      ...deps,
      token: 'pk.test-token',
      importMapbox: async () => {
        throw new Error('404');
      },
      warn: (m) => warned.push(m),
    });
    expect(broken.kind).toBe('maplibre');
    expect(warned.join()).toContain('Mapbox GL could not be loaded');
  });
});

test.describe('map overlays as an operator', () => {
  test.use(as('operator'));

  test('during a rollout the regions are ringed by version, named in the legend and the table, live', async ({ page, baseURL }) => {
    await page.goto('/map');
    await mapReady(page);
    const map = page.getByTestId('fleet-map');
    // Without arcs (their 80–150 ms colour is near the version violet), count violet pixels before the release.
    await page.getByRole('checkbox', { name: 'Traffic' }).uncheck();
    await mapReady(page);
    const before = await colourShares(page, map, { violet: { rgb: NEW_VERSION, tolerance: 24 } });
    await expect(page.getByTestId('legend-rollout')).toHaveCount(0);

    const post = await page.request.post('/api/v1/releases', {
      headers: { origin: baseURL ?? '' },
      data: { serviceId: 'svc-search', version: '8.5.0', bakeS: 3600, autoRollback: false, simulateBadVersion: null, reason: 'e2e: map rollout overlay' },
    });
    expect(post.status(), await post.text()).toBe(201);
    const { id } = (await post.json()) as { id: string };
    try {
      type Active = { releaseId: string; regions: string[] }[];
      const canary = async () => ((await (await page.request.get('/api/v1/releases/active')).json()) as Active).find((a) => a.releaseId === id)?.regions ?? [];
      await expect.poll(async () => (await canary()).length, { timeout: 20_000 }).toBeGreaterThan(0);
      const [onNew] = await canary();

      // No reload: the operation event (or the overlay's refresh) brings the release in.
      const legend = page.getByTestId('legend-rollout');
      await expect(legend).toContainText('Search', { timeout: 20_000 });
      await expect(legend.locator('[data-version="8.5.0"]')).toContainText('new');
      await expect(legend.locator('[data-version="8.4.0"]')).toContainText('old');
      await expect(page.getByTestId(onNew).locator('[data-field="version"]')).toHaveAttribute('data-version', '8.5.0');
      await expect.poll(async () => (await sourceProps(map, 'regions')).find((p) => p.id === onNew)?.versionColour).toBe('#7c3aed');
      await mapReady(page);
      const during = await colourShares(page, map, { violet: { rgb: NEW_VERSION, tolerance: 24 } });
      expect(during.violet - before.violet, 'violet ring pixels of the new version').toBeGreaterThan(30);

      // Turning the overlay off brings the routing rings back and removes the versions.
      await page.getByRole('checkbox', { name: 'Versions of the rollout' }).uncheck();
      await expect(legend).toHaveCount(0);
      await expect.poll(async () => (await sourceProps(map, 'regions')).find((p) => p.id === onNew)?.versionColour).toBe('');
    } finally {
      await page.goto(`/releases/${id}`);
      await page.getByRole('button', { name: 'Roll back' }).click();
      await expect(page.getByTestId('release-status')).toHaveAttribute('data-status', 'rolled_back', { timeout: 30_000 });
    }
  });

  test('the region panel shows the 1 h and 6 h SLO burn with its state', async ({ page }) => {
    await page.goto('/map');
    await mapReady(page);
    const region = 'aws-eu-west-1';
    await page.getByTestId(region).getByRole('button').click();
    const burn = page.getByTestId('region-panel').getByTestId('region-burn');
    await expect(burn.locator('[data-field="burn-1h"]')).toHaveText(/^\d+(\.\d+)?×$/);
    await expect(burn.locator('[data-field="burn-6h"]')).toHaveText(/^\d+(\.\d+)?×$/);
    await expect(burn.locator('[data-field="burn-state"]')).toHaveAttribute('data-state', /^(ok|burning|ticket|page)$/);
    // The panel shows what the burn read says (lib/queries/slo regionBurn), rounded as the SLO page rounds.
    const api = (await (await page.request.get(`/api/v1/regions/${region}/burn`)).json()) as { burn: { availabilityBurn: Record<string, number> } };
    const text = (x: number) => `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}×`;
    await expect(burn.locator('[data-field="burn-1h"]')).toHaveText(text(api.burn.availabilityBurn['1h']));
    await expect(burn.locator('[data-field="burn-6h"]')).toHaveText(text(api.burn.availabilityBurn['6h']));
  });

  test('the failover preview draws the projected arcs on the same map, the drained region marked', async ({ page }) => {
    const drained = 'gcp-europe-west4';
    await page.goto('/failover');
    await page.getByTestId(`row-${drained}`).getByRole('button', { name: 'Drain' }).click();
    await page.getByRole('button', { name: 'Preview' }).click();
    const box = page.getByTestId('preview-map');
    const map = box.getByTestId('fleet-map');
    await box.locator('[data-testid="fleet-map"][data-map-ready="true"]').waitFor({ state: 'attached', timeout: 30_000 });
    await expect(box).toHaveAttribute('data-when', 'after');
    const arcsTo = (keys: Record<string, unknown>[]) => keys.filter((p) => String(p.key).endsWith(`>${drained}`)).length;
    // After the change nobody is served by the drained region, and it is ringed as drained.
    const after = await sourceProps(map, 'arcs');
    expect(after.length).toBeGreaterThan(20);
    expect(arcsTo(after)).toBe(0);
    expect((await sourceProps(map, 'regions')).find((p) => p.id === drained)).toMatchObject({ drained: true });
    // Now (before the change) some users are.
    await box.getByRole('radio', { name: 'Now' }).check();
    await expect(box).toHaveAttribute('data-when', 'before');
    await expect.poll(async () => arcsTo(await sourceProps(map, 'arcs'))).toBeGreaterThan(0);
    await box.locator('[data-testid="fleet-map"][data-map-ready="true"]').waitFor({ state: 'attached', timeout: 30_000 });
  });
});
