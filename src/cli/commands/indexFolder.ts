import type { CliCommand } from '../command';

// Placeholder until its issue lands: says so instead of failing silently.
export const indexCommand: CliCommand = {
  name: 'index',
  summary: '(index: not built yet)',
  usage: 'selfdebug index <folder> --json',
  async run(_args, io) {
    io.stderr('selfdebug index: not built yet\n');
    return 2;
  },
};
