package dev.orderly.cancellation;

import java.util.EnumSet;
import java.util.Set;

/** Where a cancellation request stands (API.md). */
public enum CancellationStatus {
  APPROVED, PENDING_SELLER, AUTO_APPROVED, REJECTED, ESCALATED, RESOLVED_APPROVED, RESOLVED_REJECTED, WITHDRAWN;

  /** The request ended with the order cancelled. */
  static final Set<CancellationStatus> GRANTED = EnumSet.of(APPROVED, AUTO_APPROVED, RESOLVED_APPROVED);

  /** Still waiting for someone: the seller, or support. */
  static final Set<CancellationStatus> OPEN = EnumSet.of(PENDING_SELLER, ESCALATED);

  public boolean granted() {
    return GRANTED.contains(this);
  }

  /** Refused by the seller or, finally, by support. */
  public boolean refused() {
    return this == REJECTED || this == RESOLVED_REJECTED;
  }

  boolean open() {
    return OPEN.contains(this);
  }
}
