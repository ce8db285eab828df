// The product's check executor (persistent workers of src/core/exec) for the generators' tests.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CheckPool } from '../../../../src/core/exec/pool';
import { listSourceFiles } from '../../../../src/core/index/walker';
import { silentLogger } from '../../../../src/core/ports/console';
import { WorkerExecutor } from '../../../../src/core/generate/workerExecutor';

export function workerExecutor(folder: string, pool: CheckPool): WorkerExecutor {
  return new WorkerExecutor({
    pool: () => pool,
    readFile: (file) => readFile(path.join(folder, file), 'utf8'),
    listFiles: async () => (await listSourceFiles(folder)).files.map((f) => f.path),
    logger: silentLogger,
    limits: { timeoutMs: 1000 },
  });
}

export function checkPool(): CheckPool {
  return new CheckPool({ logger: silentLogger, size: 2 });
}
