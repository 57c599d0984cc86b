// @ts-check
const mapboxToken = process.env.NEXT_PUBLIC_MAPBOX_TOKEN;
// maplibre runs its workers from blob: URLs; Next.js needs inline scripts for hydration.
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${process.env.NODE_ENV === 'development' ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "worker-src 'self' blob:",
  "child-src 'self' blob:",
  `connect-src 'self'${mapboxToken ? ' https://api.mapbox.com https://events.mapbox.com' : ''}`,
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate build directory lets two builds (e.g. parallel test runs) coexist.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // `npm test` type-checks the whole project once (tsc --noEmit); builds skip repeating it.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', 'pg'],
  experimental: {
    serverActions: { bodySizeLimit: '1mb' },
  },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: csp },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
          // Browsers honour HSTS only over HTTPS, so sending it always is safe behind a TLS proxy.
          { key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' },
        ],
      },
    ];
  },
};

export default nextConfig;
