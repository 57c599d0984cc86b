import { expect, test as setup } from '@playwright/test';

// Signs in once per role and keeps the session for the tests (storageState).
for (const role of ['admin', 'operator', 'manager', 'viewer'] as const) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(`${role}@meridian.local`);
    await page.getByLabel('Password').fill('meridian-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('whoami')).toContainText(role);
    await page.context().storageState({ path: `e2e/.auth/${role}.json` });
  });
}
