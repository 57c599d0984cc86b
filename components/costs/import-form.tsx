'use client';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import type { ImportReport } from '@/lib/costs/import';
import { formatInt, formatUsd } from '@/lib/format';
import { Button, Notice, tableClass } from '../ui/primitives';

type State =
  | { phase: 'idle' }
  | { phase: 'uploading'; sent: number; total: number }
  | { phase: 'processing' }
  | { phase: 'done'; report: ImportReport }
  | { phase: 'error'; message: string };

/**
 * Uploads a FOCUS CSV with XMLHttpRequest (for upload progress) straight into the streaming import route, then
 * shows the validation report. The server imports the whole file or nothing.
 */
export function ImportForm() {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<State>({ phase: 'idle' });
  const busy = state.phase === 'uploading' || state.phase === 'processing';

  function upload() {
    const file = input.current?.files?.[0];
    if (!file) return setState({ phase: 'error', message: 'Choose a CSV file first.' });
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/costs/imports?filename=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Content-Type', 'text/csv');
    xhr.upload.onprogress = (e) => setState({ phase: 'uploading', sent: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.upload.onload = () => setState({ phase: 'processing' });
    xhr.onload = () => {
      try {
        const body = JSON.parse(xhr.responseText);
        if (body && 'importId' in body) {
          setState({ phase: 'done', report: body as ImportReport });
          router.refresh();
        } else setState({ phase: 'error', message: body?.error?.message ?? `The server answered ${xhr.status}.` });
      } catch {
        setState({ phase: 'error', message: `The server answered ${xhr.status}.` });
      }
    };
    xhr.onerror = () => setState({ phase: 'error', message: 'The upload failed (network). Nothing was imported.' });
    setState({ phase: 'uploading', sent: 0, total: file.size });
    xhr.send(file);
  }

  const pct =
    state.phase === 'uploading' ? Math.round((state.sent / Math.max(1, state.total)) * 100) : state.phase === 'processing' || state.phase === 'done' ? 100 : 0;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="mb-1 block font-medium">FOCUS 1.x CSV file</span>
          <input ref={input} type="file" accept=".csv,text/csv" aria-label="FOCUS CSV file" disabled={busy} className="text-sm" />
        </label>
        <Button onClick={upload} disabled={busy}>
          {busy ? 'Importing…' : 'Import'}
        </Button>
      </div>
      {(busy || state.phase === 'done') && (
        <div>
          <progress className="h-2 w-full max-w-xl" value={pct} max={100} aria-label="Upload progress" />
          <p className="text-xs text-[var(--muted)]">
            {state.phase === 'uploading' && `Uploading and validating: ${pct} % (${formatInt(state.sent)} of ${formatInt(state.total)} bytes)`}
            {state.phase === 'processing' && 'Uploaded; finishing validation and writing…'}
          </p>
        </div>
      )}
      {state.phase === 'error' && <Notice kind="error">{state.message}</Notice>}
      {state.phase === 'done' && <ImportResult r={state.report} />}
    </div>
  );
}

function ImportResult({ r }: { r: ImportReport }) {
  if (r.status === 'completed') {
    return (
      <Notice kind="success">
        Imported {r.filename}: {formatInt(r.rowsAccepted)} rows, {formatUsd(r.totalUsd, { cents: true })}, {r.firstDay} to {r.lastDay}.{' '}
        {r.alreadyPresent > 0
          ? `${formatInt(r.inserted)} new, ${formatInt(r.alreadyPresent)} were already imported (not counted twice).`
          : `${formatInt(r.inserted)} new rows.`}
      </Notice>
    );
  }
  return (
    <div className="space-y-2" data-testid="import-report">
      <Notice kind="error">
        Nothing was imported from {r.filename}.{' '}
        {r.fileError ? r.fileError.reason : `${formatInt(r.rowsRejected)} of ${formatInt(r.rowsRead)} rows were rejected; fix them and import the file again.`}
      </Notice>
      {r.rejections.length > 0 && (
        <table className={tableClass} aria-label="Rejected rows">
          <thead>
            <tr>
              <th className="text-right">Row</th>
              <th className="text-right">Line</th>
              <th>Column</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {r.rejections.map((x) => (
              <tr key={x.rowNumber}>
                <td className="tabular text-right">{x.rowNumber}</td>
                <td className="tabular text-right">{x.line}</td>
                <td>{x.column ?? '—'}</td>
                <td>{x.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {r.rowsRejected > r.rejections.length && <p className="text-xs text-[var(--muted)]">Showing the first {r.rejections.length} rejections.</p>}
    </div>
  );
}
