'use server';
import { commitFailoverChange, previewFailoverChange, rollBack } from '../failover/operations';
import { fleetRuntime } from '../runtime/fleet-runtime';
import { commitSchema, operationIdSchema, previewSchema } from '../schemas/failover';
import { defineAction } from './action';

/** What would happen: projected load, latency, SLO burn and cost, and every safety rule that would refuse it. */
export const previewFailover = defineAction('read', previewSchema, ({ change }) => previewFailoverChange(change));

/** Starts the change as a durable operation, after the same checks the preview showed. */
export const commitFailover = defineAction('failover:operate', commitSchema, ({ change, ...opts }, actor) => commitFailoverChange(change, opts, actor));

/** Stops a running operation and restores the routing it found. */
export const abortOperation = defineAction('failover:operate', operationIdSchema, async ({ id, reason }, actor) => {
  await rollBack(id, 'aborted', actor.email, reason || 'Aborted by an operator', await fleetRuntime());
  return { id };
});
