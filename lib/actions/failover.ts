'use server';
import { commitFailoverChange, previewFailoverChange, rollBack, setLagLimit } from '../failover/operations';
import { fleetRuntime } from '../runtime/fleet-runtime';
import { commitSchema, lagLimitSchema, operationIdSchema, previewSchema } from '../schemas/failover';
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

/** Sets a data store's replication lag limit (what a planned switchover may wait for). */
export const setDataStoreLagLimit = defineAction('failover:operate', lagLimitSchema, (input, actor) => setLagLimit(input, actor));
