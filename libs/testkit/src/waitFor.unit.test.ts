import { describe, expect, it } from 'vitest';
import { waitFor } from './waitFor.js';

describe('waitFor', () => {
  it('returns the first defined value once the probe succeeds', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? `done after ${calls}` : undefined), { intervalMs: 1 });
    expect(value).toBe('done after 3');
  });

  it('fails with the description and the last error when the condition never holds', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('broker not ready');
        },
        { timeoutMs: 30, intervalMs: 5, description: 'the topic to exist' },
      ),
    ).rejects.toThrow(/the topic to exist: last error broker not ready/);
  });
});
