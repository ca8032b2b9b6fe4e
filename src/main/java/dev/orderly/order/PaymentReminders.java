package dev.orderly.order;

import dev.orderly.timer.DueRows;
import dev.orderly.timer.DueWork;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes the due payment reminders of unpaid orders: claimed with {@code FOR UPDATE SKIP LOCKED}
 * and cleared in the same transaction that publishes {@link PaymentRemindersDue} (whose listeners
 * write the notifications), so each order is reminded exactly once, whatever the number of
 * instances; an order paid or cancelled first has no reminder left to take.
 */
@Component
class PaymentReminders implements DueWork {
  static final String NAME = "payment-reminders";
  private static final int BATCH = 200;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  PaymentReminders(JdbcClient jdbc, TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int batchSize() {
    return BATCH;
  }

  @Override
  public int runBatch(Instant now) {
    Integer done = transactions.execute(tx -> {
      List<UUID> due = DueRows.claim(jdbc, "orders", "payment_reminder_at", "status = 'AWAITING_PAYMENT'", now,
          BATCH, null);
      if (due.isEmpty()) {
        return 0;
      }
      events.publishEvent(new PaymentRemindersDue(due, clock.instant()));
      return due.size();
    });
    return done == null ? 0 : done;
  }

  @Override
  public Optional<Instant> nextDue() {
    return DueRows.next(jdbc, "orders", "payment_reminder_at", "TRUE");
  }
}
