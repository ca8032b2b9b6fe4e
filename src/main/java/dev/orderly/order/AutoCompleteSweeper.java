package dev.orderly.order;

import dev.orderly.common.Jdbc;
import dev.orderly.timer.DueWork;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Completes delivered orders whose buyer did not confirm receipt within the auto-complete window. */
@Component
class AutoCompleteSweeper implements DueWork {

  static final String NAME = "auto-complete";
  private static final int BATCH = 100;

  private final JdbcClient jdbc;
  private final OrderRepository orders;
  private final Timeline timeline;
  private final TransactionTemplate transactions;
  private final Clock clock;

  AutoCompleteSweeper(JdbcClient jdbc, OrderRepository orders, Timeline timeline, TransactionTemplate transactions,
      Clock clock) {
    this.jdbc = jdbc;
    this.orders = orders;
    this.timeline = timeline;
    this.transactions = transactions;
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
              SELECT id FROM orders WHERE status = 'DELIVERED' AND auto_complete_at <= ?
              ORDER BY auto_complete_at LIMIT ? FOR UPDATE SKIP LOCKED""")
          .params(Jdbc.ts(now), BATCH)
          .query((rs, n) -> rs.getObject(1, UUID.class))
          .list();
      for (UUID id : due) {
        Order order = orders.find(id).orElseThrow();
        Instant at = clock.instant();
        order.complete(at);
        orders.update(order);
        timeline.record(id, at, TimelineEventType.ORDER_COMPLETED, SystemActor.AUTO_COMPLETE.label(),
            Map.of("by", "auto-complete window passed", "autoCompleteAt", Objects.toString(order.deliveredAt()
                .plus(order.policy().autoCompleteWindow()))));
      }
      return due.size();
    });
    return done == null ? 0 : done;
  }

  @Override
  public Optional<Instant> nextDue() {
    return jdbc.sql("SELECT MIN(auto_complete_at) FROM orders WHERE status = 'DELIVERED'")
        .query((rs, n) -> Jdbc.instant(rs, 1))
        .list().stream().filter(Objects::nonNull).findFirst();
  }
}
