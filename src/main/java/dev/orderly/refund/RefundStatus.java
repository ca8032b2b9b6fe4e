package dev.orderly.refund;

/**
 * PENDING until the provider confirms; FAILED while a failed try waits for its retry;
 * NEEDS_ATTENTION once the retries are used up (support's queue); SUCCEEDED is final.
 * The moves between them are {@link Refund}'s.
 */
public enum RefundStatus {
  PENDING, SUCCEEDED, FAILED, NEEDS_ATTENTION
}
