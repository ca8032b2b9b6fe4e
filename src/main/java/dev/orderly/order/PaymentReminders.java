package dev.orderly.order;

import dev.orderly.common.Jdbc;
import dev.orderly.timer.DueWork;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
      List<UUID> due = jdbc.sql("""
              SELECT id FROM orders WHERE payment_reminder_at <= ? AND status = 'AWAITING_PAYMENT'
              ORDER BY payment_reminder_at LIMIT ? FOR UPDATE SKIP LOCKED""")
          .params(Jdbc.ts(now), BATCH).query((rs, n) -> rs.getObject(1, UUID.class)).list();
      if (due.isEmpty()) {
        return 0;
      }
      List<Object> ids = new ArrayList<>(due);
      jdbc.sql("UPDATE orders SET payment_reminder_at = NULL WHERE id IN (" + Jdbc.placeholders(ids) + ")")
          .params(ids).update();
      events.publishEvent(new PaymentRemindersDue(due, clock.instant()));
      return due.size();
    });
    return done == null ? 0 : done;
  }

  @Override
  public Optional<Instant> nextDue() {
    return jdbc.sql("SELECT MIN(payment_reminder_at) FROM orders WHERE payment_reminder_at IS NOT NULL")
        .query((rs, n) -> Jdbc.instant(rs, 1)).list().stream().filter(Objects::nonNull).findFirst();
  }
}
