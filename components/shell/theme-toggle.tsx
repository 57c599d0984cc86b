'use client';

export function ThemeToggle() {
  return (
    <button
      type="button"
      className="rounded-md px-2 py-1 text-sm text-[var(--muted)] hover:text-[var(--text)]"
      aria-label="Switch between light and dark theme"
      onClick={() => {
        const dark = document.documentElement.classList.toggle('dark');
        localStorage.setItem('meridian-theme', dark ? 'dark' : 'light');
      }}
    >
      ◐ Theme
    </button>
  );
}
