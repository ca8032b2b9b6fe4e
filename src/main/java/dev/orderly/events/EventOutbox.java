package dev.orderly.events;

import dev.orderly.cancellation.CancellationEvent;
import dev.orderly.cancellation.SellerResponseDue;
import dev.orderly.common.AfterCommit;
import dev.orderly.common.Ids;
import dev.orderly.common.Money;
import dev.orderly.events.internal.AmqpEventsConfig;
import dev.orderly.events.internal.EventOutboxRepository;
import dev.orderly.events.internal.EventRelay;
import dev.orderly.order.OrderCancelled;
import dev.orderly.order.OrderPaid;
import dev.orderly.order.OrderPlaced;
import dev.orderly.order.OrderShipped;
import dev.orderly.order.OrdersExpired;
import dev.orderly.order.PaymentRemindersDue;
import dev.orderly.payment.MoneyToReturn;
import dev.orderly.payment.PaymentMethod;
import dev.orderly.payment.PaymentMethodDegraded;
import dev.orderly.refund.RefundEvent;
import dev.orderly.timer.DueWorkRunner;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Writes one {@code event_outbox} row per domain event, synchronously in the transaction that
 * publishes the event (a change that rolls back publishes nothing; one that commits cannot lose its
 * event). Batch events become one row per order or request, inserted with one JDBC batch.
 *
 * <p>Types (= routing keys), upper snake case, {@code SUBJECT_WHAT}: ORDER_PLACED, ORDER_PAID,
 * ORDER_SHIPPED, ORDER_CANCELLED (every reason, including PAYMENT_TIMEOUT for orders expired at
 * their deadline), ORDER_PAYMENT_REMINDER_DUE, PAYMENT_LATE, PAYMENT_DUPLICATE,
 * PAYMENT_METHOD_DEGRADED, CANCELLATION_REQUESTED / _DECIDED / _ESCALATED / _RESOLVED /
 * _WITHDRAWN, CANCELLATION_RESPONSE_DUE, REFUND_PENDING / _SUCCEEDED / _FAILED /
 * _NEEDS_ATTENTION.
 */
@Component
@ConditionalOnProperty(name = AmqpEventsConfig.ENABLED, havingValue = "true")
class EventOutbox {

  private final EventOutboxRepository outbox;
  private final ObjectMapper json;
  private final DueWorkRunner timers;
  private final Clock clock;

  EventOutbox(EventOutboxRepository outbox, ObjectMapper json, DueWorkRunner timers, Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
    this.json = json;
    this.timers = timers;
  }

  /** One event to go out: the envelope's fields besides id, type, occurredAt and orderId. */
  record Draft(String type, @Nullable UUID orderId, Instant at, Map<String, Object> data) {}

  @EventListener
  void on(OrderPlaced e) {
    add(new Draft("ORDER_PLACED", e.orderId(), e.at(), Map.of()));
  }

  @EventListener
  void on(OrderPaid e) {
    add(new Draft("ORDER_PAID", e.orderId(), e.at(), Map.of()));
  }

  @EventListener
  void on(OrderShipped e) {
    add(new Draft("ORDER_SHIPPED", e.orderId(), e.at(), Map.of()));
  }

  @EventListener
  void on(OrderCancelled e) {
    add(new Draft("ORDER_CANCELLED", e.orderId(), e.at(), Map.of("reason", e.reason().name())));
  }

  /** Orders closed at their deadline in one batch: the same event as an order expired alone. */
  @EventListener
  void on(OrdersExpired e) {
    add(e.orderIds().stream()
        .map(id -> new Draft("ORDER_CANCELLED", id, e.at(), Map.<String, Object>of("reason", "PAYMENT_TIMEOUT")))
        .toList());
  }

  @EventListener
  void on(PaymentRemindersDue e) {
    add(e.orderIds().stream().map(id -> new Draft("ORDER_PAYMENT_REMINDER_DUE", id, e.at(), Map.<String, Object>of()))
        .toList());
  }

  @EventListener
  void on(MoneyToReturn e) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("paymentId", e.paymentId().toString());
    data.put("method", e.method().name());
    data.put("amount", money(e.amount()));
    String type = e.cause() == MoneyToReturn.Cause.LATE_PAYMENT ? "PAYMENT_LATE" : "PAYMENT_DUPLICATE";
    // the event has no time of its own: it is published in the transaction that recorded the money
    add(new Draft(type, e.orderId(), clock.instant(), data));
  }

  @EventListener
  void on(PaymentMethodDegraded e) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("method", e.method().name());
    data.put("workingMethods", e.workingMethods().stream().map(PaymentMethod::name).toList());
    data.put("waitingOrders", e.waitingOrderIds().size());
    add(new Draft("PAYMENT_METHOD_DEGRADED", null, e.at(), data));
  }

  @EventListener
  void on(CancellationEvent e) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("cancellationId", e.cancellationId().toString());
    data.put("status", e.status().name());
    add(new Draft("CANCELLATION_" + e.step(), e.orderId(), e.at(), data));
  }

  @EventListener
  void on(SellerResponseDue e) {
    add(e.cancellationIds().stream().map(id -> new Draft("CANCELLATION_RESPONSE_DUE", null, e.at(),
        Map.<String, Object>of("cancellationId", id.toString()))).toList());
  }

  @EventListener
  void on(RefundEvent e) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("refundId", e.refundId().toString());
    data.put("cause", e.cause().name());
    data.put("status", e.status().name());
    data.put("amount", money(e.amount()));
    data.put("expectedBy", e.expectedBy() == null ? null : e.expectedBy().toString());
    add(new Draft("REFUND_" + e.status().name(), e.orderId(), e.at(), data));
  }

  private static Map<String, Object> money(Money m) {
    return m == null ? null : Map.of("amount", m.amount().toPlainString(), "currency", m.currency());
  }

  private void add(Draft draft) {
    add(List.of(draft));
  }

  /** Inserts the rows with one JDBC batch, due at once, and wakes the relay once they are committed. */
  void add(List<Draft> drafts) {
    if (drafts.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    List<EventOutboxRepository.NewEvent> events = new ArrayList<>(drafts.size());
    for (Draft d : drafts) {
      UUID id = Ids.next();
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("id", id.toString());
      payload.put("type", d.type());
      payload.put("occurredAt", d.at().toString());
      payload.put("orderId", d.orderId() == null ? null : d.orderId().toString());
      payload.putAll(d.data());
      events.add(new EventOutboxRepository.NewEvent(id, d.type(), d.orderId(), json.writeValueAsString(payload)));
    }
    outbox.insert(events, now);
    AfterCommit.run(() -> timers.dueAt(EventRelay.NAME, now));
  }
}
