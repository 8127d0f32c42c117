// Entry of the duplicate run's worker thread. A worker does not inherit the loader the server
// was started with (tsx in bin/autocrm.mjs, Vite in the tests), so it registers tsx itself.
import { register } from 'tsx/esm/api';

register();
await import('./match-worker.ts');
