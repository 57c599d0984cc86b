import { apiRoute } from '@/lib/api/handler';
import { csvResponse } from '@/lib/csv-out';
import { auditFilterSchema, iterateAudit, listAudit } from '@/lib/queries/audit';

export const dynamic = 'force-dynamic';

/** The audit log with the page's filters; ?format=csv streams every matching row as CSV. */
export const GET = apiRoute('read', async (req) => {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const f = auditFilterSchema.parse(params);
  if (params.format !== 'csv') return listAudit(f);
  async function* rows() {
    for await (const e of iterateAudit(f))
      yield [e.id, e.at.toISOString(), e.actor, e.action, e.targetType, e.targetId, e.outcome, e.reason, e.operationId, e.before, e.after];
  }
  return csvResponse(
    `meridian-audit-${new Date().toISOString().slice(0, 10)}.csv`,
    ['id', 'at', 'actor', 'action', 'target_type', 'target_id', 'outcome', 'reason', 'operation_id', 'before', 'after'],
    rows(),
  );
});
