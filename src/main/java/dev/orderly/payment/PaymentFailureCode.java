package dev.orderly.payment;

/**
 * Why a payment attempt did not take the buyer's money. Each code is documented, with what the
 * buyer can do, in messages*.properties under {@code payment-failure.<CODE>.title|detail|action}.
 * The first three are the provider's word on a {@code FAILED} attempt (each provider maps its own
 * codes to them); the others are Orderly's reasons to close a pending attempt: its
 * {@code closeReason}, and its failure code once {@code CLOSED}.
 */
public enum PaymentFailureCode {
  /** The provider or the buyer's bank declined the payment. */
  DECLINED,
  /** Not enough balance or credit. */
  INSUFFICIENT_FUNDS,
  /** The provider failed to process the payment (an outage on its side). */
  PROVIDER_ERROR,
  /** Closed because the buyer started a newer attempt for the same order. */
  SUPERSEDED,
  /** Closed because the order's payment deadline passed. */
  DEADLINE_PASSED,
  /** Closed because another attempt already paid the order. */
  ORDER_ALREADY_PAID,
  /** Closed because the order was cancelled. */
  ORDER_CANCELLED
}
