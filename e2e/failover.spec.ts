import { as, expect, test } from './fixtures';

test.describe('failover as an operator', () => {
  test.use(as('operator'));

  test('drain a region: read the preview, confirm; routing and map data update and an audit row appears', async ({ page }) => {
    await page.goto('/failover');
    const row = page.getByTestId('row-gcp-europe-west4');
    await row.getByRole('button', { name: 'Drain' }).click();
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect(page.getByTestId('preview')).toContainText('Every safety rule passes');
    await expect(page.getByTestId('moved-rps')).not.toHaveText('0 rps');
    await expect(page.getByRole('table', { name: 'Projected load' })).toContainText('europe-west4');
    // The commit stays disabled until the region code is typed.
    const commit = page.getByRole('button', { name: 'Commit change' });
    await expect(commit).toBeDisabled();
    await page.getByLabel('Type europe-west4 to confirm').fill('europe-west4');
    await page.getByLabel('Reason (recorded in the audit log)').fill('e2e: drain test');
    await commit.click();
    await expect(page.getByText(/Started operation/)).toBeVisible();
    await expect(row).toContainText('drained');

    // The live model follows the routing state: the drained region's traffic goes to zero.
    await expect
      .poll(async () => {
        const fleet = await (await page.request.get('/api/v1/fleet')).json();
        return fleet.regions.find((r: { id: string }) => r.id === 'gcp-europe-west4').rps;
      })
      .toBe(0);

    await page.goto('/audit?action=failover.drain');
    await expect(page.getByRole('table', { name: 'Audit events' })).toContainText('e2e: drain test');

    // Undo is a new operation.
    await page.goto('/failover');
    await row.getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByLabel('Reason (recorded in the audit log)').fill('e2e: restore');
    await page.getByRole('button', { name: 'Commit change' }).click();
    await expect(row).not.toContainText('drained');
  });

  test("drain one service in a region: only that service's traffic leaves, and the region keeps the rest", async ({ page }) => {
    await page.goto('/failover');
    const scope = page.getByLabel('Controls act on');
    await scope.selectOption({ label: 'Feed only' });
    const row = page.getByTestId('row-aws-us-west-2');
    await row.getByRole('button', { name: 'Drain' }).click();
    await expect(page.getByRole('heading', { name: 'Drain Feed in us-west-2' })).toBeVisible();
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect(page.getByTestId('preview')).toContainText('Every safety rule passes');
    await expect(page.getByRole('list', { name: 'Steps' })).toContainText('Drain svc-feed in aws-us-west-2');
    await page.getByLabel('Type us-west-2 to confirm').fill('us-west-2');
    await page.getByLabel('Reason (recorded in the audit log)').fill('e2e: drain feed only');
    await page.getByRole('button', { name: 'Commit change' }).click();
    await expect(page.getByText(/Started operation/)).toBeVisible();
    await expect(row.getByTestId('own-aws-us-west-2')).toBeVisible();
    await expect(row).toContainText('drained');

    // The region itself still serves every other service.
    await scope.selectOption('');
    await expect(row).not.toContainText('drained');
    const board = await (await page.request.get('/api/v1/failover/board')).json();
    expect(board.serviceRouting['aws-us-west-2:svc-feed']).toMatchObject({ drained: true });
    await expect
      .poll(async () => {
        const fleet = await (await page.request.get('/api/v1/fleet')).json();
        return fleet.regions.find((r: { id: string }) => r.id === 'aws-us-west-2').rps;
      })
      .toBeGreaterThan(0);
  });

  test("a data store's lag limit is set on the board; bad values and stale versions are refused", async ({ page }) => {
    await page.goto('/failover');
    const board = await (await page.request.get('/api/v1/failover/board')).json();
    const store = board.dataStores.find((d: { name: string }) => d.name === 'users-eu');
    const input = page.getByLabel('Lag limit of users-eu (ms)');
    await input.fill('50');
    await input.press('Enter');
    await expect(page.getByText('the lag limit must be 100-3600000 ms')).toBeVisible();
    await expect(page.getByTestId('lag-limit-users-eu')).toHaveText(`${store.maxLagMs} ms`);
    await input.fill('4500');
    await input.press('Enter');
    await expect(page.getByText('users-eu: lag limit 4500 ms.')).toBeVisible();
    await expect(page.getByTestId('lag-limit-users-eu')).toHaveText('4500 ms');

    // The HTTP twin: the old version is stale now, and nothing changes.
    const origin = new URL(page.url()).origin;
    const stale = await page.request.patch(`/api/v1/datastores/${store.id}`, {
      headers: { Origin: origin },
      data: { maxLagMs: 999, expectedVersion: store.version },
    });
    expect(stale.status()).toBe(409);
    expect((await stale.json()).error.message).toContain('changed since you looked');
    const unknown = await page.request.patch('/api/v1/datastores/no-such-store', { headers: { Origin: origin }, data: { maxLagMs: 999, expectedVersion: 1 } });
    expect(unknown.status()).toBe(404);
    await page.goto('/audit?action=datastore.lag_limit');
    await expect(page.getByRole('table', { name: 'Audit events' })).toContainText(store.id);
  });

  test('draining the last region of a pinned jurisdiction is refused with the reason', async ({ page }) => {
    await page.goto('/failover');
    await page.getByTestId('row-azure-switzerlandnorth').getByRole('button', { name: 'Drain' }).click();
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect(page.getByTestId('violations')).toContainText('SOVEREIGNTY');
    await expect(page.getByTestId('violations')).toContainText('CH users');
    await expect(page.getByRole('button', { name: 'Commit change' })).toHaveCount(0);

    // The server refuses it too, whatever the client shows.
    const r = await page.request.post('/api/v1/failover/operations', {
      headers: { Origin: new URL(page.url()).origin },
      data: { change: { kind: 'drain', regionId: 'azure-switzerlandnorth' }, expectedVersion: 1, confirm: 'switzerlandnorth', reason: 'e2e' },
    });
    expect(r.status()).toBe(422);
    expect((await r.json()).error.message).toContain('[SOVEREIGNTY]');
  });

  test('two operators acting on one region at once: exactly one succeeds, the other is told why', async ({ page, browser }) => {
    const other = await browser.newPage({ storageState: 'e2e/.auth/admin.json' });
    for (const p of [page, other]) {
      await p.goto('/failover');
      await p.getByTestId('row-aws-us-east-2').getByRole('button', { name: 'Drain' }).click();
      await p.getByRole('button', { name: 'Preview' }).click();
      // The fleet hour is pinned for tests (test/sim-clock.ts); at a busy hour this drain breaks the headroom rule.
      await expect(p.getByTestId('preview')).toContainText('Every safety rule passes');
      await p.getByLabel('Type us-east-2 to confirm').fill('us-east-2');
      await p.getByLabel('Reason (recorded in the audit log)').fill('e2e race');
    }
    await Promise.all([page.getByRole('button', { name: 'Commit change' }).click(), other.getByRole('button', { name: 'Commit change' }).click()]);
    const outcomes = await Promise.all(
      [page, other].map(async (p) => {
        const ok = p.getByText(/Started operation/);
        const refused = p.getByRole('alert').filter({ hasText: /changed since you looked|Another operation|already/ });
        await expect(ok.or(refused)).toBeVisible();
        return (await ok.count()) > 0 ? 'ok' : 'refused';
      }),
    );
    expect(outcomes.sort()).toEqual(['ok', 'refused']);

    // Concurrent API commits with the same version: one 201, one refusal.
    const origin = new URL(page.url()).origin;
    const board = await (await page.request.get('/api/v1/failover/board')).json();
    const version = board.versions['aws-us-east-2'];
    const body = { change: { kind: 'restore', regionId: 'aws-us-east-2' }, expectedVersion: version, reason: 'e2e race restore' };
    const [a, b] = await Promise.all([
      page.request.post('/api/v1/failover/operations', { headers: { Origin: origin }, data: body }),
      other.request.post('/api/v1/failover/operations', { headers: { Origin: origin }, data: body }),
    ]);
    const statuses = [a.status(), b.status()].sort();
    const bodies = JSON.stringify([await a.text(), await b.text()].map((t) => t.slice(0, 300)));
    expect(statuses[0], bodies).toBe(201);
    // 409: stale version or the scope was taken; 422: by then there was nothing left to change. Either way, told why.
    expect([409, 422], bodies).toContain(statuses[1]);
  });

  test('bad input is refused and changes nothing', async ({ page }) => {
    await page.goto('/failover');
    const origin = new URL(page.url()).origin;
    const post = (data: unknown) => page.request.post('/api/v1/failover/operations', { headers: { Origin: origin }, data });
    const before = await (await page.request.get('/api/v1/failover/board')).json();
    const cases = [
      { change: { kind: 'set_weight', regionId: 'aws-eu-west-1', weight: 300 }, expectedVersion: 1 },
      { change: { kind: 'set_dial', regionId: 'aws-eu-west-1', dialPct: -5 }, expectedVersion: 1 },
      { change: { kind: 'drain', regionId: 'aws-nowhere-1' }, expectedVersion: 1, confirm: 'aws-nowhere-1' },
      { change: { kind: 'set_weight', regionId: 'aws-eu-west-1', weight: 10 }, expectedVersion: 999 },
      { change: { kind: 'drain', regionId: 'aws-eu-west-1', serviceId: 'svc-nope' }, expectedVersion: 1, confirm: 'eu-west-1' },
      { change: { kind: 'set_weight', regionId: 'aws-eu-west-1', weight: 10, serviceId: '' }, expectedVersion: 1 },
      {
        change: { kind: 'switchover', dataStoreId: before.dataStores[0].id, targetRegionId: 'gcp-us-west1' },
        expectedVersion: before.dataStores[0].version,
        confirm: 'us-west1',
      },
    ];
    for (const c of cases) {
      const r = await post(c);
      expect(r.status(), JSON.stringify(c)).toBeGreaterThanOrEqual(400);
      expect(r.status()).toBeLessThan(500);
      expect((await r.json()).error.message.length).toBeGreaterThan(10);
    }
    const after = await (await page.request.get('/api/v1/failover/board')).json();
    expect(after.versions).toEqual(before.versions);
    expect(after.serviceRouting).toEqual(before.serviceRouting);
  });
});

test.describe('failover as a viewer', () => {
  test.use(as('viewer'));
  test('a viewer sees the board but no controls, and the API refuses', async ({ page }) => {
    await page.goto('/failover');
    await expect(page.getByRole('table', { name: 'Routing controls' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Drain' })).toHaveCount(0);
    const r = await page.request.post('/api/v1/failover/operations', {
      headers: { Origin: new URL(page.url()).origin },
      data: { change: { kind: 'drain', regionId: 'aws-eu-west-1' }, expectedVersion: 1, confirm: 'eu-west-1' },
    });
    expect(r.status()).toBe(403);
  });
});
