// The test that cannot be forgotten: it finds every server action (every export of lib/actions/*.ts) and calls
// each as anonymous, viewer, manager, operator and admin. A new action missing from MATRIX, or one that does not
// check the caller's role, fails here.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { type Actor, PERMISSIONS, type Permission, ROLES, type Role } from '../lib/auth/roles';

vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
const who: { actor: Actor | null } = { actor: null };
vi.mock('../lib/auth/session', () => ({ currentActor: async () => who.actor }));

/** Every server action and the permission it needs; 'public' actions are callable by anyone. */
const MATRIX: Record<string, Permission | 'public'> = {
  'auth.signIn': 'public',
  'auth.signOut': 'public',
  'regions.createRegion': 'fleet:write',
  'regions.updateRegion': 'fleet:write',
  'regions.retireRegion': 'fleet:write',
  'services.createService': 'fleet:write',
  'services.updateService': 'fleet:write',
  'services.retireService': 'fleet:write',
  'sim.controlSimulation': 'sim:control',
  'failover.previewFailover': 'read',
  'failover.commitFailover': 'failover:operate',
  'failover.abortOperation': 'failover:operate',
  'failover.setDataStoreLagLimit': 'failover:operate',
  'users.createUser': 'users:admin',
  'users.changeUserRole': 'users:admin',
  'users.disableUser': 'users:admin',
  'users.enableUser': 'users:admin',
  'users.resetUserPassword': 'users:admin',
  'tokens.createApiToken': 'users:admin',
  'tokens.revokeApiToken': 'users:admin',
  'budgets.createBudget': 'costs:write',
  'budgets.updateBudget': 'costs:write',
  'budgets.deleteBudget': 'costs:write',
  'releases.startRelease': 'fleet:write',
  'releases.promoteReleaseWave': 'fleet:write',
  'releases.pauseReleaseWave': 'fleet:write',
  'releases.resumeReleaseWave': 'fleet:write',
  'releases.rollBackRelease': 'fleet:write',
};

const dir = path.resolve(import.meta.dirname, '../lib/actions');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'action.ts');

async function allActions() {
  const found: { name: string; fn: (input: unknown) => Promise<unknown> }[] = [];
  for (const f of files) {
    const src = fs.readFileSync(path.join(dir, f), 'utf8');
    expect(src.startsWith("'use server'"), `${f} must start with 'use server'`).toBe(true);
    const mod = (await import(path.join(dir, f))) as Record<string, unknown>;
    for (const [k, v] of Object.entries(mod)) {
      if (typeof v === 'function') found.push({ name: `${f.replace(/\.ts$/, '')}.${k}`, fn: v as (i: unknown) => Promise<unknown> });
    }
  }
  return found;
}

const actorFor = (role: Role): Actor => ({ userId: `test-${role}`, email: `${role}@test`, name: role, role, via: 'session' });

describe('role matrix over every server action', () => {
  it('lists every action, and nothing that no longer exists', async () => {
    const names = (await allActions()).map((a) => a.name).sort();
    expect(names).toEqual(Object.keys(MATRIX).sort());
  });

  it('refuses anonymous callers and roles without the permission; lets allowed roles through to validation', async () => {
    let checked = 0;
    for (const { name, fn } of await allActions()) {
      const permission = MATRIX[name];
      if (permission === 'public') continue;
      who.actor = null;
      expect(await fn({}), `${name} as anonymous`).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
      for (const role of ROLES) {
        who.actor = actorFor(role);
        const r = (await fn({})) as { ok: boolean; code?: string };
        const allowed = (PERMISSIONS[permission] as readonly Role[]).includes(role);
        if (allowed) expect(r.code, `${name} as ${role} should pass the role check`).not.toMatch(/UNAUTHENTICATED|FORBIDDEN/);
        else expect(r, `${name} as ${role}`).toMatchObject({ ok: false, code: 'FORBIDDEN' });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
