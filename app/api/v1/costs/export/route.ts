import { apiRoute } from '@/lib/api/handler';
import { apportionCents } from '@/lib/costs/money';
import { costReport, costStore, labeller, resolvePeriod } from '@/lib/queries/costs';
import { allRecords } from '@/lib/queries/costs-sql';
import { costExportQuerySchema } from '@/lib/schemas/cost-report';

export const dynamic = 'force-dynamic';

const field = (v: string | number | null | undefined) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const line = (xs: (string | number | null | undefined)[]) => `${xs.map(field).join(',')}\r\n`;
const cents = (c: number) => (c / 100).toFixed(2);

/**
 * Any cost report as CSV, with the page's own URL parameters plus `report=`. Amounts are USD rounded to cents
 * with largest-remainder rounding, so the rows add up to the TOTAL line, which is the total shown on screen.
 */
export const GET = apiRoute('read', async (req) => {
  const q = costExportQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const encoder = new TextEncoder();
  let body: ReadableStream<Uint8Array>;
  let name: string;
  if (q.report === 'records') {
    const { filter, period } = await resolvePeriod(q);
    const report = await costReport(q);
    const region = labeller(report.labels, 'region');
    const f = { ...filter, day: q.day };
    name = `cost-records-${q.day ?? `${period.from}_${period.to}`}.csv`;
    const gen = allRecords(costStore(), f);
    let totalMicros = 0;
    let started = false;
    body = new ReadableStream({
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(
            encoder.encode(
              line([
                'day',
                'provider',
                'region_id',
                'region',
                'service',
                'team',
                'category',
                'amount_usd',
                'usage_quantity',
                'usage_unit',
                'source',
                'import_id',
              ]),
            ),
          );
        }
        const next = await gen.next();
        if (next.done) {
          controller.enqueue(encoder.encode(line(['TOTAL', '', '', '', '', '', '', (totalMicros / 1e6).toFixed(2)])));
          controller.close();
          return;
        }
        let out = '';
        for (const r of next.value) {
          totalMicros += Math.round(r.amountUsd * 1e6);
          const svc = r.serviceId ? report.labels.services[r.serviceId] : undefined;
          out += line([
            r.day,
            r.provider,
            r.regionId,
            region(r.regionId),
            svc?.name ?? '',
            svc?.team ?? '',
            r.category,
            r.amountUsd,
            r.usageQuantity,
            r.usageUnit,
            r.source,
            r.importId,
          ]);
        }
        controller.enqueue(encoder.encode(out));
      },
    });
  } else {
    const report = await costReport(q);
    const { from, to } = report.period;
    name = `costs-${q.report}-${from === to ? from : `${from}_${to}`}.csv`;
    let rows: { cells: (string | number | null)[]; micros: number }[];
    let header: string[];
    if (q.report === 'daily') {
      header = ['day', 'amount_usd'];
      rows = report.daily.map((d) => ({ cells: [d.day], micros: d.amountMicros }));
    } else if (q.report === 'monthly') {
      header = ['month', 'amount_usd', 'in_period'];
      rows = report.monthly.map((m) => ({ cells: [m.month], micros: m.amountMicros }));
    } else {
      header = [q.report, 'key', 'amount_usd', 'share_pct', 'records'];
      rows = report.breakdowns[q.report].groups.map((g) => ({ cells: [g.label, g.key], micros: g.amountMicros }));
    }
    const c = apportionCents(rows.map((r) => r.micros));
    let text = `# Meridian cost report: ${q.report}, ${report.period.fromDay} to ${report.period.toDay}${report.period.partial ? ' (to date)' : ''}, USD\r\n`;
    text += line(header);
    rows.forEach((r, i) => {
      if (q.report === 'daily') text += line([...r.cells, cents(c[i]!)]);
      else if (q.report === 'monthly') text += line([...r.cells, cents(c[i]!), report.monthly[i]!.inPeriod ? 'yes' : 'no']);
      else {
        const g = report.breakdowns[q.report as 'provider'].groups[i]!;
        text += line([...r.cells, cents(c[i]!), g.sharePct.toFixed(2), g.records]);
      }
    });
    const totalCents = c.reduce((a, b) => a + b, 0);
    text += line(
      q.report === 'monthly' || q.report === 'daily' ? ['TOTAL', cents(totalCents)] : ['TOTAL', '', cents(totalCents), '100.00', rows.length ? '' : 0],
    );
    body = new ReadableStream({
      start(controller) {
        controller.enqueue(encoder.encode(text));
        controller.close();
      },
    });
  }
  return new Response(body, {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' },
  });
});
