import { as, expect, test } from './fixtures';

test.describe('inventory as an operator', () => {
  test.use(as('operator'));

  test('the overview shows the seeded fleet', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Fleet overview' })).toBeVisible();
    await expect(page.getByTestId('stat-regions')).toHaveText('41');
    await expect(page.getByTestId('stat-services')).toHaveText('14');
    await expect(page.getByTestId('stat-mtd')).toContainText('$');
    await expect(page.getByRole('list', { name: 'Regions by provider' })).toContainText('azure');
  });

  test('create a region and find it in the table', async ({ page }) => {
    await page.goto('/regions/new');
    await page.getByLabel('Provider').selectOption('aws');
    await page.getByLabel('Region code').fill('eu-south-2');
    await page.getByLabel('Name', { exact: true }).fill('Europe (Spain)');
    await page.getByLabel('City', { exact: true }).fill('Zaragoza');
    await page.getByLabel('Country (ISO code)').fill('ES');
    await page.getByLabel('Jurisdiction').selectOption('EU');
    await page.getByLabel('Latitude').fill('41.65');
    await page.getByLabel('Longitude').fill('-0.88');
    await page.getByLabel('Capacity (requests per second)').fill('30000');
    await page.getByRole('button', { name: 'Create region' }).click();
    await expect(page).toHaveURL(/\/regions\/aws-eu-south-2/);
    await expect(page.getByRole('heading', { name: 'Europe (Spain)' })).toBeVisible();

    await page.goto('/regions?q=zaragoza');
    const table = page.getByRole('table', { name: 'Regions' });
    await expect(table.getByRole('row')).toHaveCount(2); // header + the new region
    await expect(table).toContainText('eu-south-2');
  });

  test('bad input shows errors beside the fields and the table is unchanged', async ({ page }) => {
    await page.goto('/regions');
    const before = await page.getByTestId('region-count').textContent();
    await page.goto('/regions/new');
    await page.getByLabel('Region code').fill('eu-west-1'); // duplicate of an existing AWS region
    await page.getByLabel('Name', { exact: true }).fill('x'.repeat(90));
    await page.getByLabel('City', { exact: true }).fill('Dublin');
    await page.getByLabel('Country (ISO code)').fill('IE');
    await page.getByLabel('Latitude').fill('123');
    await page.getByLabel('Longitude').fill('-6.2');
    await page.getByLabel('Capacity (requests per second)').fill('-10');
    await page.getByRole('button', { name: 'Create region' }).click();
    await expect(page.getByRole('alert').filter({ hasText: /./ })).toContainText('Some fields need attention');
    await expect(page.locator('#name-error')).toContainText('at most 80 characters');
    await expect(page.locator('#lat-error')).toContainText('between -90 and 90');
    await expect(page.locator('#capacityRps-error')).toContainText('cannot be negative');
    // What the user typed is still there to fix.
    await expect(page.getByLabel('City', { exact: true })).toHaveValue('Dublin');

    // Fix the fields; the duplicate is refused next, with a clear message.
    await page.getByLabel('Name', { exact: true }).fill('Duplicate of Ireland');
    await page.getByLabel('Latitude').fill('53.3');
    await page.getByLabel('Capacity (requests per second)').fill('1000');
    await page.getByRole('button', { name: 'Create region' }).click();
    await expect(page.getByRole('alert').filter({ hasText: /./ })).toContainText('aws eu-west-1 already exists');
    await expect(page.locator('#code-error')).toContainText('eu-west-1');

    await page.goto('/regions');
    await expect(page.getByTestId('region-count')).toHaveText(before ?? '');
  });

  test('a stale edit gets the conflict message and overwrites nothing', async ({ browser }) => {
    const a = await browser.newPage({ storageState: 'e2e/.auth/operator.json' });
    const b = await browser.newPage({ storageState: 'e2e/.auth/admin.json' });
    await a.goto('/regions/azure-uksouth');
    await b.goto('/regions/azure-uksouth');
    await a.getByLabel('City', { exact: true }).fill('London (edited by A)');
    await a.getByRole('button', { name: 'Save changes' }).click();
    await expect(a.getByText('Saved.')).toBeVisible();

    await b.getByLabel('City', { exact: true }).fill('London (edited by B)');
    await b.getByRole('button', { name: 'Save changes' }).click();
    await expect(b.getByRole('alert').filter({ hasText: /./ })).toContainText('Someone else changed UK South since you opened it');

    await b.reload();
    await expect(b.getByRole('heading', { name: 'UK South' })).toBeVisible();
    await expect(b.getByText('London (edited by A), GB')).toBeVisible();
  });

  test('retiring a region that still hosts deployments is refused with the reason', async ({ page }) => {
    await page.goto('/regions/aws-eu-west-1');
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: 'Retire region' }).click();
    await expect(page.getByRole('alert').filter({ hasText: /./ })).toContainText('cannot be retired: it still hosts');
  });

  test('filters and sort live in the URL', async ({ page }) => {
    await page.goto('/regions');
    await page.getByLabel('Provider').selectOption('gcp');
    await page.getByLabel('Jurisdiction').selectOption('EU');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/provider=gcp/);
    await expect(page.getByTestId('region-count')).toHaveText('2 regions');
    await page.getByRole('link', { name: /^Capacity/ }).click();
    await expect(page).toHaveURL(/sort=capacityRps/);
  });

  test('unknown ids show the 404 page', async ({ page }) => {
    const r = await page.goto('/regions/nope-nowhere-9');
    expect(r?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
    const s = await page.goto('/services/svc-does-not-exist');
    expect(s?.status()).toBe(404);
  });
});

test.describe('roles in the UI', () => {
  test.use(as('viewer'));
  test('a viewer reads but gets no edit controls', async ({ page }) => {
    await page.goto('/regions');
    await expect(page.getByRole('table', { name: 'Regions' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'New region' })).toHaveCount(0);
    await page.goto('/regions/aws-us-east-1');
    await expect(page.getByRole('button', { name: 'Save changes' })).toHaveCount(0);
  });
});

test('signing in with a wrong password is refused', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('viewer@meridian.local');
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /./ })).toContainText('Wrong email or password');
});
