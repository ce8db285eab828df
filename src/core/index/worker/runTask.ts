// Executes one parse task in the current thread (a worker, or the caller's thread as fallback).
import { readFile } from 'node:fs/promises';
import { analyzeText, OpenDocuments, type AnalyzeOutcome } from '../analyzer';
import type { ParseTask } from './protocol';

/**
 * Tasks run one at a time, in arrival order: an edit must see the document state the previous
 * edit left, and parsing is synchronous anyway. `copyResults`: whether outcomes must be copies
 * of what the runner keeps (not needed where postMessage copies them).
 */
export function createTaskRunner(options: { copyResults?: boolean } = {}): { run(task: ParseTask): Promise<AnalyzeOutcome | undefined>; dispose(): void } {
  const documents = new OpenDocuments(32, options.copyResults ?? true);
  let chain: Promise<unknown> = Promise.resolve();
  const execute = async (task: ParseTask, text?: Promise<string>): Promise<AnalyzeOutcome | undefined> => {
    switch (task.op) {
      case 'analyzeFile': {
        let content: string;
        try {
          content = await text!;
        } catch (error) {
          return { ok: false, path: task.path, reason: 'unreadable', message: error instanceof Error ? error.message : String(error) };
        }
        return analyzeText(task.path, task.language, content, task.limits);
      }
      case 'analyzeText':
        return analyzeText(task.path, task.language, task.text, task.limits);
      case 'openDocument':
        return documents.open(task.path, task.language, task.text, task.limits);
      case 'editDocument':
        return documents.edit(task.path, task.language, task.changes, task.expected, task.limits);
      case 'closeDocument':
        documents.close(task.path);
        return undefined;
    }
  };
  return {
    run(task) {
      // A file is read as soon as it is asked for, so reading overlaps the parse before it.
      const text = task.op === 'analyzeFile' ? readFile(task.absolute, 'utf8') : undefined;
      text?.catch(() => undefined);
      const result = chain.then(() => execute(task, text));
      chain = result.catch(() => undefined);
      return result;
    },
    dispose: () => documents.closeAll(),
  };
}
