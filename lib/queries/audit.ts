import 'server-only';
import { z } from 'zod';
import { db } from '../db';

export const auditFilterSchema = z.object({
  actor: z.string().trim().max(200).optional().catch(undefined),
  action: z.string().trim().max(100).optional().catch(undefined),
  target: z.string().trim().max(200).optional().catch(undefined),
  outcome: z.enum(['ok', 'refused', 'failed']).optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;
export const AUDIT_PAGE_SIZE = 50;

function where(f: AuditFilter) {
  return {
    actor: f.actor ? { contains: f.actor } : undefined,
    action: f.action ? { startsWith: f.action } : undefined,
    targetId: f.target ? { contains: f.target } : undefined,
    outcome: f.outcome,
    at:
      f.from || f.to
        ? { gte: f.from ? new Date(`${f.from}T00:00:00Z`) : undefined, lt: f.to ? new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000) : undefined }
        : undefined,
  };
}

export async function listAudit(f: AuditFilter) {
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({ where: where(f), orderBy: { id: 'desc' }, take: AUDIT_PAGE_SIZE, skip: (f.page - 1) * AUDIT_PAGE_SIZE }),
    db.auditEvent.count({ where: where(f) }),
  ]);
  return { rows, total };
}

/** Every matching row, newest first, in pages: for the CSV export (streams, never loads the whole log). */
export async function* iterateAudit(f: AuditFilter, batch = 1000) {
  let cursor: number | undefined;
  for (;;) {
    const rows = await db.auditEvent.findMany({ where: { ...where(f), ...(cursor ? { id: { lt: cursor } } : {}) }, orderBy: { id: 'desc' }, take: batch });
    if (!rows.length) return;
    yield* rows;
    cursor = rows[rows.length - 1].id;
  }
}
