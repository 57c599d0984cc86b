import 'server-only';
import { audit } from '../audit';
import type { Actor } from '../auth/roles';
import { db } from '../db';
import { AppError } from '../errors';
import type { SimCommand } from '../schemas/sim';
import { fleetRuntime } from './fleet-runtime';

/** Applies a simulation command (from a server action or the HTTP API) and audits it. */
export async function applySimCommand(cmd: SimCommand, actor: Actor): Promise<{ failureId?: string; relayed?: boolean }> {
  const rt = await fleetRuntime();
  if (!rt.isLeader && rt.cluster) {
    // Another instance runs the model: hand the command to it.
    await rt.cluster.send('command', { cmd, actor });
    await audit(db, {
      actor: actor.email,
      action: `sim.${cmd.action}`,
      targetType: 'simulation',
      targetId: cmd.action,
      after: cmd,
      reason: 'relayed to the leader instance',
    });
    return { relayed: true };
  }
  const st = rt.state;
  if (!st) throw new AppError('CONFLICT', 'The simulator is not running on this instance.');
  let result: { failureId?: string; relayed?: boolean } = {};
  switch (cmd.action) {
    case 'pause':
    case 'resume':
      rt.setRunning(cmd.action === 'resume');
      break;
    case 'speed':
      rt.setSpeed(cmd.speed);
      break;
    case 'inject': {
      const f = cmd.failure;
      const regionIds = new Set(st.regions.map((r) => r.id));
      const check = (id: string | null) => {
        if (id && !regionIds.has(id)) throw new AppError('VALIDATION', `Unknown region ${id}.`, { regionId: [`Unknown region ${id}`] });
      };
      if (f.kind === 'partition') {
        check(f.regionAId);
        check(f.regionBId);
        if (f.regionAId === f.regionBId) throw new AppError('VALIDATION', 'A partition needs two different regions.');
      } else if (f.kind === 'replication_stall') {
        check(f.replicaRegionId);
        if (!st.dataStores.some((d) => d.id === f.dataStoreId)) throw new AppError('VALIDATION', `Unknown data store ${f.dataStoreId}.`);
      } else check(f.regionId);
      result = { failureId: rt.inject(f, { startInS: cmd.startInS, durationS: cmd.durationS }) };
      break;
    }
    case 'clear':
      if (!rt.clear(cmd.failureId)) throw new AppError('NOT_FOUND', `No active failure ${cmd.failureId}.`);
      break;
  }
  await audit(db, { actor: actor.email, action: `sim.${cmd.action}`, targetType: 'simulation', targetId: result.failureId ?? cmd.action, after: cmd });
  return result;
}
