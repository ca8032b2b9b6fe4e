package dev.orderly.order;

import dev.orderly.access.Actor;

/**
 * A rule that may refuse a buyer before an order is placed (repeat non-payers, unpaid orders cap).
 * Called inside the placing transaction, before stock is reserved; refuses by throwing an
 * {@link dev.orderly.common.OrderlyException}. Implemented by modules that depend on this one.
 */
public interface PlacementGuard {
  void check(Actor buyer);
}
