package dev.orderly.restriction;

import dev.orderly.common.Jdbc;
import dev.orderly.order.CancelReason;
import dev.orderly.order.OrderStatus;
import dev.orderly.restriction.RestrictionService.AuditEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The restriction module's SQL. It reads the order module's {@code orders} table (a buyer's expiries
 * and unpaid orders) here and nowhere else, through the index {@code orders_buyer_status}; it owns
 * {@code buyer_audit}.
 */
@Repository
class RestrictionRepository {

  static final String LIFTED = "RESTRICTION_LIFTED";

  private final JdbcClient jdbc;

  RestrictionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Locks the principal's row until the transaction ends and returns its role (empty if there is no
   * such principal). Placements and lifts of one buyer queue up behind it; nothing else locks it.
   */
  Optional<String> lockPrincipal(UUID id) {
    return jdbc.sql("SELECT role FROM principals WHERE id = ? FOR UPDATE").param(id).query(String.class).optional();
  }

  Optional<String> role(UUID id) {
    return jdbc.sql("SELECT role FROM principals WHERE id = ?").param(id).query(String.class).optional();
  }

  /** When the buyer's orders expired (cancelled for non-payment) after {@code after}. */
  List<Instant> expiries(UUID buyerId, Instant after) {
    return jdbc.sql("""
            SELECT cancelled_at FROM orders
            WHERE buyer_id = ? AND status = ? AND cancelled_at > ? AND cancel_reason = ?""")
        .params(buyerId, OrderStatus.CANCELLED.name(), Jdbc.ts(after), CancelReason.PAYMENT_TIMEOUT.name())
        .query((rs, n) -> Jdbc.instant(rs, 1))
        .list();
  }

  long unpaidOrders(UUID buyerId) {
    return jdbc.sql("SELECT COUNT(*) FROM orders WHERE buyer_id = ? AND status = ?")
        .params(buyerId, OrderStatus.AWAITING_PAYMENT.name())
        .query(Long.class).single();
  }

  Optional<Instant> lastLift(UUID buyerId) {
    return jdbc.sql("""
            SELECT occurred_at FROM buyer_audit WHERE buyer_id = ? AND action = ?
            ORDER BY occurred_at DESC LIMIT 1""")
        .params(buyerId, LIFTED)
        .query((rs, n) -> Jdbc.instant(rs, 1))
        .optional();
  }

  void record(UUID buyerId, AuditEntry entry) {
    jdbc.sql("""
            INSERT INTO buyer_audit (buyer_id, occurred_at, actor, action, note, restricted_until)
            VALUES (?, ?, ?, ?, ?, ?)""")
        .params(buyerId, Jdbc.ts(entry.at()), entry.actor(), entry.action(), entry.note(),
            Jdbc.ts(entry.restrictedUntil()))
        .update();
  }

  /** The buyer's audit trail, newest first. */
  List<AuditEntry> audit(UUID buyerId, int limit) {
    return jdbc.sql("""
            SELECT occurred_at, actor, action, note, restricted_until FROM buyer_audit
            WHERE buyer_id = ? ORDER BY occurred_at DESC, id DESC LIMIT ?""")
        .params(buyerId, limit)
        .query((rs, n) -> new AuditEntry(Jdbc.instant(rs, "occurred_at"), rs.getString("actor"),
            rs.getString("action"), rs.getString("note"), Jdbc.instant(rs, "restricted_until")))
        .list();
  }
}
