package dev.orderly.refund.internal;

import dev.orderly.common.Cursor;
import dev.orderly.common.Jdbc;
import dev.orderly.common.Keyset;
import dev.orderly.common.Money;
import dev.orderly.common.Page;
import dev.orderly.payment.PaymentMethod;
import dev.orderly.refund.Refund;
import dev.orderly.refund.RefundCause;
import dev.orderly.refund.RefundStatus;
import dev.orderly.timer.Lease;
import dev.orderly.timer.LeasedWork;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code refunds} table. A transition is written only if the row is still in the status it came
 * from (and, for the executor's tries, still under the executor's lease); a write that matches no row
 * lost a race and says so ({@code false}), it never overwrites.
 */
@Repository
public class RefundRepository {

  private final JdbcClient jdbc;

  RefundRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The rows the executor takes: due refunds still waiting for a try at the provider. */
  static LeasedWork.Rows due(String name, int batchSize, Duration lease) {
    return new LeasedWork.Rows(name, "refunds", "next_attempt_at", "status IN ('PENDING', 'FAILED')", batchSize,
        lease);
  }

  /** Stores a new refund; a second one for the same payment and cause breaks a unique constraint. */
  public void insert(Refund r) {
    jdbc.sql("""
            INSERT INTO refunds (id, order_id, payment_id, payment_reference, method, cause, amount, currency, status,
              attempts, next_attempt_at, expected_by, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(r.id(), r.orderId(), r.paymentId(), r.paymentReference(), r.method().name(), r.cause().name(),
            r.amount().amount(), r.amount().currency(), r.status().name(), r.attempts(), Jdbc.ts(r.nextAttemptAt()),
            Jdbc.ts(r.expectedBy()), Jdbc.ts(r.createdAt()))
        .update();
  }

  public Optional<Refund> find(UUID id) {
    return jdbc.sql("SELECT * FROM refunds WHERE id = ?").param(id).query(RefundRepository::map).optional();
  }

  /** The refund, its row locked until the transaction ends. */
  public Optional<Refund> lock(UUID id) {
    return jdbc.sql("SELECT * FROM refunds WHERE id = ? FOR UPDATE").param(id).query(RefundRepository::map)
        .optional();
  }

  /** The one refund of a payment for a cause, if any. */
  public Optional<Refund> find(UUID paymentId, RefundCause cause) {
    return jdbc.sql("SELECT * FROM refunds WHERE payment_id = ? AND cause = ?").params(paymentId, cause.name())
        .query(RefundRepository::map).optional();
  }

  /** An order's refunds, oldest first. */
  public List<Refund> ofOrder(UUID orderId) {
    return jdbc.sql("SELECT * FROM refunds WHERE order_id = ? ORDER BY created_at, id").param(orderId)
        .query(RefundRepository::map).list();
  }

  /** One page of the refunds whose tries are spent, oldest first: support's queue (index {@code refunds_status}). */
  public Page<Refund> needingAttention(@Nullable Cursor after, int limit) {
    StringBuilder sql = new StringBuilder("SELECT * FROM refunds WHERE list_status = ?"); // index refunds_status, V14_1
    List<Object> params = new ArrayList<>(List.of(RefundStatus.NEEDS_ATTENTION.name()));
    Keyset.page(sql, params, "created_at", "id", Keyset.Direction.OLDEST_FIRST, after, limit);
    return Page.of(jdbc.sql(sql.toString()).params(params).query(RefundRepository::map).list(), limit,
        r -> new Cursor(r.createdAt(), r.id()));
  }

  /** The refunds with these ids that exist, in no particular order. */
  List<Refund> findAll(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("SELECT * FROM refunds WHERE id IN (" + Jdbc.placeholders(ids) + ")")
        .params(List.<Object>copyOf(ids)).query(RefundRepository::map).list();
  }

  /**
   * Writes a try's outcome if the refund is still in status {@code from} and under {@code lease};
   * false when the lease ran out and the row moved on (it was not written).
   */
  boolean saveTry(Refund r, RefundStatus from, Lease lease) {
    return save(r, from, lease);
  }

  /**
   * Writes a change made outside a try (support's retry, the provider's later word) if the refund is
   * still in status {@code from}; false when it was not.
   */
  public boolean saveChange(Refund r, RefundStatus from) {
    return save(r, from, null);
  }

  private boolean save(Refund r, RefundStatus from, @Nullable Lease lease) {
    String sql = """
        UPDATE refunds SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ?, provider_reference = ?,
          expected_by = ?, completed_at = ?
        WHERE id = ? AND status = ?""";
    List<Object> params = new ArrayList<>(Arrays.asList(r.status().name(), r.attempts(),
        r.lastError(), Jdbc.ts(r.nextAttemptAt()), r.providerReference(), Jdbc.ts(r.expectedBy()),
        Jdbc.ts(r.completedAt()), r.id(), from.name()));
    if (lease != null) {
      sql += " AND next_attempt_at = ?";
      params.add(Jdbc.ts(lease.until()));
    }
    return jdbc.sql(sql).params(params).update() == 1;
  }

  private static Refund map(ResultSet rs, int n) throws SQLException {
    return Refund.restore(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
        rs.getObject("payment_id", UUID.class), rs.getString("payment_reference"),
        PaymentMethod.valueOf(rs.getString("method")),
        new Money(rs.getBigDecimal("amount"), rs.getString("currency")), RefundCause.valueOf(rs.getString("cause")),
        RefundStatus.valueOf(rs.getString("status")), rs.getInt("attempts"), rs.getString("last_error"),
        Jdbc.instant(rs, "next_attempt_at"), rs.getString("provider_reference"), Jdbc.instant(rs, "expected_by"),
        Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "completed_at"));
  }
}
