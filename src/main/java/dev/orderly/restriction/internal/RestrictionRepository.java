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
 * The restriction module's table, {@code buyer_audit}, and the one lock it takes on the access
 * module's {@code principals}: a buyer's row, so that one buyer's placements and lifts queue up.
 * A buyer's orders are read through the order module ({@code BuyerOrderHistory}).
 */
@Repository
public class RestrictionRepository {

  private final JdbcClient jdbc;

  RestrictionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Locks the principal's row until the transaction ends and returns its role (empty if there is no
   * such principal). Placements and lifts of one buyer queue up behind it; nothing else locks it.
   */
  public Optional<String> lockPrincipal(UUID id) {
    return jdbc.sql("SELECT role FROM principals WHERE id = ? FOR UPDATE").param(id).query(String.class).optional();
  }

  public Optional<String> role(UUID id) {
    return jdbc.sql("SELECT role FROM principals WHERE id = ?").param(id).query(String.class).optional();
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
