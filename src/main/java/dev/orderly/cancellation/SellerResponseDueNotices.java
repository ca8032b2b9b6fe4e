package dev.orderly.cancellation;

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
      List<UUID> due = jdbc.sql("""
              SELECT id FROM cancellation_requests WHERE response_due_notice_at <= ? AND status = 'PENDING_SELLER'
              ORDER BY response_due_notice_at LIMIT ? FOR UPDATE SKIP LOCKED""")
          .params(Jdbc.ts(now), BATCH).query((rs, n) -> rs.getObject(1, UUID.class)).list();
      if (due.isEmpty()) {
        return 0;
      }
      List<Object> ids = new ArrayList<>(due);
      jdbc.sql("UPDATE cancellation_requests SET response_due_notice_at = NULL WHERE id IN ("
          + Jdbc.placeholders(ids) + ")").params(ids).update();
      events.publishEvent(new SellerResponseDue(due, clock.instant()));
      return due.size();
    });
    return done == null ? 0 : done;
  }

  @Override
  public Optional<Instant> nextDue() {
    return jdbc.sql("SELECT MIN(response_due_notice_at) FROM cancellation_requests WHERE response_due_notice_at IS NOT NULL")
        .query((rs, n) -> Jdbc.instant(rs, 1)).list().stream().filter(Objects::nonNull).findFirst();
  }
}
