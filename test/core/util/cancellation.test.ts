import { describe, expect, it } from 'vitest';
import { isCancellationError } from '../../../src/core/util/cancellation';

describe('isCancellationError', () => {
  it('recognises the ways a cancelled operation fails', () => {
    const controller = new AbortController();
    controller.abort();
    expect(isCancellationError(controller.signal.reason)).toBe(true);
    expect(isCancellationError(Object.assign(new Error('x'), { name: 'AbortError' }))).toBe(true);
    expect(isCancellationError(Object.assign(new Error('request stopped'), { kind: 'cancelled' }))).toBe(true);
    expect(isCancellationError(new Error('The repair was cancelled.'))).toBe(true);
  });

  it('does not take real failures for cancellation', () => {
    expect(isCancellationError(new Error('The request timed out and was aborted'))).toBe(false);
    expect(isCancellationError(new Error('ECONNREFUSED'))).toBe(false);
    expect(isCancellationError('aborted')).toBe(false);
  });
});
