'use client';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import type { ImportProgress, ImportReport } from '@/lib/costs/import';
import { formatInt, formatUsd } from '@/lib/format';
import { Button, Notice, tableClass } from '../ui/primitives';

type State =
  | { phase: 'idle' }
  | { phase: 'uploading'; sent: number; total: number; rows: ImportProgress | null }
  | { phase: 'processing'; rows: ImportProgress | null }
  | { phase: 'done'; report: ImportReport }
  | { phase: 'error'; message: string };

/**
 * Uploads a FOCUS CSV with XMLHttpRequest (for upload progress) straight into the streaming import route, which
 * answers with progress lines (rows checked, rows written) and then the validation report. The server imports the
 * whole file or nothing.
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
    let rows: ImportProgress | null = null;
    let uploaded = false;
    let sent = 0;
    let report: ImportReport | null = null;
    let error: string | null = null;
    let seen = 0; // characters of responseText already read
    // The answer is JSON lines: {"progress": …} while the server works, then {"report": …}; an error is one JSON body.
    const readLines = () => {
      const text = xhr.responseText;
      const end = text.lastIndexOf('\n');
      if (end < seen) return;
      for (const line of text.slice(seen, end).split('\n')) {
        if (!line.trim()) continue;
        try {
          const msg = JSON.parse(line);
          if (msg.progress) rows = msg.progress as ImportProgress;
          else if (msg.report) report = msg.report as ImportReport;
          else if (msg.error) error = msg.error.message;
        } catch {
          // a partial line: read again with the next chunk
        }
      }
      seen = end + 1;
    };
    const show = () => setState(uploaded ? { phase: 'processing', rows } : { phase: 'uploading', sent, total: file.size, rows });
    xhr.open('POST', `/api/v1/costs/imports?filename=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Content-Type', 'text/csv');
    xhr.setRequestHeader('Accept', 'application/x-ndjson');
    xhr.upload.onprogress = (e) => {
      sent = e.loaded;
      show();
    };
    xhr.upload.onload = () => {
      uploaded = true;
      show();
    };
    xhr.onprogress = () => {
      readLines();
      show();
    };
    xhr.onload = () => {
      try {
        if (!xhr.responseText.endsWith('\n')) {
          const body = JSON.parse(xhr.responseText);
          error = body?.error?.message ?? `The server answered ${xhr.status}.`;
        } else readLines();
      } catch {
        error = `The server answered ${xhr.status}.`;
      }
      if (report) {
        setState({ phase: 'done', report });
        router.refresh();
      } else setState({ phase: 'error', message: error ?? `The server answered ${xhr.status}.` });
    };
    xhr.onerror = () => setState({ phase: 'error', message: 'The upload failed (network). Nothing was imported.' });
    setState({ phase: 'uploading', sent: 0, total: file.size, rows: null });
    xhr.send(file);
  }

  const rows = state.phase === 'uploading' || state.phase === 'processing' ? state.rows : null;
  const pct =
    state.phase === 'uploading' ? Math.round((state.sent / Math.max(1, state.total)) * 100) : state.phase === 'processing' || state.phase === 'done' ? 100 : 0;
  // Writing: rows written of rows accepted (SQLite writes after reading; PostgreSQL while reading).
  const accepted = rows ? rows.rowsRead - rows.rowsRejected : 0;
  const writePct = rows && accepted > 0 ? Math.round((rows.rowsWritten / accepted) * 100) : 0;
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
        <div className="space-y-1">
          <progress className="h-2 w-full max-w-xl" value={pct} max={100} aria-label="Upload progress" />
          {state.phase === 'processing' && rows?.phase === 'writing' && (
            <progress className="h-2 w-full max-w-xl" value={writePct} max={100} aria-label="Write progress" />
          )}
          <p className="text-xs text-[var(--muted)]" data-testid="import-progress">
            {state.phase === 'uploading' && `Uploading and validating: ${pct} % (${formatInt(state.sent)} of ${formatInt(state.total)} bytes)`}
            {state.phase === 'processing' && (rows?.phase === 'writing' ? 'Uploaded and validated; writing…' : 'Uploaded; finishing validation…')}
            {rows &&
              ` · ${formatInt(rows.rowsRead)} rows checked${rows.rowsRejected > 0 ? `, ${formatInt(rows.rowsRejected)} rejected` : ''}, ${formatInt(rows.rowsWritten)} written`}
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
