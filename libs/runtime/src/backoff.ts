export interface BackoffOptions {
  /** First delay. */
  initialMs: number;
  /** Upper bound of any one delay. */
  maxMs: number;
  /** Growth per attempt. */
  factor: number;
  /** Attempts before giving up (the first try is attempt 0). */
  retries: number;
}

export const defaultBackoff: BackoffOptions = { initialMs: 200, maxMs: 30_000, factor: 2, retries: 8 };

/**
 * Delay before retry number `attempt` (0-based): capped exponential with "full jitter"
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/), so many instances that
 * failed together do not retry together. `random` is injectable to keep this pure.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.initialMs * options.factor ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Runs `fn` until it succeeds, it throws a non-retriable error, or retries run out. Between attempts waits
 * `backoffDelay`. `shouldStop` lets shutdown cut the wait short.
 */
export async function withRetries<T>(
  fn: (attempt: number) => Promise<T>,
  options: BackoffOptions & {
    isRetriable: (error: unknown) => boolean;
    onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
    shouldStop?: () => boolean;
    sleep?: (ms: number) => Promise<void>;
  },
): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (!options.isRetriable(error) || attempt >= options.retries || options.shouldStop?.()) throw error;
      const delay = backoffDelay(attempt, options);
      options.onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  }
}
