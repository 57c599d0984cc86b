// Lets the import's worker thread load TypeScript outside Next.js (tests, scripts, benchmarks): on Node 20 tsx does not
// register itself in worker threads. Next.js builds bundle the worker instead and never load this file.
import { register } from 'tsx/esm/api';

register();
