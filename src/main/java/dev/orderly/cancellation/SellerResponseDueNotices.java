package dev.orderly.cancellation;

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
 * Warns sellers before their pending requests are approved automatically: due notices are claimed
 * ({@code FOR UPDATE SKIP LOCKED}) and cleared in the transaction that publishes
 * {@link SellerResponseDue}, so each request gets one notice; an answered request has none left.
 */
@Component
class SellerResponseDueNotices implements DueWork {
  static final String NAME = "seller-response-due";
  private static final int BATCH = 100;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  SellerResponseDueNotices(JdbcClient jdbc, TransactionTemplate transactions, ApplicationEventPublisher events,
      Clock clock) {
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
      List<UUID> due = DueRows.claim(jdbc, "cancellation_requests", "response_due_notice_at",
          "status = 'PENDING_SELLER'", now, BATCH, null);
      if (due.isEmpty()) {
        return 0;
      }
      events.publishEvent(new SellerResponseDue(due, clock.instant()));
      return due.size();
    });
    return done == null ? 0 : done;
  }

  @Override
  public Optional<Instant> nextDue() {
    return DueRows.next(jdbc, "cancellation_requests", "response_due_notice_at", "TRUE");
  }
}
