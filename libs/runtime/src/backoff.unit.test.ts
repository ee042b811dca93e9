import { describe, expect, it } from 'vitest';
import { backoffDelay, withRetries } from './backoff.js';

const options = { initialMs: 100, maxMs: 1_000, factor: 2, retries: 3 };

describe('backoffDelay', () => {
  it('grows exponentially and stays within [ceiling/2, ceiling]', () => {
    expect(backoffDelay(0, options, () => 0)).toBe(50);
    expect(backoffDelay(0, options, () => 1)).toBe(100);
    expect(backoffDelay(2, options, () => 1)).toBe(400);
  });

  it('is capped at maxMs however many attempts failed', () => {
    expect(backoffDelay(30, options, () => 1)).toBe(1_000);
  });
});

describe('withRetries', () => {
  const noSleep = async () => undefined;

  it('retries retriable failures and returns the first success', async () => {
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls += 1;
        if (calls < 3) throw Object.assign(new Error('broker busy'), { retriable: true });
        return 'ok';
      },
      { ...options, isRetriable: (e) => (e as { retriable?: boolean }).retriable === true, sleep: noSleep },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('gives up after the configured retries with the last error', async () => {
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls += 1;
          throw new Error(`attempt ${calls}`);
        },
        { ...options, isRetriable: () => true, sleep: noSleep },
      ),
    ).rejects.toThrow('attempt 4');
    expect(calls).toBe(4);
  });

  it('does not retry a non-retriable error', async () => {
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls += 1;
          throw new TypeError('bug');
        },
        { ...options, isRetriable: () => false, sleep: noSleep },
      ),
    ).rejects.toThrow('bug');
    expect(calls).toBe(1);
  });
});
