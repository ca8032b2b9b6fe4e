package dev.orderly.timer;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How a piece of work that failed is tried again: after the {@link Backoff}'s pause, until
 * {@code maxAttempts} tries have been made (then it is given up: a refund needs attention, a
 * delivery is given up). A failure that is final by nature (a provider's refusal) gives up at once.
 *
 * @param backoff the pause before each retry
 * @param maxAttempts the tries in all, the first included; {@link Integer#MAX_VALUE} for no limit
 */
public record RetryPolicy(Backoff backoff, int maxAttempts) {

  public RetryPolicy {
    Objects.requireNonNull(backoff, "backoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("a retry policy needs at least one attempt, was " + maxAttempts);
    }
  }

  /** Retries for as long as the work exists (a time limit, if any, is the caller's). */
  public static RetryPolicy unlimited(Backoff backoff) {
    return new RetryPolicy(backoff, Integer.MAX_VALUE);
  }

  /**
   * When the work is tried again after its {@code attempt}-th try (1 for the first) failed at
   * {@code now}; empty when it is given up (the tries are spent, or {@code permanent}).
   */
  public Optional<Instant> retryAt(int attempt, Instant now, boolean permanent) {
    if (permanent || attempt >= maxAttempts) {
      return Optional.empty();
    }
    return Optional.of(now.plus(backoff.pause(attempt)));
  }
}
