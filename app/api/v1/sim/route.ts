import { apiRoute, readJson } from '@/lib/api/handler';
import { applySimCommand } from '@/lib/runtime/sim-control';
import { simCommandSchema } from '@/lib/schemas/sim';

export const dynamic = 'force-dynamic';

/** POST {"action":"inject","failure":{"kind":"region_outage","regionId":"aws-eu-west-1"}} and the other commands. */
export const POST = apiRoute('sim:control', async (req, { actor }) => applySimCommand(await readJson(req, simCommandSchema), actor));
