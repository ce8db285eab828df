import type { FrameworkId } from '../types';
import type { FrameworkAdapter } from './adapter';
import { jestAdapter } from './jest';
import { mochaAdapter } from './mocha';
import { nodeTestAdapter } from './nodeTest';
import { pytestAdapter } from './pytest';
import { vitestAdapter } from './vitest';

export const adapters: Record<FrameworkId, FrameworkAdapter> = {
  pytest: pytestAdapter,
  vitest: vitestAdapter,
  jest: jestAdapter,
  mocha: mochaAdapter,
  'node-test': nodeTestAdapter,
};
