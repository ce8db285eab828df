// Entry point of a parse worker thread (bundled to dist/parseWorker.js by esbuild.mjs).
import { parentPort } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from './protocol';
import { createTaskRunner } from './runTask';

const port = parentPort;
if (!port) throw new Error('parseWorker must run in a worker thread');
// postMessage copies every outcome, so the runner need not.
const runner = createTaskRunner({ copyResults: false });

port.on('message', (request: WorkerRequest) => {
  runner.run(request).then(
    (outcome) => port.postMessage({ id: request.id, ok: true, ...(outcome ? { outcome } : {}) } satisfies WorkerResponse),
    (error: unknown) => port.postMessage({ id: request.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerResponse),
  );
});
