package dev.orderly.timer;

import java.time.Duration;
import java.util.Objects;

/**
 * Pauses that double after every failure: {@code first}, {@code 2 × first}, {@code 4 × first} …
 * never longer than {@code max}. The one backoff of every retried piece of work (refunds,
 * notification deliveries, published events, payment reconciliation).
 *
 * @param first the pause after the first failure; positive
 * @param max the longest pause; at least {@code first}
 */
public record Backoff(Duration first, Duration max) {

  public Backoff {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(max, "max");
    if (first.isNegative() || first.isZero()) {
      throw new IllegalArgumentException("a backoff's first pause must be positive, was " + first);
    }
    if (max.compareTo(first) < 0) {
      throw new IllegalArgumentException("a backoff's longest pause " + max + " is shorter than its first " + first);
    }
  }

  /**
   * The pause after the {@code failures}-th failure in a row (1 for the first): {@code first × 2^(failures−1)},
   * at most {@code max}. Zero or fewer failures count as one.
   */
  public Duration pause(int failures) {
    int doublings = Math.min(Math.max(failures, 1) - 1, 30);
    Duration pause = first.multipliedBy(1L << doublings);
    return pause.compareTo(max) > 0 ? max : pause;
  }
}
