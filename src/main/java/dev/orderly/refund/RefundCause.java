package dev.orderly.refund;

/** Why money goes back. One refund per payment and cause. */
public enum RefundCause {
  /** Money arrived for an order already cancelled. */
  LATE_PAYMENT,
  /** Money arrived for an order another attempt had already paid. */
  DUPLICATE_PAYMENT,
  /** The buyer cancelled a paid order (the amount is what was paid minus any disclosed fee). */
  BUYER_CANCELLED,
  /** The seller cancelled the order (e.g. out of stock): everything paid goes back. */
  SELLER_CANCELLED,
  /** Support cancelled the order itself (an escalated request support approves stays the buyer's cancellation). */
  SUPPORT_CANCELLED
}
