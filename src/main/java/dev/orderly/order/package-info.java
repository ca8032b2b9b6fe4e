/**
 * Orders: placing them, their lifecycle ({@link dev.orderly.order.Order}, a plain aggregate), the
 * payment deadline and auto-completion, and the order's timeline that every module writes to.
 *
 * <p>API: {@link dev.orderly.order.OrderPlacement} (placing), {@link dev.orderly.order.OrderFulfilment}
 * (the seller's steps and the buyer's receipt), {@link dev.orderly.order.OrderService} (reading,
 * locking, and what the payment and cancellation modules do to an order),
 * {@link dev.orderly.order.BuyerOrderHistory}, {@link dev.orderly.order.Timeline},
 * {@link dev.orderly.order.ListScope} (who may see what). Events, published inside the
 * transaction of the change: {@link dev.orderly.order.OrderPlaced}, {@link dev.orderly.order.OrderPaid},
 * {@link dev.orderly.order.OrderShipped}, {@link dev.orderly.order.OrderCancelled},
 * {@link dev.orderly.order.OrdersExpired}, {@link dev.orderly.order.PaymentRemindersDue}.
 * Repositories, timers and metrics are in {@code internal}, the controller in {@code web}.
 */
@org.jspecify.annotations.NullMarked
package dev.orderly.order;
