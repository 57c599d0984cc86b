// Security at the edges, against the production build: who gets in, what the responses reveal, how tokens live and die.
import { type APIRequestContext, request as apiRequest } from '@playwright/test';
import { BASE_URL } from '../playwright.config';
import { as, expect, test } from './fixtures';

const STACK = /\n\s+at |node_modules|\.tsx?:\d+:\d+|\.js:\d+:\d+/;
// Each test that signs in through the form comes from its own client address, so the per-address sign-in limit of
// one test never blocks another (x-forwarded-for is what the limiter keys on behind a proxy).
const clientAddress = () => `203.0.113.${1 + Math.floor(Math.random() * 250)}`;

async function anonymous(): Promise<APIRequestContext> {
  return apiRequest.newContext({ baseURL: BASE_URL });
}

test.describe('anonymous visitors', () => {
  test('a page redirects to sign-in, an API answers 401 in JSON', async ({ page }) => {
    await page.goto('/regions');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fregions/);
    const api = await anonymous();
    const res = await api.get('/api/v1/fleet');
    expect(res.status()).toBe(401);
    expect(res.headers()['content-type']).toContain('application/json');
    expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    await api.dispose();
  });

  test('responses carry the security headers', async ({ page }) => {
    const res = await page.goto('/sign-in');
    const h = res?.headers() ?? {};
    expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(h['content-security-policy']).toMatch(/worker-src [^;]*blob:/);
    expect(h['content-security-policy']).toContain("default-src 'self'");
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['x-powered-by']).toBeUndefined();
  });

  test('the sixth wrong password for an email is refused as too many, from any address', async ({ page }) => {
    const email = `rate-limit-${Date.now()}@meridian.local`;
    await page.setExtraHTTPHeaders({ 'x-forwarded-for': clientAddress() });
    await page.goto('/sign-in');
    for (let i = 1; i <= 6; i++) {
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(`wrong-password-${i}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const alert = page.getByRole('alert').filter({ hasText: /./ });
      if (i < 6) await expect(alert).toContainText('Wrong email or password');
      else await expect(alert).toContainText('Too many failed sign-ins');
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    }
    // The email stays blocked from another address too.
    await page.setExtraHTTPHeaders({ 'x-forwarded-for': clientAddress() });
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('wrong-password-7');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: /./ })).toContainText('Too many failed sign-ins');
  });
});

test.describe('roles at the API', () => {
  test('a viewer may not control the simulation: 403 with the reason, no stack', async () => {
    const api = await apiRequest.newContext({ baseURL: BASE_URL, storageState: 'e2e/.auth/viewer.json', extraHTTPHeaders: { origin: BASE_URL } });
    const res = await api.post('/api/v1/sim', { data: { action: 'speed', speed: 2 } });
    expect(res.status()).toBe(403);
    const body = await res.json();
    expect(body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(body.error.message).toContain('viewer');
    await api.dispose();
  });

  test('error responses never carry a stack trace', async () => {
    const api = await apiRequest.newContext({ baseURL: BASE_URL, storageState: 'e2e/.auth/operator.json', extraHTTPHeaders: { origin: BASE_URL } });
    const bad = await api.post('/api/v1/sim', { data: '{"action": "speed", "speed": ', headers: { 'content-type': 'application/json' } });
    expect(bad.status()).toBe(400);
    const text = await bad.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'VALIDATION' } });
    expect(text).not.toMatch(STACK);
    const invalid = await api.post('/api/v1/sim', { data: { action: 'speed', speed: 'Infinity' } });
    expect(invalid.status()).toBe(400);
    expect(await invalid.text()).not.toMatch(STACK);
    const missing = await api.get('/api/v1/no-such-route');
    expect(missing.status()).toBe(404);
    expect(await missing.text()).not.toMatch(STACK);
    await api.dispose();
  });
});

test.describe('an admin manages API tokens', () => {
  test.use(as('admin'));

  test('a token is shown once, works as a bearer token, and gets 401 once revoked', async ({ page }) => {
    page.on('dialog', (d) => void d.accept());
    const name = `e2e-token-${Date.now()}`;
    await page.goto('/settings/tokens');
    await expect(page.getByRole('heading', { name: 'API tokens' })).toBeVisible();
    await page.getByLabel('Token name').fill(name);
    await page.getByLabel('Token role').selectOption('viewer');
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByTestId('new-token');
    await expect(shown).toHaveValue(/^mrd_[A-Za-z0-9_-]{43}$/);
    const token = await shown.inputValue();

    const api = await anonymous();
    const auth = { Authorization: `Bearer ${token}` };
    const ok = await api.get('/api/v1/fleet', { headers: auth });
    expect(ok.status()).toBe(200);
    expect(await ok.json()).toHaveProperty('regions');
    // A viewer token may read but not act.
    expect((await api.post('/api/v1/sim', { headers: auth, data: { action: 'pause' } })).status()).toBe(403);

    // The list shows the token (and when it was last used), never its secret.
    await page.reload();
    const row = page.getByRole('table', { name: 'API tokens' }).getByRole('row').filter({ hasText: name });
    await expect(row).toBeVisible();
    await expect(row).not.toContainText('never'); // last used just now
    expect(await page.content()).not.toContain(token);

    await row.getByRole('button', { name: `Revoke ${name}` }).click();
    await expect(row).toContainText('revoked');
    const after = await api.get('/api/v1/fleet', { headers: auth });
    expect(after.status()).toBe(401);
    await api.dispose();
  });
});

test.describe('an admin manages users', () => {
  test.use(as('admin'));

  test('create a user with field errors first, disable them (signed out at once), and the last admin is kept', async ({ page, browser }) => {
    page.on('dialog', (d) => void d.accept());
    const email = `e2e-user-${Date.now()}@meridian.local`;
    const password = 'a-long-enough-password';
    await page.goto('/settings/users');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Name', { exact: true }).fill('Erin Engineer');
    await page.getByLabel('Role', { exact: true }).selectOption('operator');
    await page.getByLabel('Initial password').fill('short');
    await page.getByRole('button', { name: 'Create user' }).click();
    await expect(page.locator('#password-error')).toContainText('at least 12 characters');
    await expect(page.getByLabel('Email')).toHaveValue(email);
    await page.getByLabel('Initial password').fill(password);
    await page.getByRole('button', { name: 'Create user' }).click();
    await expect(page.getByText('User created.')).toBeVisible();
    const table = page.getByRole('table', { name: 'Users' });
    await expect(table.getByRole('row').filter({ hasText: email })).toContainText('operator');

    // The new user signs in elsewhere.
    const ctx = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': clientAddress() } });
    const theirs = await ctx.newPage();
    await theirs.goto('/sign-in');
    await theirs.getByLabel('Email').fill(email);
    await theirs.getByLabel('Password').fill(password);
    await theirs.getByRole('button', { name: 'Sign in' }).click();
    await expect(theirs.getByTestId('whoami')).toContainText('operator');

    // Disabled: their next request finds no session.
    await table.getByRole('button', { name: `Disable ${email}` }).click();
    await expect(page.getByText(`${email} is disabled.`)).toBeVisible();
    await theirs.goto('/regions');
    await expect(theirs).toHaveURL(/\/sign-in/);
    await ctx.close();

    // The only admin cannot demote themselves.
    const me = table.getByRole('row').filter({ hasText: 'admin@meridian.local' });
    await me.getByLabel('Role of admin@meridian.local', { exact: true }).selectOption('viewer');
    await me.getByRole('button', { name: 'Save role of admin@meridian.local' }).click();
    await expect(me.getByRole('alert').filter({ hasText: /./ })).toContainText('without an active admin');
    await page.reload();
    await expect(page.getByTestId('whoami')).toContainText('admin');
  });

  test('non-admins see no user data', async ({ browser }) => {
    const ctx = await browser.newContext({ storageState: 'e2e/.auth/operator.json' });
    const page = await ctx.newPage();
    await page.goto('/settings/users');
    await expect(page.getByRole('alert').filter({ hasText: /./ })).toContainText('Settings are for admins');
    await expect(page.getByRole('table', { name: 'Users' })).toHaveCount(0);
    await ctx.close();
  });
});
