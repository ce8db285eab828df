// Standalone scripted LLM server for manual use and the E2E suite:
//   node test/support/llm/serve.mjs --rules rules.json [--port 0] [--host 127.0.0.1] [--record requests.jsonl]
// Prints one JSON line {"baseURL": "...", "pid": N} on stdout when listening; stops on SIGINT/SIGTERM.
import { appendFileSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseScriptFile } from './rules';
import { startScriptedServer } from './scriptedServer';

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        rules: { type: 'string' },
        port: { type: 'string', default: '0' },
        host: { type: 'string', default: '127.0.0.1' },
        record: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (values.help || !values.rules) {
    process.stderr.write('usage: serve --rules <rules.json> [--port N] [--host H] [--record requests.jsonl]\n');
    return values.help ? 0 : 2;
  }
  let script;
  try {
    script = parseScriptFile(JSON.parse(readFileSync(values.rules, 'utf8')));
  } catch (error) {
    process.stderr.write(`cannot read rules ${values.rules}: ${(error as Error).message}\n`);
    return 2;
  }
  const record = values.record;
  const server = await startScriptedServer({
    ...script,
    host: values.host,
    port: Number(values.port),
    onRequest: (request) => {
      process.stderr.write(`${request.method} ${request.path}\n`);
      if (record) appendFileSync(record, `${JSON.stringify({ ...request, headers: undefined })}\n`);
    },
  });
  process.stdout.write(`${JSON.stringify({ baseURL: server.baseURL, pid: process.pid })}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}
