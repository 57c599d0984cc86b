import { as, expect, test } from './fixtures';

type Release = {
  id: string;
  status: string;
  phase: string;
  appliedWaves: number;
  gates: { pass: boolean; reason: string }[];
  timeline: { action: string; reason: string }[];
};

test.describe('releases as an operator', () => {
  test.use(as('operator'));

  test('a bad version fails its first gate, pauses and rolls back by itself; the audit log says why', async ({ page }) => {
    await page.goto('/releases');
    const form = page.getByRole('form', { name: 'Start a release' });
    await form.getByLabel('Service').selectOption('svc-auth');
    await form.getByLabel('New version').fill('7.4.0');
    await form.getByLabel('Bake time per wave (s)').fill('5');
    await expect(form.getByLabel('Roll back automatically when a gate fails')).toBeChecked();
    await form.getByLabel('Simulate a bad version (injects errors where it lands)').check();
    await form.getByLabel('Simulated error rate (fraction)').fill('0.3');
    await form.getByLabel('Reason (recorded in the audit log)').fill('e2e: bad version');
    await form.getByRole('button', { name: 'Start release' }).click();
    await page.waitForURL(/\/releases\/[^/]+$/);
    const id = page.url().split('/').at(-1) as string;

    // While the canary bakes, the map's API lists the release with the canary on the new version.
    const active = await (await page.request.get('/api/v1/releases/active')).json();
    const mine = active.find((a: { releaseId: string }) => a.releaseId === id);
    if (mine) expect(mine).toMatchObject({ serviceId: 'svc-auth', version: '7.4.0' });

    const release = async () => (await (await page.request.get(`/api/v1/releases/${id}`)).json()) as Release;
    await expect.poll(async () => (await release()).status, { timeout: 45_000, intervals: [500] }).toBe('rolled_back');

    const r = await release();
    // Only the canary wave ran: the first gate failed, on errors, and nothing beyond it shipped.
    expect(r.gates).toHaveLength(1);
    expect(r.gates[0].pass).toBe(false);
    expect(r.gates[0].reason).toMatch(/errors: error rate/);
    const actions = r.timeline.map((e) => e.action);
    expect(actions).toEqual([
      'release.start',
      'release.wave.start',
      'release.gate.fail',
      'release.pause',
      'release.rollback',
      'release.rollback.wave',
      'release.rolled_back',
    ]);

    // The page shows the state and the reason.
    await expect(page.getByTestId('release-status')).toHaveAttribute('data-status', 'rolled_back');
    await expect(page.getByTestId('gate-reason')).toContainText('Wave 1 failed its gate: errors: error rate');
    await expect(page.getByRole('list', { name: 'Release timeline' })).toContainText('Automatic rollback');

    // Every region of the service is back on the version it ran, and nothing is in flight.
    expect(((await (await page.request.get('/api/v1/releases/active')).json()) as { releaseId: string }[]).some((a) => a.releaseId === id)).toBe(false);

    await page.goto('/audit?action=release');
    const table = page.getByRole('table', { name: 'Audit events' });
    await expect(table).toContainText('failed its gate');
    await expect(table).toContainText('Automatic rollback');
    await expect(table).toContainText('back on 7.3.1');
  });

  test('bad input is refused with the reason and changes nothing; one release per service at a time', async ({ page }) => {
    await page.goto('/releases');
    const origin = new URL(page.url()).origin;
    const post = (data: object) => page.request.post('/api/v1/releases', { headers: { Origin: origin }, data });
    const count = async () => ((await (await page.request.get('/api/v1/releases')).json()).releases as unknown[]).length;
    const before = await count();
    const good = { serviceId: 'svc-user-profile', version: '3.9.0', bakeS: 3600, autoRollback: false, simulateBadVersion: null, reason: 'e2e' };

    const notSemver = await post({ ...good, version: 'latest' });
    expect(notSemver.status()).toBe(400);
    expect((await notSemver.json()).error.message).toContain('semver');
    const same = await post({ ...good, version: '3.8.4' });
    expect(same.status()).toBe(400);
    expect((await same.json()).error.message).toContain('already running');
    const tooShort = await post({ ...good, bakeS: 2 });
    expect(tooShort.status()).toBe(400);
    expect((await tooShort.json()).error.message).toContain('at least 5 s');
    const tooLong = await post({ ...good, bakeS: 90_000 });
    expect(tooLong.status()).toBe(400);
    expect((await tooLong.json()).error.message).toContain('24 h');
    const unknown = await post({ ...good, serviceId: 'svc-nope' });
    expect(unknown.status()).toBe(404);
    expect(await count()).toBe(before);

    // The form shows field errors beside the fields.
    const form = page.getByRole('form', { name: 'Start a release' });
    await form.getByLabel('Service').selectOption('svc-user-profile');
    await form.getByLabel('New version').fill('v3');
    await form.getByLabel('Bake time per wave (s)').fill('1');
    await form.getByRole('button', { name: 'Start release' }).click();
    await expect(form).toContainText('Version must look like semver');
    await expect(form).toContainText('Bake time must be at least 5 s');
    expect(await count()).toBe(before);

    // One release per service: the second is refused while the first runs.
    const first = await post(good);
    expect(first.status()).toBe(201);
    const { id } = await first.json();
    const second = await post({ ...good, version: '3.9.1' });
    expect(second.status()).toBe(422);
    expect((await second.json()).error.message).toContain('one release per service');
    expect(await count()).toBe(before + 1);

    // Operators pause, resume and roll back by hand; the rollback returns traffic wave by wave.
    await page.goto(`/releases/${id}`);
    const status = page.getByTestId('release-status');
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(status).toHaveAttribute('data-status', 'paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect(status).toHaveAttribute('data-status', 'running');
    await page.getByRole('button', { name: 'Roll back' }).click();
    await expect(status).toHaveAttribute('data-status', 'rolled_back', { timeout: 20_000 });
    await expect(page.getByRole('list', { name: 'Release timeline' })).toContainText('Rolled back by an operator');
  });
});

test.describe('releases as a viewer', () => {
  test.use(as('viewer'));
  test('sees releases and SLOs but cannot start one', async ({ page }) => {
    await page.goto('/releases');
    await expect(page.getByRole('form', { name: 'Start a release' })).toHaveCount(0);
    await page.goto('/slo');
    await expect(page.getByRole('table', { name: 'Service level objectives' })).toContainText('Auth');
    await expect(page.getByTestId('slo-data-span')).toContainText('telemetry');
  });
});
