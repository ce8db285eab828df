import { describe, expect, it } from 'vitest';
import { CappedBuffer, runProcess } from '../../../src/core/util/process';

describe('runProcess', () => {
  it('captures exit code and interleaved output', async () => {
    const result = await runProcess({ command: 'sh', args: ['-c', 'echo out; echo err 1>&2; exit 3'], cwd: process.cwd() });
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toBe('out\n');
    expect(result.stderr).toBe('err\n');
    expect(result.output).toContain('out');
    expect(result.timedOut).toBe(false);
  });

  it('kills the whole process tree on timeout', async () => {
    // The grandchild would keep the pipe open for 30 s if it survived.
    const result = await runProcess({ command: 'sh', args: ['-c', 'sleep 30 & sleep 30; wait'], cwd: process.cwd(), timeoutMs: 300 });
    expect(result.timedOut).toBe(true);
    expect(result.ms).toBeLessThan(10_000);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const result = await runProcess({ command: 'sleep', args: ['30'], cwd: process.cwd(), signal: controller.signal });
    expect(result.cancelled).toBe(true);
    expect(result.exitCode).toBeNull();
  });

  it('reports a command that does not exist instead of throwing', async () => {
    const result = await runProcess({ command: 'selfdebug-no-such-command', cwd: process.cwd() });
    expect(result.spawnError?.message).toMatch(/ENOENT/);
  });

  it('caps a flood of output, keeping head and tail', async () => {
    const result = await runProcess({
      command: 'node',
      args: ['-e', 'process.stdout.write("START" + "x".repeat(500000) + "END")'],
      cwd: process.cwd(),
      maxOutputBytes: 1000,
    });
    expect(result.stdout.startsWith('START')).toBe(true);
    expect(result.stdout.endsWith('END')).toBe(true);
    expect(result.stdout.length).toBeLessThan(1200);
    expect(result.stdout).toContain('characters of output dropped');
  });
});

describe('CappedBuffer', () => {
  it('keeps everything below the cap', () => {
    const buffer = new CappedBuffer(100);
    buffer.append('abc');
    buffer.append('def');
    expect(buffer.toString()).toBe('abcdef');
  });
});
