import { as, expect, test } from './fixtures';

test.describe('live fleet', () => {
  test.use(as('operator'));

  test('an injected outage turns the region "down" on the overview within 2 s, live', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('live-rps')).not.toHaveText('0 rps');
    const tickBefore = await page.getByText(/fleet time/).textContent();
    await expect(page.getByText(/fleet time/)).not.toHaveText(tickBefore ?? ''); // it moves without reload

    await page.getByLabel('Failure kind').selectOption('region_outage');
    await page.getByLabel('Failure region').selectOption('aws-ap-southeast-2');
    await page.getByRole('button', { name: 'Inject' }).click();
    const clicked = Date.now();
    await expect(page.getByTestId('health-aws-ap-southeast-2')).toHaveAttribute('data-health', 'down', { timeout: 2000 });
    test.info().annotations.push({ type: 'outage-to-down-ms', description: String(Date.now() - clicked) });
    await expect(page.getByTestId('live-health')).toContainText('■ 1');

    // Clear it; the region recovers through degraded (hysteresis) and leaves the attention list.
    await page.getByRole('list', { name: 'Active failures' }).getByRole('button', { name: 'Clear' }).click();
    await expect(page.getByTestId('health-aws-ap-southeast-2')).toHaveCount(0, { timeout: 30_000 });
  });

  test('simulation controls refuse out-of-range values with a clear message', async ({ page }) => {
    await page.goto('/');
    const origin = new URL(page.url()).origin;
    const bad = [
      { action: 'speed', speed: 500 },
      { action: 'speed', speed: 0 },
      { action: 'inject', failure: { kind: 'degradation', regionId: 'aws-eu-west-1', errorRate: 7 } },
      { action: 'inject', failure: { kind: 'region_outage', regionId: 'aws-mars-1' } },
      { action: 'teleport' },
      { action: 'inject', failure: { kind: 'region_outage', regionId: 'aws-eu-west-1' }, startInS: -5 },
      { action: 'inject', failure: { kind: 'region_outage', regionId: 'aws-eu-west-1' }, durationS: 0 },
      { action: 'inject', failure: { kind: 'region_outage', regionId: 'aws-eu-west-1' }, startInS: 'soon' },
    ];
    for (const data of bad) {
      const r = await page.request.post('/api/v1/sim', { headers: { Origin: origin }, data });
      expect(r.status(), JSON.stringify(data)).toBe(400);
      expect((await r.json()).error.message).toMatch(
        /speed must be between 1 and 60|errorRate must be between|Unknown region|action must be|startInS must be|durationS must be/,
      );
    }
  });
});
