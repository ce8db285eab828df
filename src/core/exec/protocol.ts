// The JSON-lines protocol spoken by every check worker (resources/python/check_worker.py,
// resources/node/check_worker.js) on its private pipes (fd 3: requests, fd 4: answers).
// Answers are validated here: a worker is a separate process running untrusted code.
import { z } from 'zod';

const status = z.enum(['pass', 'fail', 'error', 'timeout']);

export const checkResultSchema = z.object({
  id: z.string(),
  status,
  message: z.string().optional(),
  value: z.string().optional(),
  output: z.string().optional(),
  ms: z.number().nonnegative().optional(),
});

export const loadResultSchema = z.object({
  status: z.enum(['ok', 'error', 'timeout']),
  message: z.string().optional(),
  output: z.string().optional(),
  ms: z.number().nonnegative().optional(),
});

export const answerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), pid: z.number().int(), python: z.string().optional(), node: z.string().optional() }),
  z.object({ type: z.literal('suite'), suite: z.string(), invalid: z.record(z.string(), z.string()) }),
  z.object({
    type: z.literal('result'),
    req: z.number().int(),
    load: loadResultSchema,
    checks: z.array(checkResultSchema),
    forks: z.number().int().positive().optional(),
    ms: z.number().nonnegative(),
  }),
  // Streamed while a candidate runs, so a worker process that dies mid-candidate loses nothing done.
  // `record` is checked against the step's own schema when it is used.
  z.object({ type: z.literal('progress'), req: z.number().int(), step: z.enum(['load', 'check']), record: z.unknown() }),
  z.object({ type: z.literal('error'), req: z.number().int().nullable().optional(), message: z.string(), trace: z.string().optional() }),
]);

export type WorkerAnswer = z.infer<typeof answerSchema>;
export type ResultAnswer = Extract<WorkerAnswer, { type: 'result' }>;

export type WorkerRequest =
  | { op: 'suite'; suite: string; checks: { id: string; code: string; kind?: 'exec' | 'eval'; fresh?: boolean; always?: boolean }[] }
  | { op: 'drop'; suite: string }
  | {
      op: 'run';
      req: number;
      code: string;
      suite: string;
      only?: string[];
      timeoutMs: number;
      loadTimeoutMs: number;
      memoryMb: number;
      outputLimit: number;
      entryPoint?: string;
      maxTimeouts?: number;
      exhaustedTimeoutMs?: number;
    }
  | { op: 'exit' };

/** Parses one answer line; returns a readable reason instead of throwing. */
export function parseAnswer(line: string): { ok: true; answer: WorkerAnswer } | { ok: false; reason: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { ok: false, reason: `not JSON: ${line.slice(0, 200)}` };
  }
  const parsed = answerSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: `unexpected answer (${parsed.error.issues[0]?.message ?? 'invalid'}): ${line.slice(0, 200)}` };
  return { ok: true, answer: parsed.data };
}
