import type { CliCommand } from '../command';

// Placeholder until its issue lands: says so instead of failing silently.
export const testCommand: CliCommand = {
  name: 'test',
  summary: '(test: not built yet)',
  usage: 'selfdebug test <folder> --json',
  async run(_args, io) {
    io.stderr('selfdebug test: not built yet\n');
    return 2;
  },
};
