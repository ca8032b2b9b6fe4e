package dev.orderly.cancellation;

/**
 * Which step of a cancellation request a {@link CancellationEvent} announces (the event type
 * {@code CANCELLATION_<STEP>} on the event stream).
 */
public enum CancellationStep {
  /** The buyer asked; a request granted at once is then also DECIDED. */
  REQUESTED,
  /** Approved or rejected by the seller, approved automatically at the seller's deadline, closed by shipping, or granted by the order's cancellation. */
  DECIDED,
  /** The buyer took a rejection to support. */
  ESCALATED,
  /** Support decided an escalation. */
  RESOLVED,
  /** The buyer took the request back. */
  WITHDRAWN
}
