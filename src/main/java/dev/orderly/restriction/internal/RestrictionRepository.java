package dev.orderly.restriction.internal;

import dev.orderly.common.Jdbc;
import dev.orderly.restriction.BuyerAuditAction;
import dev.orderly.restriction.RestrictionService.AuditEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The restriction module's table, {@code buyer_audit}. A buyer's row is locked through the access
 * module ({@code PrincipalService.lock}), a buyer's orders read through the order module
 * ({@code BuyerOrderHistory}).
 */
@Repository
public class RestrictionRepository {

  private final JdbcClient jdbc;

  RestrictionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Instant> lastLift(UUID buyerId) {
    return jdbc.sql("""
            SELECT occurred_at FROM buyer_audit WHERE buyer_id = ? AND action = ?
            ORDER BY occurred_at DESC LIMIT 1""")
        .params(buyerId, BuyerAuditAction.RESTRICTION_LIFTED.name())
        .query((rs, n) -> Jdbc.instant(rs, 1))
        .optional();
  }

  public void record(UUID buyerId, AuditEntry entry) {
    jdbc.sql("""
            INSERT INTO buyer_audit (buyer_id, occurred_at, actor, action, note, restricted_until)
            VALUES (?, ?, ?, ?, ?, ?)""")
        .params(buyerId, Jdbc.ts(entry.at()), entry.actor(), entry.action().name(), entry.note(),
            Jdbc.ts(entry.restrictedUntil()))
        .update();
  }

  /** The buyer's audit trail, newest first. */
  public List<AuditEntry> audit(UUID buyerId, int limit) {
    return jdbc.sql("""
            SELECT occurred_at, actor, action, note, restricted_until FROM buyer_audit
            WHERE buyer_id = ? ORDER BY occurred_at DESC, id DESC LIMIT ?""")
        .params(buyerId, limit)
        .query((rs, n) -> new AuditEntry(Jdbc.instant(rs, "occurred_at"), rs.getString("actor"),
            BuyerAuditAction.valueOf(rs.getString("action")), rs.getString("note"),
            Jdbc.instant(rs, "restricted_until")))
        .list();
  }
}
