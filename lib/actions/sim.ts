'use server';
import { applySimCommand } from '../runtime/sim-control';
import { simCommandSchema } from '../schemas/sim';
import { defineAction } from './action';

/** Simulation controls: pause, resume, speed, inject and clear failures. */
export const controlSimulation = defineAction('sim:control', simCommandSchema, (cmd, actor) => applySimCommand(cmd, actor));
