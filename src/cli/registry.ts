import type { CliCommand } from './command';
import { indexCommand } from './commands/indexFolder';
import { localizeCommand } from './commands/localize';
import { testCommand } from './commands/test';
import { fixCommand } from './commands/fix';
import { generateCommand } from './commands/generate';
import { genTestsCommand } from './commands/genTests';

export const commands: CliCommand[] = [indexCommand, localizeCommand, testCommand, fixCommand, generateCommand, genTestsCommand];
