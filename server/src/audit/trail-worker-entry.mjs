// Entry of the trail writer's thread: loader hooks do not reach worker threads on Node 20, so the thread
// registers tsx itself and then loads the TypeScript writer.
import { register } from 'tsx/esm/api';

register();
await import('./trail-worker.ts');
