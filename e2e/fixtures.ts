import { test as base } from '@playwright/test';

export type Role = 'admin' | 'operator' | 'manager' | 'viewer';
export const as = (role: Role) => ({ storageState: `e2e/.auth/${role}.json` });
export const test = base;
export { expect } from '@playwright/test';
