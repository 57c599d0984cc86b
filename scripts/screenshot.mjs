// Screenshots of pages for docs/screenshots and for looking at the UI: node scripts/screenshot.mjs <baseUrl> <role> <path:name>...
import { chromium } from '@playwright/test';

const [base, role, ...pages] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const ctx = await browser.newContext({
  viewport: { width: Number(process.env.W ?? 1440), height: Number(process.env.H ?? 900) },
  colorScheme: process.env.THEME === 'dark' ? 'dark' : 'light',
});
const page = await ctx.newPage();
await page.goto(`${base}/sign-in`);
await page.getByLabel('Email').fill(`${role}@meridian.local`);
await page.getByLabel('Password').fill('meridian-demo');
await page.getByRole('button', { name: 'Sign in' }).click();
await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
for (const spec of pages) {
  const [path, name] = spec.split(':');
  await page.goto(base + path);
  await page.waitForLoadState('networkidle');
  const ready = page.locator('[data-map-ready="true"]');
  if (await page.locator('[data-map-ready]').count()) await ready.waitFor({ timeout: 30_000 });
  await page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage: process.env.FULL === '1' });
  console.log('saved', name);
}
await browser.close();
