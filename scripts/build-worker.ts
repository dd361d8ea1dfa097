/** wrangler's build step (wrangler.toml `[build]`): the mock worker with its admin page bundled in, as dist/mock-worker.js. */
import { buildMockWorker } from '../cli/build-worker';

console.log(`built ${await buildMockWorker()}`);
