package dev.orderly.restriction;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * PRODUCT.md rule 9 of "Unpaid orders" as pure functions of a buyer's history: no Spring, no
 * database, no clock of its own (every answer is for the {@code now} it is given).
 *
 * <p><b>Repeat non-payers.</b> An expiry is the moment one of the buyer's orders was cancelled for
 * {@code PAYMENT_TIMEOUT}. Only expiries strictly after the buyer's last lift count ({@code null}:
 * never lifted). Whenever the number of counted expiries in the sliding window
 * {@code (t - window, t]} ending at an expiry {@code t} reaches {@code maxExpired}, a restriction
 * starts at {@code t} and lasts until {@code t + duration}. The buyer is restricted while the latest
 * such end lies after {@code now} (restricted until that end, exclusive). An expiry during a
 * restriction (an order placed before it) can trigger again and so extend it.
 *
 * <p>Only expiries after {@link #lookback(Instant)} can matter: a restriction still in force started
 * after {@code now - duration}, and its window reaches back at most {@code window} further.
 *
 * <p><b>Stock hoarding.</b> A buyer may hold at most {@code maxUnpaidOrders} orders awaiting payment;
 * placing another is refused while {@link #unpaidCapReached(long)}.
 */
record RestrictionRules(int maxExpired, Duration window, Duration duration, int maxUnpaidOrders) {

  RestrictionRules {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(duration, "duration");
    if (maxExpired < 1 || maxUnpaidOrders < 1) {
      throw new IllegalArgumentException("orderly.restrictions.max-expired and max-unpaid-orders must be at least 1");
    }
    if (window.isNegative() || window.isZero() || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("orderly.restrictions.window and duration must be positive");
    }
  }

  /** Expiries at or before this instant cannot restrict the buyer at {@code now}. */
  Instant lookback(Instant now) {
    return now.minus(window).minus(duration);
  }

  /**
   * The end of the restriction in force at {@code now}, or null when the buyer is not restricted.
   *
   * @param expiries the buyer's expiry moments, in any order (older ones and those before the lift
   *     are ignored)
   * @param liftedAt the last time support lifted a restriction, or null
   */
  @Nullable Instant restrictedUntil(List<Instant> expiries, @Nullable Instant liftedAt, Instant now) {
    List<Instant> counted = counted(expiries, liftedAt, now);
    // the latest trigger gives the latest end: walk back from the newest expiry
    for (int last = counted.size() - 1, first = last - (maxExpired - 1); first >= 0; last--, first--) {
      Instant t = counted.get(last);
      if (counted.get(first).isAfter(t.minus(window))) {
        Instant end = t.plus(duration);
        return end.isAfter(now) ? end : null;
      }
    }
    return null;
  }

  /** Counted expiries in the window ending now, {@code (now - window, now]}: what support sees. */
  int expiredInWindow(List<Instant> expiries, @Nullable Instant liftedAt, Instant now) {
    Instant from = now.minus(window);
    return (int) counted(expiries, liftedAt, now).stream().filter(t -> t.isAfter(from)).count();
  }

  /**
   * False when {@code expiries} expiries (those after {@link #lookback}, before any lift is taken
   * out) are too few to restrict whatever the lift: {@link #restrictedUntil} then answers null.
   */
  boolean couldBeRestricted(int expiries) {
    return expiries >= maxExpired;
  }

  /** True when a buyer holding {@code unpaidOrders} unpaid orders may not place another one. */
  boolean unpaidCapReached(long unpaidOrders) {
    return unpaidOrders >= maxUnpaidOrders;
  }

  /** Expiries after the lift and not after now (another instance's clock may run slightly ahead), sorted. */
  private static List<Instant> counted(List<Instant> expiries, @Nullable Instant liftedAt, Instant now) {
    return expiries.stream()
        .filter(t -> liftedAt == null || t.isAfter(liftedAt))
        .filter(t -> !t.isAfter(now))
        .sorted()
        .toList();
  }
}
