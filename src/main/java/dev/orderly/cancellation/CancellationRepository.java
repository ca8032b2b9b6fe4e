package dev.orderly.cancellation;

import dev.orderly.common.Jdbc;
import dev.orderly.common.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class CancellationRepository {
  private final JdbcClient jdbc;

  CancellationRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** {@code dueNoticeAt}: when to warn the seller that the request is about to be approved automatically. */
  void insert(CancellationRequest r, java.time.Instant dueNoticeAt) {
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

  /** Everything a step may change; the caller holds the order's lock and this row's. */
  void update(CancellationRequest r) {
    jdbc.sql("""
            UPDATE cancellation_requests SET status = ?, fee_amount = ?, refund_amount = ?, decided_at = ?, decided_by = ?,
              decision_note = ?, escalated_at = ?, escalation_note = ?, resolved_at = ?, resolved_by = ?,
              resolution_note = ?, confirmation_number = ?, confirmed_at = ?,
              response_due_notice_at = CASE WHEN ? = 'PENDING_SELLER' THEN response_due_notice_at END
            WHERE id = ?""")
        .params(r.status().name(), r.fee().amount(), r.refundAmount().amount(), Jdbc.ts(r.decidedAt()), r.decidedBy(),
            r.decisionNote(), Jdbc.ts(r.escalatedAt()), r.escalationNote(), Jdbc.ts(r.resolvedAt()), r.resolvedBy(),
            r.resolutionNote(), r.confirmationNumber(), Jdbc.ts(r.confirmedAt()), r.status().name(), r.id())
        .update();
  }

  Optional<CancellationRequest> find(UUID id) {
    return jdbc.sql("SELECT * FROM cancellation_requests WHERE id = ?").param(id)
        .query(CancellationRepository::map).optional();
  }

  Optional<CancellationRequest> lock(UUID id) {
    return jdbc.sql("SELECT * FROM cancellation_requests WHERE id = ? FOR UPDATE").param(id)
        .query(CancellationRepository::map).optional();
  }

  /** The order's most recent request, which decides whether another may be opened. */
  Optional<CancellationRequest> latestOf(UUID orderId) {
    return jdbc.sql("SELECT * FROM cancellation_requests WHERE order_id = ? ORDER BY created_at DESC, id LIMIT 1")
        .param(orderId).query(CancellationRepository::map).optional();
  }

  List<CancellationRequest> ofOrder(UUID orderId) {
    return jdbc.sql("SELECT * FROM cancellation_requests WHERE order_id = ? ORDER BY created_at, id").param(orderId)
        .query(CancellationRepository::map).list();
  }

  List<CancellationRequest> list(String column, UUID value, CancellationStatus status, boolean oldestFirst, int limit) {
    StringBuilder sql = new StringBuilder("SELECT * FROM cancellation_requests WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (column != null) {
      sql.append(" AND ").append(column).append(" = ?");
      params.add(value);
    }
    if (status != null) {
      sql.append(" AND status = ?");
      params.add(status.name());
    }
    sql.append(oldestFirst ? " ORDER BY created_at, id" : " ORDER BY created_at DESC, id").append(" LIMIT ?");
    params.add(limit);
    return jdbc.sql(sql.toString()).params(params).query(CancellationRepository::map).list();
  }

  static CancellationRequest map(ResultSet rs, int n) throws SQLException {
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
