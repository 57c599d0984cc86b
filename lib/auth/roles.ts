// Who may do what. Checked inside every server action and route handler (lib/actions/action.ts, lib/api/handler.ts).
export const ROLES = ['viewer', 'manager', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  read: ['viewer', 'manager', 'operator', 'admin'],
  'costs:write': ['manager', 'admin'],
  'fleet:write': ['operator', 'admin'],
  'failover:operate': ['operator', 'admin'],
  'sim:control': ['operator', 'admin'],
  'telemetry:ingest': ['operator', 'admin'],
  'safety:override': ['admin'],
  'users:admin': ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return !!role && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export interface Actor {
  userId: string;
  email: string;
  name: string;
  role: Role;
  via: 'session' | 'token';
}
