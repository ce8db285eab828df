import type { CliCommand } from '../command';

// Placeholder until its issue lands: says so instead of failing silently.
export const fixCommand: CliCommand = {
  name: 'fix',
  summary: '(fix: not built yet)',
  usage: 'selfdebug fix <folder> --json',
  async run(_args, io) {
    io.stderr('selfdebug fix: not built yet\n');
    return 2;
  },
};
