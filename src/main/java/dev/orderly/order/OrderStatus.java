package dev.orderly.order;

public enum OrderStatus {
  AWAITING_PAYMENT, PAID, PROCESSING, SHIPPED, DELIVERED, COMPLETED, CANCELLED;

  public boolean isFinal() {
    return this == COMPLETED || this == CANCELLED;
  }
}
