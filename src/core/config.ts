// SelfDebug settings, validated at the boundary. VS Code reads them from `selfdebug.*`, the CLI
// from flags and environment variables; both go through `parseConfig` so defaults and limits
// live in one place.
import { z } from 'zod';
import type { FrameworkId } from './testing/types';

const frameworkIds = ['pytest', 'vitest', 'jest', 'mocha', 'node-test'] as const satisfies readonly FrameworkId[];

export const configSchema = z.object({
  llm: z
    .object({
      baseUrl: z.string().url().or(z.literal('')).default(''),
      model: z.string().default(''),
      headers: z.record(z.string(), z.string()).default({}),
      timeoutSeconds: z.number().positive().max(3600).default(120),
      maxRetries: z.number().int().min(0).max(10).default(3),
    })
    .prefault({}),
  candidatesPerRound: z.number().int().min(1).max(16).default(4),
  maxRounds: z.number().int().min(1).max(10).default(3),
  temperature: z.number().min(0).max(2).default(0.8),
  tokenBudget: z.number().int().min(1024).max(1_000_000).default(16_000),
  testCommands: z.partialRecord(z.enum(frameworkIds), z.string()).default({}),
  testTimeoutSeconds: z.number().positive().max(3600).default(60),
  maxParallelRuns: z.number().int().min(0).max(64).default(0),
  generate: z
    .object({
      candidates: z.number().int().min(1).max(32).default(5),
      tests: z.number().int().min(1).max(50).default(10),
      askClarifyingQuestions: z.boolean().default(true),
    })
    .prefault({}),
});

export type SelfDebugConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Validates raw settings; throws a ConfigError naming every bad setting. */
export function parseConfig(raw: unknown): SelfDebugConfig {
  const result = configSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `selfdebug.${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`Invalid SelfDebug settings:\n${problems.join('\n')}`);
}

export const defaultConfig: SelfDebugConfig = parseConfig({});
