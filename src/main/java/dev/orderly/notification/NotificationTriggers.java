package dev.orderly.notification;

import dev.orderly.cancellation.CancellationEvent;
import dev.orderly.cancellation.CancellationQueries;
import dev.orderly.cancellation.CancellationStatus;
import dev.orderly.cancellation.CancellationStep;
import dev.orderly.cancellation.SellerResponseDue;
import dev.orderly.order.CancelReason;
import dev.orderly.order.Order;
import dev.orderly.order.OrderCancelled;
import dev.orderly.order.OrderPaid;
import dev.orderly.order.OrderService;
import dev.orderly.order.OrderShipped;
import dev.orderly.order.OrdersExpired;
import dev.orderly.order.PaymentRemindersDue;
import dev.orderly.payment.PaymentMethodDegraded;
import dev.orderly.refund.RefundEvent;
import dev.orderly.supportcase.CaseUpdated;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns what happened to orders, cancellations and refunds into notifications, synchronously in
 * the transaction that published the event: the notification commits or rolls back with it.
 */
@Component
class NotificationTriggers {

  private final Notifications notifications;
  private final OrderService orders;
  private final CancellationQueries cancellations;

  NotificationTriggers(Notifications notifications, OrderService orders, CancellationQueries cancellations) {
    this.notifications = notifications;
    this.orders = orders;
    this.cancellations = cancellations;
  }

  @EventListener
  void on(OrderPaid paid) {
    Order o = orders.find(paid.orderId()).orElseThrow();
    notifications.send(List.of(draft(o.buyerId(), NotificationType.ORDER_PAID, o,
        Map.of("amount", o.total().toString()))));
  }

  @EventListener
  void on(OrderCancelled cancelled) {
    Order o = orders.find(cancelled.orderId()).orElseThrow();
    notifications.send(List.of(draft(o.buyerId(), NotificationType.ORDER_CANCELLED, o,
        Map.of("reason", cancelled.reason().name()))));
  }

  /** A batch of expiries: one batch of notifications. */
  @EventListener
  void on(OrdersExpired expired) {
    // the event carries number, buyer and seller: a batch of 500 need not read its orders again
    List<Notifications.Draft> drafts = new ArrayList<>(expired.orders().size());
    for (OrdersExpired.Expired o : expired.orders()) {
      drafts.add(draft(o.buyerId(), NotificationType.ORDER_CANCELLED, o.orderId(), o.number(), o.sellerId(),
          Map.of("reason", CancelReason.PAYMENT_TIMEOUT.name())));
    }
    notifications.send(drafts);
  }

  @EventListener
  void on(PaymentRemindersDue due) {
    List<Notifications.Draft> drafts = new ArrayList<>(due.orderIds().size());
    for (Order o : orders.findAll(due.orderIds())) {
      drafts.add(draft(o.buyerId(), NotificationType.PAYMENT_REMINDER, o,
          Map.of("deadline", o.paymentDeadline().toString(), "amount", o.total().toString())));
    }
    notifications.send(drafts);
  }

  /** Rule 13: buyers still waiting on a method that became degraded are told which methods work. */
  @EventListener
  void on(PaymentMethodDegraded degraded) {
    String working = String.join(", ", degraded.workingMethods().stream().map(Enum::name).toList());
    List<Notifications.Draft> drafts = new ArrayList<>();
    for (Order o : orders.findAll(degraded.waitingOrderIds())) {
      if (o.status() == dev.orderly.order.OrderStatus.AWAITING_PAYMENT) {
        drafts.add(draft(o.buyerId(), NotificationType.PAYMENT_METHOD_DEGRADED, o,
            Map.of("method", degraded.method().name(), "workingMethods", working)));
      }
    }
    notifications.send(drafts);
  }

  @EventListener
  void on(OrderShipped shipped) {
    Order o = orders.find(shipped.orderId()).orElseThrow();
    notifications.send(List.of(draft(o.buyerId(), NotificationType.ORDER_SHIPPED, o,
        Map.of("carrier", o.carrier(), "trackingNumber", o.trackingNumber()))));
  }

  @EventListener
  void on(CancellationEvent event) {
    Order o = orders.find(event.orderId()).orElseThrow();
    var request = cancellations.find(event.cancellationId()).orElseThrow();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("cancellationId", event.cancellationId().toString());
    data.put("status", event.status().name());
    data.put("reason", request.reason().name());
    data.put("refundAmount", request.refundAmount().toString());
    if (event.step() == CancellationStep.REQUESTED) {
      // a request granted at once is also announced as DECIDED: the buyer hears of it once, from that
      if (event.status() == CancellationStatus.PENDING_SELLER) {
        data.put("respondBy", request.respondBy().toString());
        notifications.send(List.of(draft(o.sellerId(), NotificationType.CANCELLATION_REQUESTED, o, data)));
      }
    } else if (event.status().granted() || event.status().refused()) {
      if (request.decisionNote() != null) {
        data.put("note", request.resolutionNote() != null ? request.resolutionNote() : request.decisionNote());
      }
      notifications.send(List.of(draft(o.buyerId(), NotificationType.CANCELLATION_DECIDED, o, data)));
    }
  }

  @EventListener
  void on(SellerResponseDue due) {
    List<Notifications.Draft> drafts = new ArrayList<>();
    for (java.util.UUID id : due.cancellationIds()) {
      var request = cancellations.find(id).orElseThrow();
      Order o = orders.find(request.orderId()).orElseThrow();
      drafts.add(draft(o.sellerId(), NotificationType.SELLER_RESPONSE_DUE, o, Map.of("cancellationId", id.toString(),
          "respondBy", request.respondBy().toString(), "reason", request.reason().name())));
    }
    notifications.send(drafts);
  }

  @EventListener
  void on(RefundEvent event) {
    Order o = orders.find(event.orderId()).orElseThrow();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("refundId", event.refundId().toString());
    data.put("status", event.status().name());
    data.put("cause", event.cause().name());
    data.put("amount", event.amount().toString());
    data.put("expectedBy", event.expectedBy().toString());
    notifications.send(List.of(draft(o.buyerId(), NotificationType.REFUND_UPDATED, o, data)));
  }

  /** The opener of a case hears of others' public replies and of status changes (API.md, Support cases). */
  @EventListener
  void on(CaseUpdated updated) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("caseId", updated.caseId().toString());
    data.put("caseNumber", updated.caseNumber());
    data.put("change", updated.change().name());
    data.put("status", updated.status().name());
    if (updated.body() != null) {
      data.put("body", updated.body());
    }
    if (updated.reopenUntil() != null) {
      data.put("reopenUntil", updated.reopenUntil().toString());
    }
    notifications.send(List.of(draft(updated.recipientId(), NotificationType.CASE_UPDATED, updated.orderId(),
        updated.orderNumber(), updated.sellerId(), data)));
  }

  private static Notifications.Draft draft(java.util.UUID recipient, NotificationType type, Order o,
      Map<String, Object> data) {
    return draft(recipient, type, o.id(), o.number(), o.sellerId(), data);
  }

  private static Notifications.Draft draft(java.util.UUID recipient, NotificationType type, java.util.UUID orderId,
      String number, java.util.UUID sellerId, Map<String, Object> data) {
    Map<String, Object> all = new LinkedHashMap<>(data);
    all.put("orderNumber", number);
    return new Notifications.Draft(recipient, type, orderId, sellerId, all);
  }
}
