import fs from 'node:fs';
import { generateBadFocusCsv, generateFocusCsv } from '../lib/costs/focus-sample';
import { as, expect, test } from './fixtures';

test.describe('costs as a manager', () => {
  test.use(as('manager'));

  test('open the report, filter, drill down, and export a CSV whose total matches the screen', async ({ page }) => {
    await page.goto('/costs');
    await expect(page.getByRole('heading', { name: 'Costs' })).toBeVisible();
    const total = (await page.getByTestId('cost-total').textContent())!;
    expect(total).toMatch(/^\$[\d,]+\.\d\d$/);
    // Every breakdown adds up to the headline total.
    for (const d of ['provider', 'category', 'team', 'service', 'region']) await expect(page.getByTestId(`total-${d}`)).toHaveText(total);

    await page.getByLabel('Provider', { exact: true }).selectOption('aws');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/provider=aws/);
    const awsTotal = (await page.getByTestId('cost-total').textContent())!;
    expect(awsTotal).not.toBe(total);
    await expect(page.getByTestId('total-team')).toHaveText(awsTotal);

    // The CSV export (same URL filters) ends with a TOTAL line equal to the screen.
    const link = page.getByRole('link', { name: 'Export by team (CSV)' });
    const res = await page.request.get((await link.getAttribute('href'))!);
    expect(res.status()).toBe(200);
    const csv = await res.text();
    const totalLine = csv.trim().split(/\r?\n/).pop()!;
    expect(`$${Number(totalLine.split(',')[2]).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`).toBe(awsTotal);

    // Drill down from a row of the team table to the records behind it.
    const teamTable = page.getByRole('table', { name: 'Cost by team' });
    const firstTeam = teamTable.getByRole('row').nth(1).getByRole('link');
    const teamName = (await firstTeam.textContent())!;
    await firstTeam.click();
    await expect(page).toHaveURL(/\/costs\/records\?.*team=/);
    await expect(page).toHaveURL(/provider=aws/);
    const records = page.getByRole('table', { name: 'Cost records' });
    await expect(records.getByRole('row')).toHaveCount(51);
    await expect(records.getByRole('row').nth(1)).toContainText(teamName);
    await expect(records.getByRole('row').nth(1)).toContainText('aws');
    await page.getByRole('link', { name: 'Next →' }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByText(/Page 2 of/)).toBeVisible();
  });

  test('import a FOCUS file and see it in the report; a re-import adds nothing', async ({ page }, info) => {
    const csv = generateFocusCsv({
      rows: 300,
      regions: [
        { provider: 'aws', code: 'eu-west-1' },
        { provider: 'aws', code: 'us-east-1' },
      ],
      services: ['api-gateway'],
      startDay: '2024-01-01',
      days: 20,
      seed: 3,
      creditEvery: 0,
    });
    const file = info.outputPath('good-focus.csv');
    fs.writeFileSync(file, csv);
    await page.goto('/costs?from=2024-01&to=2024-01');
    await expect(page.getByTestId('cost-records')).toHaveText('0');
    await page.goto('/costs/import');
    await page.getByLabel('FOCUS CSV file').setInputFiles(file);
    await page.getByRole('button', { name: 'Import' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Imported good-focus.csv' })).toContainText('300 rows');
    await page.goto('/costs?from=2024-01&to=2024-01');
    await expect(page.getByTestId('cost-records')).toHaveText('300');
    const total = await page.getByTestId('cost-total').textContent();
    await expect(page.getByRole('table', { name: 'Cost by provider' })).toContainText('aws');

    await page.goto('/costs/import');
    await page.getByLabel('FOCUS CSV file').setInputFiles(file);
    await page.getByRole('button', { name: 'Import' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toContainText('300 were already imported');
    await page.goto('/costs?from=2024-01&to=2024-01');
    await expect(page.getByTestId('cost-total')).toHaveText(total!);
  });

  test('a bad file gets the validation report and changes nothing', async ({ page }, info) => {
    await page.goto('/costs?from=2024-02&to=2024-02');
    await expect(page.getByTestId('cost-records')).toHaveText('0');
    const bad = generateBadFocusCsv({
      rows: 60,
      regions: [{ provider: 'aws', code: 'eu-west-1' }],
      services: ['api-gateway'],
      startDay: '2024-02-01',
      days: 10,
      seed: 5,
    });
    const file = info.outputPath('bad-focus.csv');
    fs.writeFileSync(file, bad.csv);
    await page.goto('/costs/import');
    await page.getByLabel('FOCUS CSV file').setInputFiles(file);
    await page.getByRole('button', { name: 'Import' }).click();
    const report = page.getByTestId('import-report');
    await expect(report).toContainText('Nothing was imported');
    const rows = page.getByRole('table', { name: 'Rejected rows' }).getByRole('row');
    await expect(rows).toHaveCount(bad.defects.length + 1);
    await expect(rows.nth(1)).toContainText(String(bad.defects[0]!.rowNumber));

    // The same file through the API with progress lines: JSON lines ending with the report.
    const res = await page.request.post('/api/v1/costs/imports?filename=bad-focus.csv', {
      data: bad.csv,
      headers: { 'Content-Type': 'text/csv', Accept: 'application/x-ndjson', Origin: new URL(page.url()).origin },
    });
    expect(res.headers()['content-type'], await res.text()).toContain('application/x-ndjson');
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const last = lines.at(-1);
    expect(last.report).toMatchObject({ status: 'rejected', rowsRejected: bad.defects.length, inserted: 0 });
    for (const l of lines.slice(0, -1)) expect(l.progress.rowsRead).toBeGreaterThan(0);

    const empty = info.outputPath('empty.csv');
    fs.writeFileSync(empty, '');
    await page.getByLabel('FOCUS CSV file').setInputFiles(empty);
    await page.getByRole('button', { name: 'Import' }).click();
    await expect(report).toContainText('The file is empty');

    await page.goto('/costs?from=2024-02&to=2024-02');
    await expect(page.getByTestId('cost-records')).toHaveText('0');
  });

  test('a budget with a negative amount shows a field error and saves nothing', async ({ page }) => {
    await page.goto('/costs/budgets');
    await expect(page.getByRole('heading', { name: 'Budgets' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Budgets forecast to overrun' })).toBeVisible();
    const form = page.getByRole('form', { name: 'New budget' });
    await form.getByLabel('Budget for').selectOption('region');
    await form.getByLabel('Amount (USD)').fill('-500');
    await form.getByRole('button', { name: 'Add budget' }).click();
    await expect(page.locator('#amountUsd-error')).toContainText('cannot be negative');
    await form.getByLabel('Amount (USD)').fill('12,50 USD');
    await form.getByRole('button', { name: 'Add budget' }).click();
    await expect(page.locator('#amountUsd-error')).toContainText('must be a number');
    await expect(page.getByRole('table', { name: 'Budgets' })).not.toContainText('region');

    // Editing an existing budget refuses a negative amount beside the field as well.
    const edit = page.getByRole('form', { name: /^Budget for / }).first();
    await edit.getByRole('textbox').fill('-1');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(edit.getByText('cannot be negative')).toBeVisible();
  });

  test('a budget can be deleted after a confirmation, and the deletion is audited', async ({ page, browser }) => {
    await page.goto('/costs/budgets');
    const form = page.getByRole('form', { name: 'New budget' });
    await form.getByLabel('Budget for').selectOption('region');
    const which = form.getByLabel('Which');
    const label = (await which.locator('option').first().textContent())!.trim();
    await form.getByLabel('Amount (USD)').fill('4321');
    await form.getByRole('button', { name: 'Add budget' }).click();
    const table = page.getByRole('table', { name: 'Budgets' });
    const row = table.getByRole('row').filter({ hasText: label }).filter({ hasText: 'region' });
    await expect(row).toHaveCount(1);

    // Dismissing the confirmation keeps it.
    page.once('dialog', (d) => d.dismiss());
    await row.getByRole('button', { name: `Delete budget for ${label}` }).click();
    await expect(row).toHaveCount(1);
    // Accepting it deletes it.
    page.once('dialog', (d) => {
      expect(d.message()).toContain(`budget for ${label}`);
      return d.accept();
    });
    await row.getByRole('button', { name: `Delete budget for ${label}` }).click();
    await expect(row).toHaveCount(0);

    const admin = await browser.newContext(as('admin'));
    try {
      const audit = await admin.newPage();
      await audit.goto(new URL('/audit?action=budget.delete', page.url()).href);
      await expect(audit.getByRole('table', { name: 'Audit events' })).toContainText('budget.delete');
    } finally {
      await admin.close();
    }
  });
});

test.describe('budgets as a viewer', () => {
  test.use(as('viewer'));

  test('shows budgets without edit or delete controls', async ({ page }) => {
    await page.goto('/costs/budgets');
    await expect(page.getByRole('heading', { name: 'Budgets' })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Delete budget for / })).toHaveCount(0);
    await expect(page.getByRole('form', { name: 'New budget' })).toHaveCount(0);
  });
});
