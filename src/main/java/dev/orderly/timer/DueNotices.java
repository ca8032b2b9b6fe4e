package dev.orderly.timer;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A one-time notice per row (a reminder, a warning): due rows are claimed and their due column
 * cleared in the same transaction in which {@link #publish} announces them, so each row gives
 * exactly one notice whatever the number of instances, and a row no longer in the state the
 * notice is about ({@code condition}) gives none.
 */
public abstract class DueNotices implements DueWork {
  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final String name;
  private final String table;
  private final String dueColumn;
  private final String condition;
  private final int batchSize;

  protected DueNotices(JdbcClient jdbc, TransactionTemplate transactions, String name, String table,
      String dueColumn, String condition, int batchSize) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.name = name;
    this.table = table;
    this.dueColumn = dueColumn;
    this.condition = condition;
    this.batchSize = batchSize;
  }

  /** Announces the rows taken, inside the transaction that took them (listeners write the notices). */
  protected abstract void publish(List<UUID> ids);

  @Override
  public String name() {
    return name;
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public int runBatch(Instant now) {
    Integer done = transactions.execute(tx -> {
      List<UUID> due = DueRows.claim(jdbc, table, dueColumn, condition, now, batchSize, null);
      if (!due.isEmpty()) {
        publish(due);
      }
      return due.size();
    });
    return done == null ? 0 : done;
  }

  @Override
  public Optional<Instant> nextDue() {
    return DueRows.next(jdbc, table, dueColumn, "TRUE");
  }
}
