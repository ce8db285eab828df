import { describe, expect, it } from 'vitest';
import { LlmError } from '../../../src/core/llm/errors';
import type { LlmClient } from '../../../src/core/llm/types';
import { meteredClient, UsageMeter } from '../../../src/core/llm/usage';

describe('usage meter', () => {
  it('sums tokens, time and requests of every completion of an operation', async () => {
    let call = 0;
    const inner: LlmClient = {
      async complete() {
        call++;
        if (call === 3) throw new LlmError('timeout', 'too slow');
        return { texts: ['a', 'b'], usage: { prompt: 100 * call, completion: 10 * call }, ms: 1000 * call, model: 'm', requests: call, usageEstimated: call === 2 };
      },
    };
    const meter = new UsageMeter();
    const client = meteredClient(inner, meter, 'm');
    await client.complete({ messages: [], purpose: 'round 1' });
    await client.complete({ messages: [], purpose: 'round 2' });
    await expect(client.complete({ messages: [], purpose: 'round 3' })).rejects.toThrow('too slow');
    const totals = meter.totals();
    expect(totals).toMatchObject({ prompt: 300, completion: 30, requests: 4, completions: 2, failures: 1, estimated: true });
    expect(totals.ms).toBeGreaterThanOrEqual(3000);
    expect(meter.records().map((r) => r.purpose)).toEqual(['round 1', 'round 2', 'round 3']);
    expect(meter.records()[2]).toMatchObject({ failed: true, prompt: 0, completion: 0 });
  });
});
