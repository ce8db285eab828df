import type { CliCommand } from '../command';

// Placeholder until its issue lands: says so instead of failing silently.
export const generateCommand: CliCommand = {
  name: 'generate',
  summary: '(generate: not built yet)',
  usage: 'selfdebug generate <folder> --json',
  async run(_args, io) {
    io.stderr('selfdebug generate: not built yet\n');
    return 2;
  },
};
