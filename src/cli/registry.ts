import type { CliCommand } from './command';
import { indexCommand } from './commands/indexFolder';
import { localizeCommand } from './commands/localize';
import { testCommand } from './commands/test';
import { fixCommand } from './commands/fix';
import { generateCommand } from './commands/generate';

export const commands: CliCommand[] = [indexCommand, localizeCommand, testCommand, fixCommand, generateCommand];
