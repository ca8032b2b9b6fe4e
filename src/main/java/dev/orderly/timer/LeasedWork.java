package dev.orderly.timer;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Due work whose rows are leased, not taken for good: each batch is claimed in a short
 * transaction ({@code FOR UPDATE SKIP LOCKED}, the due column moved to the lease's end), then
 * {@link #load loaded} and {@link #handle handled} outside it — typically a call to a provider or
 * a broker, which must not hold a database transaction open. A row whose worker crashed is
 * claimed again when its lease runs out, so the work is done at least once; the handler records
 * its outcome only while its {@link Lease} holds. The shape of db-scheduler's
 * {@code RecurringTask}/{@code OneTimeTask} with {@code FailureHandler}, with rows of the
 * feature's own table instead of a shared task table.
 *
 * @param <T> a claimed row as its handler needs it
 */
public abstract class LeasedWork<T> implements DueWork {
  private static final Logger log = LoggerFactory.getLogger(LeasedWork.class);

  /**
   * Which rows this work takes.
   *
   * @param name the work's name (thread names, {@link DueWorkRunner#dueAt})
   * @param table the table whose rows are the work
   * @param dueColumn the column with the time a row falls due (and, once claimed, its lease's end)
   * @param condition SQL over the table's columns that a due row must also satisfy (no parameters)
   * @param batchSize rows claimed at once
   * @param lease how long a claimed row is held before another worker may take it
   */
  public record Rows(String name, String table, String dueColumn, String condition, int batchSize, Duration lease) {}

  protected final JdbcClient jdbc;
  protected final TransactionTemplate transactions;
  private final Rows rows;

  protected LeasedWork(JdbcClient jdbc, TransactionTemplate transactions, Rows rows) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.rows = rows;
  }

  /** The claimed rows, read after the claim committed; rows no longer there are left out. */
  protected abstract List<T> load(List<Lease> leases);

  /** Does one row's work and records its outcome (only while its lease holds). */
  protected abstract void handle(T item, Instant now);

  /**
   * A handler threw: by default the row stays leased and is taken again when its lease runs out.
   * Override to record the failure on the row (with a {@link RetryPolicy}).
   */
  protected void failed(T item, RuntimeException error) {
    log.warn("{}: one item failed; it is taken again when its lease runs out", rows.name(), error);
  }

  /** Handles the loaded rows one by one; override to handle a batch at once (e.g. publisher confirms). */
  protected void handleAll(List<T> items, Instant now) {
    for (T item : items) {
      try {
        handle(item, now);
      } catch (RuntimeException e) {
        failed(item, e);
      }
    }
  }

  @Override
  public String name() {
    return rows.name();
  }

  @Override
  public int batchSize() {
    return rows.batchSize();
  }

  @Override
  public int runBatch(Instant now) {
    List<Lease> leases = claim(now, rows.batchSize(), rows.condition());
    if (leases.isEmpty()) {
      return 0;
    }
    handleAll(load(leases), now);
    return leases.size();
  }

  /** Claims up to {@code limit} due rows that satisfy {@code condition}, in a transaction of its own. */
  protected final List<Lease> claim(Instant now, int limit, String condition) {
    Instant until = now.plus(rows.lease()).truncatedTo(ChronoUnit.MILLIS);
    return Objects.requireNonNull(transactions.execute(tx ->
        DueRows.claim(jdbc, rows.table(), rows.dueColumn(), condition, now, limit, until)))
        .stream().map(id -> new Lease(id, until)).toList();
  }

  @Override
  public Optional<Instant> nextDue() {
    return DueRows.next(jdbc, rows.table(), rows.dueColumn(), rows.condition());
  }
}
