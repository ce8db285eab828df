// Executes one parse task in the current thread (a worker, or the caller's thread as fallback).
import { analyzeFile, analyzeText, OpenDocuments, type AnalyzeOutcome } from '../analyzer';
import type { ParseTask } from './protocol';

/**
 * Tasks run one at a time, in arrival order: an edit must see the document state the previous
 * edit left, and parsing is synchronous anyway.
 */
export function createTaskRunner(): { run(task: ParseTask): Promise<AnalyzeOutcome | undefined>; dispose(): void } {
  const documents = new OpenDocuments();
  let chain: Promise<unknown> = Promise.resolve();
  const execute = async (task: ParseTask): Promise<AnalyzeOutcome | undefined> => {
      switch (task.op) {
        case 'analyzeFile':
          return analyzeFile(task);
        case 'analyzeText':
          return analyzeText(task.path, task.language, task.text, task.limits);
        case 'openDocument':
          return documents.open(task.path, task.language, task.text, task.limits);
        case 'editDocument':
          return documents.edit(task.path, task.language, task.changes, { hash: task.expectedHash }, task.limits);
        case 'closeDocument':
          documents.close(task.path);
          return undefined;
      }
  };
  return {
    run(task) {
      const result = chain.then(() => execute(task));
      chain = result.catch(() => undefined);
      return result;
    },
    dispose: () => documents.closeAll(),
  };
}
