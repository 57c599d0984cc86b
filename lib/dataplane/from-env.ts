// The data planes that follow the routing state, from configuration. Each region is a server named after its id.
import type { DataPlaneAdapter } from './adapter';
import { HaproxyAdapter } from './haproxy';

/** MERIDIAN_HAPROXY_SOCKET=/run/haproxy/admin.sock (or host:port), MERIDIAN_HAPROXY_BACKEND=meridian. */
export function dataPlanesFromEnv(env: Record<string, string | undefined> = process.env): DataPlaneAdapter[] {
  const socket = env.MERIDIAN_HAPROXY_SOCKET?.trim();
  if (!socket) return [];
  const m = /^([^/:]+):(\d+)$/.exec(socket);
  return [
    new HaproxyAdapter({ socket: m ? { host: m[1], port: Number(m[2]) } : { path: socket }, backend: env.MERIDIAN_HAPROXY_BACKEND?.trim() || 'meridian' }),
  ];
}
