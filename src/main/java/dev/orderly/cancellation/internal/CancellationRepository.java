package dev.orderly.cancellation.internal;

import dev.orderly.cancellation.CancellationReason;
import dev.orderly.cancellation.CancellationRequest;
import dev.orderly.cancellation.CancellationStatus;
import dev.orderly.cancellation.Eligibility;
import dev.orderly.common.Jdbc;
import dev.orderly.common.Cursor;
import dev.orderly.common.Keyset;
import dev.orderly.common.Page;
import dev.orderly.order.ListScope;
import dev.orderly.common.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code cancellation_requests}: the buyers' requests, one row each. */
@Repository
public class CancellationRepository {
  private final JdbcClient jdbc;

  CancellationRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** {@code dueNoticeAt}: when to warn the seller that the request is about to be approved automatically. */
  public void insert(CancellationRequest r, @Nullable Instant dueNoticeAt) {
    jdbc.sql("""
            INSERT INTO cancellation_requests (id, order_id, buyer_id, seller_id, status, mode, reason, note, fee_amount,
              refund_amount, currency, respond_by, created_at, decided_at, decided_by, decision_note,
              response_due_notice_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(r.id(), r.orderId(), r.buyerId(), r.sellerId(), r.status().name(), r.mode().name(), r.reason().name(),
            r.note(), r.fee().amount(), r.refundAmount().amount(), r.fee().currency(), Jdbc.ts(r.respondBy()),
            Jdbc.ts(r.createdAt()), Jdbc.ts(r.decidedAt()), r.decidedBy(), r.decisionNote(), Jdbc.ts(dueNoticeAt))
        .update();
  }

  /**
   * Everything a step may change, only if the request is still in status {@code from}. Callers hold
   * the order's lock and this row's, so a mismatch means a lock was not taken: refused, nothing is
   * overwritten.
   */
  public void update(CancellationRequest r, CancellationStatus from) {
    int updated = jdbc.sql("""
            UPDATE cancellation_requests SET status = ?, fee_amount = ?, refund_amount = ?, decided_at = ?, decided_by = ?,
              decision_note = ?, escalated_at = ?, escalation_note = ?, resolved_at = ?, resolved_by = ?,
              resolution_note = ?, confirmation_number = ?, confirmed_at = ?,
              response_due_notice_at = CASE WHEN ? = 'PENDING_SELLER' THEN response_due_notice_at END
            WHERE id = ? AND status = ?""")
        .params(r.status().name(), r.fee().amount(), r.refundAmount().amount(), Jdbc.ts(r.decidedAt()), r.decidedBy(),
            r.decisionNote(), Jdbc.ts(r.escalatedAt()), r.escalationNote(), Jdbc.ts(r.resolvedAt()), r.resolvedBy(),
            r.resolutionNote(), r.confirmationNumber(), Jdbc.ts(r.confirmedAt()), r.status().name(), r.id(),
            from.name())
        .update();
    if (updated != 1) {
      throw new IllegalStateException("cancellation request " + r.id() + " is no longer " + from
          + ": changed without its row lock");
    }
  }

  public Optional<CancellationRequest> find(UUID id) {
    return jdbc.sql("SELECT * FROM cancellation_requests WHERE id = ?").param(id)
        .query(CancellationRepository::map).optional();
  }

  /** Reads the request and locks its row until the transaction ends. */
  public Optional<CancellationRequest> lock(UUID id) {
    return jdbc.sql("SELECT * FROM cancellation_requests WHERE id = ? FOR UPDATE").param(id)
        .query(CancellationRepository::map).optional();
  }

  /** The order's most recent request, which decides whether another may be opened. */
  public Optional<CancellationRequest> latestOf(UUID orderId) {
    return jdbc.sql("SELECT * FROM cancellation_requests WHERE order_id = ? ORDER BY created_at DESC, id LIMIT 1")
        .param(orderId).query(CancellationRepository::map).optional();
  }

  /** The order's requests, oldest first. */
  public List<CancellationRequest> ofOrder(UUID orderId) {
    return jdbc.sql("SELECT * FROM cancellation_requests WHERE order_id = ? ORDER BY created_at, id").param(orderId)
        .query(CancellationRepository::map).list();
  }

  /**
   * One page of the requests in scope, newest first (creation time, then id), optionally only those
   * in {@code status}, after {@code after}; indexes {@code cancellation_requests_buyer}, {@code _seller},
   * {@code _status} and {@code _created}, each ending in {@code (created_at, id)}.
   */
  public Page<CancellationRequest> list(ListScope scope, @Nullable CancellationStatus status, @Nullable Cursor after,
      int limit) {
    StringBuilder sql = new StringBuilder("SELECT * FROM cancellation_requests WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    scope.restrict(sql, params);
    if (status != null) {
      // support's list by status has an index of its own, on a copy of the status (V14_1)
      sql.append(scope.kind() == ListScope.Kind.EVERYTHING ? " AND list_status = ?" : " AND status = ?");
      params.add(status.name());
    }
    return page(sql, params, Keyset.Direction.NEWEST_FIRST, after, limit);
  }

  /** One page of the escalated requests, oldest first: support's queue. */
  public Page<CancellationRequest> escalated(@Nullable Cursor after, int limit) {
    List<Object> params = new ArrayList<>(List.of(CancellationStatus.ESCALATED.name()));
    return page(new StringBuilder("SELECT * FROM cancellation_requests WHERE list_status = ?"), params,
        Keyset.Direction.OLDEST_FIRST, after, limit);
  }

  private Page<CancellationRequest> page(StringBuilder sql, List<Object> params, Keyset.Direction direction,
      @Nullable Cursor after, int limit) {
    Keyset.page(sql, params, "created_at", "id", direction, after, limit);
    return Page.of(jdbc.sql(sql.toString()).params(params).query(CancellationRepository::map).list(), limit,
        r -> new Cursor(r.createdAt(), r.id()));
  }

  /**
   * Up to {@code limit} pending requests whose seller-response deadline is at or before {@code now},
   * earliest first, read without a lock: each approval locks the order and the request and re-checks.
   */
  public List<UUID> pendingPastDeadline(Instant now, int limit) {
    return jdbc.sql("""
            SELECT id FROM cancellation_requests WHERE status = 'PENDING_SELLER' AND respond_by <= ?
            ORDER BY respond_by LIMIT ?""")
        .params(Jdbc.ts(now), limit).query((rs, n) -> rs.getObject(1, UUID.class)).list();
  }

  /** The earliest seller-response deadline among pending requests. */
  public Optional<Instant> nextResponseDeadline() {
    return jdbc.sql("SELECT MIN(respond_by) FROM cancellation_requests WHERE status = 'PENDING_SELLER'")
        .query((rs, n) -> Jdbc.instant(rs, 1)).list().stream().filter(Objects::nonNull).findFirst();
  }

  private static CancellationRequest map(ResultSet rs, int n) throws SQLException {
    String currency = rs.getString("currency");
    return CancellationRequest.restore(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
        rs.getObject("buyer_id", UUID.class), rs.getObject("seller_id", UUID.class),
        Eligibility.Mode.valueOf(rs.getString("mode")), CancellationReason.valueOf(rs.getString("reason")),
        rs.getString("note"), new Money(rs.getBigDecimal("fee_amount"), currency),
        new Money(rs.getBigDecimal("refund_amount"), currency), Jdbc.instant(rs, "respond_by"),
        Jdbc.instant(rs, "created_at"), CancellationStatus.valueOf(rs.getString("status")),
        Jdbc.instant(rs, "decided_at"), rs.getString("decided_by"), rs.getString("decision_note"),
        Jdbc.instant(rs, "escalated_at"), rs.getString("escalation_note"), Jdbc.instant(rs, "resolved_at"),
        rs.getString("resolved_by"), rs.getString("resolution_note"), rs.getString("confirmation_number"),
        Jdbc.instant(rs, "confirmed_at"));
  }
}
