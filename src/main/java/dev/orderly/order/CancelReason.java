package dev.orderly.order;

/**
 * Why an order was cancelled: its payment deadline passed unpaid, or the buyer (a request granted),
 * the seller or support cancelled it. Which statuses each may cancel from is {@link Order#cancellableFrom}.
 */
public enum CancelReason {
  PAYMENT_TIMEOUT, BUYER_CANCELLED, SELLER_CANCELLED, SUPPORT_CANCELLED
}
