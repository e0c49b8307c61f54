/** When a failed event is tried again, and when it is parked for an admin. */
export interface RetryPolicy {
  /** Attempts before the event is parked. */
  maxAttempts: number;
  /** Delay after the first failure, seconds; doubles each attempt. */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelaySeconds: 60, maxDelaySeconds: 6 * 3600 };

export type AfterFailure = { park: false; nextAttemptAt: number } | { park: true };

/** `attempts` counts the attempt that just failed (1 after the first failure). */
export function afterFailure(attempts: number, now: number, policy: RetryPolicy): AfterFailure {
  if (attempts >= policy.maxAttempts) return { park: true };
  const delay = Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** (attempts - 1));
  return { park: false, nextAttemptAt: now + delay };
}
