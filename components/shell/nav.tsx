'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cx } from '../ui/primitives';

const LINKS = [
  { href: '/map', label: 'Map' },
  { href: '/', label: 'Overview' },
  { href: '/regions', label: 'Regions' },
  { href: '/services', label: 'Services' },
  { href: '/deployments', label: 'Deployments' },
  { href: '/failover', label: 'Failover' },
  { href: '/releases', label: 'Releases' },
  { href: '/slo', label: 'SLOs' },
  { href: '/costs', label: 'Costs' },
  { href: '/audit', label: 'Audit' },
  { href: '/settings', label: 'Settings' },
];

export function NavLinks() {
  const path = usePathname();
  return (
    <ul className="flex flex-wrap gap-1">
      {LINKS.map((l) => {
        const active = l.href === '/' ? path === '/' : path.startsWith(l.href);
        return (
          <li key={l.href}>
            <Link
              href={l.href}
              aria-current={active ? 'page' : undefined}
              className={cx(
                'rounded-md px-3 py-1.5 text-sm',
                active ? 'bg-[var(--accent)] text-white' : 'text-[var(--muted)] hover:bg-[var(--bg)] hover:text-[var(--text)]',
              )}
            >
              {l.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
