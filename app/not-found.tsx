import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-3 p-8 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="text-[var(--muted)]">There is no such page, region or service. It may have been removed, or the link is wrong.</p>
      <Link href="/" className="text-[var(--accent)] hover:underline">
        Back to the overview
      </Link>
    </main>
  );
}
