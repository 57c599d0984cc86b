import { type NextRequest, NextResponse } from 'next/server';

// A cheap first gate: no session cookie and no bearer token means the sign-in page. The real check (is the session
// valid, may this role do this) happens in every layout, action and route handler, never only here.
export function proxy(req: NextRequest) {
  // NUL cannot be stored or matched by PostgreSQL text: refuse it here rather than as a 500 deep inside a query.
  if (/%00/i.test(req.nextUrl.pathname + req.nextUrl.search)) return new NextResponse('Bad request: the address contains a NUL character.', { status: 400 });
  const hasSession = req.cookies.has('meridian_session');
  if (hasSession || req.headers.get('authorization')) return NextResponse.next();
  const url = req.nextUrl.clone();
  url.pathname = '/sign-in';
  url.search = `?next=${encodeURIComponent(req.nextUrl.pathname + req.nextUrl.search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // Pages only: APIs answer 401 themselves, and static files need no session.
  matcher: ['/((?!api|_next|sign-in|favicon.ico|geo|fonts).*)'],
};
