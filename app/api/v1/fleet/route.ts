import { apiRoute } from '@/lib/api/handler';
import { fleetRuntime } from '@/lib/runtime/fleet-runtime';

export const dynamic = 'force-dynamic';

/** The fleet right now: regions with live figures, flows, replication, active failures. */
export const GET = apiRoute('read', async () => (await fleetRuntime()).snapshot());
