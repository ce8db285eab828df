// Messages between the index and its parse workers.
import type { AnalyzeOutcome, ExpectedText } from '../analyzer';
import type { FileLimits } from '../fileFilter';
import type { TextChange } from '../textChange';
import type { LanguageId } from '../types';

export type ParseTask =
  | { op: 'analyzeFile'; absolute: string; path: string; language: LanguageId; limits?: FileLimits }
  | { op: 'analyzeText'; path: string; language: LanguageId; text: string; limits?: FileLimits }
  | { op: 'openDocument'; path: string; language: LanguageId; text: string; limits?: FileLimits }
  /** `expected`: what the text after the changes must be (the worker keeps the text itself). */
  | { op: 'editDocument'; path: string; language: LanguageId; changes: TextChange[]; expected: ExpectedText; limits?: FileLimits }
  | { op: 'closeDocument'; path: string };

export type WorkerRequest = { id: number } & ParseTask;

export type WorkerResponse = { id: number; ok: true; outcome?: AnalyzeOutcome } | { id: number; ok: false; error: string };
