// Validation of review data crossing a boundary: proposals read from JSON (the test hook, files
// written by other tools) and review models restored from editor storage after a reload.
import { z } from 'zod';
import type { Proposal } from './types';
import type { ReviewModel } from './model';

const evidenceSchema = z.object({
  summary: z.string(),
  fixedTests: z.array(z.string()),
  stillFailing: z.array(z.string()),
  regressions: z.array(z.string()),
  testsRun: z.number().int().nonnegative(),
  tokens: z.object({ prompt: z.number(), completion: z.number() }).optional(),
  llmMs: z.number().optional(),
  totalMs: z.number().optional(),
  details: z.array(z.string()).optional(),
});

export const proposalSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  kind: z.enum(['repair', 'implementation', 'tests']),
  changes: z
    .array(z.object({ path: z.string().min(1), before: z.string().nullable(), after: z.string() }))
    .min(1, 'a proposal needs at least one file change'),
  evidence: evidenceSchema,
}) satisfies z.ZodType<Proposal>;

export class ProposalFormatError extends Error {}

/** One proposal or a list (best first); throws a ProposalFormatError naming every problem. */
export function parseProposals(raw: unknown): Proposal[] {
  const schema = Array.isArray(raw) ? z.array(proposalSchema).min(1, 'no proposals') : proposalSchema;
  const result = schema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ProposalFormatError(`Not a valid proposal:\n${problems.join('\n')}`);
  }
  return Array.isArray(result.data) ? result.data : [result.data];
}

export const reviewModelSchema = z.object({
  pieces: z.array(z.object({ kind: z.enum(['text', 'removed', 'glue', 'added']), hunk: z.number().int(), text: z.string() })),
  hunks: z.array(
    z.object({
      id: z.number().int(),
      state: z.enum(['pending', 'stale', 'accepted', 'rejected', 'discarded']),
      removed: z.string(),
      added: z.string(),
      removedEdited: z.boolean(),
      addedEdited: z.boolean(),
      conflict: z.boolean(),
    }),
  ),
  eol: z.enum(['\n', '\r\n']),
}) satisfies z.ZodType<ReviewModel>;
