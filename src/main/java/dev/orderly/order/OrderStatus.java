package dev.orderly.order;

/** Where an order stands in its lifecycle (PRODUCT.md "Order lifecycle"); COMPLETED and CANCELLED are final. */
public enum OrderStatus {
  AWAITING_PAYMENT, PAID, PROCESSING, SHIPPED, DELIVERED, COMPLETED, CANCELLED;

  public boolean isFinal() {
    return this == COMPLETED || this == CANCELLED;
  }
}
