import { apiRoute } from '@/lib/api/handler';
import { type ImportProgress, limitBytes, runFocusImport } from '@/lib/costs/import';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { costStore, ensureRollups } from '@/lib/queries/costs';

export const dynamic = 'force-dynamic';
/** Largest FOCUS file accepted, in bytes. */
const MAX_IMPORT_BYTES = 200 * 1_000_000;

/**
 * POST the raw CSV (text/csv) as the body; `?filename=` names it. The body is streamed into the parser.
 * With `Accept: application/x-ndjson` the answer is a stream of JSON lines: `{"progress":{...}}` while rows are read
 * and written (at most about 4 a second), then `{"report":{...}}`; otherwise one JSON report with its status code.
 */
export const POST = apiRoute('costs:write', async (req, { actor }) => {
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > MAX_IMPORT_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `The file is ${Math.round(declared / 1e6)} MB; the limit is 200 MB.`);
  if (!req.body) throw new AppError('VALIDATION', 'Send the CSV file as the request body.');
  const filename = new URL(req.url).searchParams.get('filename')?.trim() || 'upload.csv';
  await ensureRollups();
  const run = (onProgress?: (p: ImportProgress) => void) =>
    runFocusImport(costStore(), {
      chunks: limitBytes(req.body as unknown as AsyncIterable<Uint8Array>, MAX_IMPORT_BYTES),
      filename,
      actor: actor.email,
      onProgress,
    });
  if (!(req.headers.get('accept') ?? '').includes('application/x-ndjson')) {
    const report = await run();
    const status = report.status === 'completed' ? 200 : report.fileError?.code === 'TOO_LARGE' ? 413 : report.status === 'failed' ? 500 : 422;
    return Response.json(report, { status, headers: { 'Cache-Control': 'no-store' } });
  }
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      // A client that goes away mid-import stops getting lines; the import itself carries on and is kept.
      const line = (o: object) => {
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(o)}\n`));
        } catch {
          // the response stream is closed
        }
      };
      let last = 0;
      try {
        const report = await run((p) => {
          const now = Date.now();
          if (now - last < 250) return;
          last = now;
          line({ progress: p });
        });
        line({ report });
      } catch (e) {
        console.error(e);
        line({ error: { code: 'INTERNAL', message: 'The import failed on the server; nothing was imported.' } });
      }
      try {
        controller.close();
      } catch {
        // already closed by the client
      }
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' } });
});

export const GET = apiRoute('read', async () => {
  const imports = await db.costImport.findMany({
    orderBy: { createdAt: 'desc' },
    take: 20,
    select: { id: true, filename: true, status: true, rowsTotal: true, rowsAccepted: true, rowsRejected: true, actor: true, createdAt: true, finishedAt: true },
  });
  return { imports };
});
