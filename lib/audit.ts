import type { Prisma } from './generated/sqlite/client';

/** Anything that can write: the client or a transaction. */
type Writer = { auditEvent: { create: (args: { data: Prisma.AuditEventUncheckedCreateInput }) => Promise<unknown> } };

export interface AuditEntry {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  reason?: string;
  before?: unknown;
  after?: unknown;
  outcome?: 'ok' | 'refused' | 'failed';
  operationId?: string;
}

const json = (v: unknown) => (v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue));

/** The audit row for an entry, defaults filled in (also written as SQL by the PostgreSQL cost import). */
export function auditData(e: AuditEntry) {
  return {
    actor: e.actor,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    reason: e.reason ?? '',
    before: json(e.before),
    after: json(e.after),
    outcome: e.outcome ?? 'ok',
    operationId: e.operationId,
  } satisfies Prisma.AuditEventUncheckedCreateInput;
}

/** Appends one audit row. The audit table is append-only: nothing in the app updates or deletes it. */
export async function audit(w: Writer, e: AuditEntry): Promise<void> {
  await w.auditEvent.create({ data: auditData(e) });
}
