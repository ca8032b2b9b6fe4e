package dev.orderly.order;

public enum CancelReason {
  PAYMENT_TIMEOUT, BUYER_CANCELLED, SELLER_CANCELLED, SUPPORT_CANCELLED
}
