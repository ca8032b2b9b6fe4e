package dev.orderly.refund;

/** Why money goes back. One refund per payment and cause. */
public enum RefundCause {
  /** Money arrived for an order already cancelled. */
  LATE_PAYMENT,
  /** Money arrived for an order another attempt had already paid. */
  DUPLICATE_PAYMENT
}
