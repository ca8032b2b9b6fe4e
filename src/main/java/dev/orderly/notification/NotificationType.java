package dev.orderly.notification;

/** What a notification is about (API.md); texts under {@code notification.<TYPE>.*} in notifications*.properties. */
public enum NotificationType {
  PAYMENT_REMINDER, ORDER_PAID, ORDER_CANCELLED, ORDER_SHIPPED, CANCELLATION_REQUESTED, CANCELLATION_DECIDED,
  SELLER_RESPONSE_DUE, REFUND_UPDATED,
  /** To a buyer whose pending payment uses a method that became degraded, naming the methods that work. */
  PAYMENT_METHOD_DEGRADED,
  /**
   * To a support case's opener: someone else's public reply on the case, or a status change the
   * opener did not make (never an internal note).
   */
  CASE_UPDATED,
  /** To a seller whose webhook was disabled after its deliveries kept failing; not sent by webhook. */
  WEBHOOK_DISABLED
}
