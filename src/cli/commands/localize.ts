import type { CliCommand } from '../command';

// Placeholder until its issue lands: says so instead of failing silently.
export const localizeCommand: CliCommand = {
  name: 'localize',
  summary: '(localize: not built yet)',
  usage: 'selfdebug localize <folder> --json',
  async run(_args, io) {
    io.stderr('selfdebug localize: not built yet\n');
    return 2;
  },
};
