import type { Locator, Page } from '@playwright/test';
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
