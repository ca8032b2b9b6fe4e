package dev.orderly.order.internal;

import dev.orderly.order.PaymentRemindersDue;
import dev.orderly.timer.DueNotices;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes the due payment reminders of unpaid orders ({@code orders.payment_reminder_at}) and
 * publishes {@link PaymentRemindersDue} in the same transaction (its listeners write the
 * notifications): each order is reminded exactly once; an order paid or cancelled first has no
 * reminder left to take.
 */
@Component
public class PaymentReminders extends DueNotices {
  public static final String NAME = "payment-reminders";

  private final ApplicationEventPublisher events;
  private final Clock clock;

  PaymentReminders(JdbcClient jdbc, TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock) {
    super(jdbc, transactions, NAME, "orders", "payment_reminder_at", "status = 'AWAITING_PAYMENT'", 200);
    this.events = events;
    this.clock = clock;
  }

  @Override
  protected void publish(List<UUID> ids) {
    events.publishEvent(new PaymentRemindersDue(ids, clock.instant()));
  }
}
