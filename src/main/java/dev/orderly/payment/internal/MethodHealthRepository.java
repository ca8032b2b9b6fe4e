package dev.orderly.payment.internal;

import dev.orderly.common.Jdbc;
import dev.orderly.payment.PaymentMethod;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The tables of method health: {@code payment_method_outcomes} (recent outcomes at the provider) and
 * {@code payment_method_health} (one row per method with its degraded flag).
 */
@Repository
public class MethodHealthRepository {

  private final JdbcClient jdbc;

  MethodHealthRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Whether a failure was already counted for this attempt. */
  public boolean failureRecorded(UUID paymentId) {
    return jdbc.sql("SELECT COUNT(*) FROM payment_method_outcomes WHERE payment_id = ? AND ok = FALSE")
        .param(paymentId).query(Long.class).single() > 0;
  }

  /** {@code paymentId} is null for a create that never became an attempt. */
  public void insertOutcome(PaymentMethod method, MethodHealth.Outcome outcome, @Nullable UUID paymentId, Instant at) {
    jdbc.sql("INSERT INTO payment_method_outcomes (method, payment_id, occurred_at, ok, kind) VALUES (?, ?, ?, ?, ?)")
        .params(method.name(), paymentId, Jdbc.ts(at), outcome.ok(), outcome.name()).update();
  }

  /** Outcomes of a method since {@code since}: all of them, and how many failed. */
  public record Counts(long total, long failed) {}

  public Counts countSince(PaymentMethod method, Instant since) {
    return jdbc.sql("""
            SELECT COUNT(*), COALESCE(SUM(CASE WHEN ok THEN 0 ELSE 1 END), 0) FROM payment_method_outcomes
            WHERE method = ? AND occurred_at > ?""")
        .params(method.name(), Jdbc.ts(since))
        .query((rs, n) -> new Counts(rs.getLong(1), rs.getLong(2))).single();
  }

  /** Flips the method's flag; false when it already was {@code degraded} (another instance changed it). */
  public boolean changeDegraded(PaymentMethod method, boolean degraded, Instant at) {
    return jdbc.sql("UPDATE payment_method_health SET degraded = ?, changed_at = ? WHERE method = ? AND degraded <> ?")
        .params(degraded, Jdbc.ts(at), method.name(), degraded).update() == 1;
  }

  public Set<PaymentMethod> degradedMethods() {
    Set<PaymentMethod> degraded = EnumSet.noneOf(PaymentMethod.class);
    jdbc.sql("SELECT method FROM payment_method_health WHERE degraded = TRUE")
        .query((rs, n) -> rs.getString(1)).list()
        .forEach(m -> degraded.add(PaymentMethod.valueOf(m)));
    return degraded;
  }

  public void forgetOutcomesBefore(Instant before) {
    jdbc.sql("DELETE FROM payment_method_outcomes WHERE occurred_at < ?").param(Jdbc.ts(before)).update();
  }
}
