package dev.orderly.payment.internal;

import dev.orderly.common.Jdbc;
import dev.orderly.common.Money;
import dev.orderly.payment.AppliedAs;
import dev.orderly.payment.AttemptStatus;
import dev.orderly.payment.PaymentAttempt;
import dev.orderly.payment.PaymentFailureCode;
import dev.orderly.payment.PaymentMethod;
import dev.orderly.timer.Lease;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code payment_attempts} table: attempts, their reconciliation schedule ({@code next_check_at},
 * {@code checks}) and the buyer's "I have paid" count. A transition is written only if the row is
 * still in the state it came from; a write that matches no row returns false (a lost race).
 */
@Repository
public class PaymentAttemptRepository {

  private final JdbcClient jdbc;

  PaymentAttemptRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A new attempt, first asked about by reconciliation at {@code firstCheckAt}. */
  public void insert(PaymentAttempt a, Instant firstCheckAt) {
    jdbc.sql("""
            INSERT INTO payment_attempts (id, order_id, buyer_id, method, amount, currency, status, provider,
              provider_reference, redirect_url, created_at, next_check_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(a.id(), a.orderId(), a.buyerId(), a.method().name(), a.amount().amount(), a.amount().currency(),
            a.status().name(), a.provider(), a.providerReference(), a.redirectUrl(), Jdbc.ts(a.createdAt()),
            Jdbc.ts(firstCheckAt))
        .update();
  }

  /** The outcome of a transition from {@code from}; reconciliation stops. False when the row was no longer {@code from}. */
  public boolean saveOutcome(PaymentAttempt a, AttemptStatus from) {
    return jdbc.sql("""
            UPDATE payment_attempts SET status = ?, failure_code = ?, applied_as = ?, resolved_at = ?, next_check_at = NULL
            WHERE id = ? AND status = ?""")
        .params(a.status().name(), name(a.failureCode()), name(a.appliedAs()), Jdbc.ts(a.resolvedAt()), a.id(),
            from.name())
        .update() == 1;
  }

  /** A close request of a pending attempt, its reconciliation schedule unchanged. False when no longer pending. */
  public boolean saveCloseRequest(PaymentAttempt a) {
    return jdbc.sql("UPDATE payment_attempts SET close_reason = ? WHERE id = ? AND status = ?")
        .params(name(a.closeReason()), a.id(), AttemptStatus.PENDING.name()).update() == 1;
  }

  /** A close request of a pending attempt, for reconciliation to act on at {@code checkAt}. False when no longer pending. */
  public boolean saveCloseRequest(PaymentAttempt a, Instant checkAt) {
    return jdbc.sql("UPDATE payment_attempts SET close_reason = ?, next_check_at = ? WHERE id = ? AND status = ?")
        .params(name(a.closeReason()), Jdbc.ts(checkAt), a.id(), AttemptStatus.PENDING.name()).update() == 1;
  }

  public Optional<PaymentAttempt> find(UUID id) {
    return jdbc.sql("SELECT * FROM payment_attempts WHERE id = ?").param(id)
        .query(PaymentAttemptRepository::attempt).optional();
  }

  public Optional<PaymentAttempt> findByReference(String providerReference) {
    return jdbc.sql("SELECT * FROM payment_attempts WHERE provider_reference = ?").param(providerReference)
        .query(PaymentAttemptRepository::attempt).optional();
  }

  /** Reads the attempt and locks its row until the transaction ends (after the order's lock). */
  public PaymentAttempt lock(UUID id) {
    return jdbc.sql("SELECT * FROM payment_attempts WHERE id = ? FOR UPDATE").param(id)
        .query(PaymentAttemptRepository::attempt).single();
  }

  /** An order's attempts, oldest first. */
  public List<PaymentAttempt> ofOrder(UUID orderId) {
    return jdbc.sql("SELECT * FROM payment_attempts WHERE order_id = ? ORDER BY created_at, id").param(orderId)
        .query(PaymentAttemptRepository::attempt).list();
  }

  /** An order's attempts still awaiting the provider, oldest first. */
  public List<PaymentAttempt> pendingOfOrder(UUID orderId) {
    return jdbc.sql("SELECT * FROM payment_attempts WHERE order_id = ? AND status = ? ORDER BY created_at")
        .params(orderId, AttemptStatus.PENDING.name()).query(PaymentAttemptRepository::attempt).list();
  }

  public boolean hasPending(UUID orderId) {
    return jdbc.sql("SELECT COUNT(*) FROM payment_attempts WHERE order_id = ? AND status = ?")
        .params(orderId, AttemptStatus.PENDING.name()).query(Long.class).single() > 0;
  }

  /** The attempt whose money paid the order. */
  public Optional<PaymentAttempt> paying(UUID orderId) {
    return jdbc.sql("SELECT * FROM payment_attempts WHERE order_id = ? AND applied_as = ?")
        .params(orderId, AppliedAs.PAID.name()).query(PaymentAttemptRepository::attempt).optional();
  }

  /** The provider a payment was made with. */
  public Optional<String> providerOf(UUID paymentId) {
    return jdbc.sql("SELECT provider FROM payment_attempts WHERE id = ?").param(paymentId).query(String.class)
        .optional();
  }

  /** Orders with an attempt awaiting the provider with this method. */
  public List<UUID> ordersPendingWith(PaymentMethod method) {
    return jdbc.sql("SELECT DISTINCT order_id FROM payment_attempts WHERE method = ? AND status = ?")
        .params(method.name(), AttemptStatus.PENDING.name()).query((rs, n) -> rs.getObject(1, UUID.class)).list();
  }

  /**
   * Money a buyer is paying (pending) or has paid (succeeded and applied as PAID) in a currency since
   * {@code since}, by method, leaving out one order's attempts.
   */
  public Map<PaymentMethod, BigDecimal> usedSince(UUID buyerId, String currency, Instant since, UUID exceptOrder) {
    Map<PaymentMethod, BigDecimal> used = new EnumMap<>(PaymentMethod.class);
    jdbc.sql("""
            SELECT method, SUM(amount) FROM payment_attempts
            WHERE buyer_id = ? AND created_at > ? AND currency = ? AND order_id <> ?
              AND (status = 'PENDING' OR (status = 'SUCCEEDED' AND applied_as = 'PAID'))
            GROUP BY method""")
        .params(buyerId, Jdbc.ts(since), currency, exceptOrder)
        .query(rs -> {
          used.put(PaymentMethod.valueOf(rs.getString(1)), rs.getBigDecimal(2));
        });
    return used;
  }

  /** The buyer's "I have paid" checks of an attempt in the current window, and since when that window runs. */
  public record BuyerChecks(int checks, Instant since) {}

  /**
   * Counts one "I have paid" check in a fixed window: a window that began at or before
   * {@code windowStart} is over, and this check starts a new one at {@code now}. One statement, so
   * concurrent checks count one each. Call inside a transaction (the count is read back).
   */
  public BuyerChecks countBuyerCheck(UUID id, Instant now, Instant windowStart) {
    jdbc.sql("""
            UPDATE payment_attempts SET
              buyer_checks = CASE WHEN buyer_checks_since IS NULL OR buyer_checks_since <= ? THEN 1 ELSE buyer_checks + 1 END,
              buyer_checks_since = CASE WHEN buyer_checks_since IS NULL OR buyer_checks_since <= ? THEN ? ELSE buyer_checks_since END
            WHERE id = ?""")
        .params(Jdbc.ts(windowStart), Jdbc.ts(windowStart), Jdbc.ts(now), id).update();
    return jdbc.sql("SELECT buyer_checks, buyer_checks_since FROM payment_attempts WHERE id = ?").param(id)
        .query((rs, n) -> new BuyerChecks(rs.getInt(1), Jdbc.instant(rs, 2))).single();
  }

  // ---- reconciliation: leased by the timer module on next_check_at ----

  /** A claimed attempt with the number of times reconciliation has already asked about it. */
  public record Due(PaymentAttempt attempt, int checks, Lease lease) {}

  /** The claimed attempts, in the leases' order; rows no longer there are left out. */
  public List<Due> due(Collection<Lease> leases) {
    if (leases.isEmpty()) {
      return List.of();
    }
    Map<UUID, Due> byId = new java.util.HashMap<>();
    Map<UUID, Lease> leaseOf = new java.util.HashMap<>();
    leases.forEach(l -> leaseOf.put(l.id(), l));
    jdbc.sql("SELECT * FROM payment_attempts WHERE id IN (" + Jdbc.placeholders(leases) + ")")
        .params(leases.stream().map(Lease::id).toList())
        .query(rs -> {
          PaymentAttempt a = attempt(rs, 0);
          byId.put(a.id(), new Due(a, rs.getInt("checks"), leaseOf.get(a.id())));
        });
    return leases.stream().map(l -> byId.get(l.id())).filter(java.util.Objects::nonNull).toList();
  }

  /** The next look at a pending attempt, one more check counted; only while the lease holds. */
  public boolean checkAgainAt(Lease lease, Instant at) {
    return jdbc.sql("""
            UPDATE payment_attempts SET checks = checks + 1, next_check_at = ?
            WHERE id = ? AND status = ? AND next_check_at = ?""")
        .params(Jdbc.ts(at), lease.id(), AttemptStatus.PENDING.name(), Jdbc.ts(lease.until())).update() == 1;
  }

  /** No more looks (the attempt is resolved); only while the lease holds. */
  public boolean stopChecks(Lease lease) {
    return jdbc.sql("UPDATE payment_attempts SET next_check_at = NULL WHERE id = ? AND next_check_at = ?")
        .params(lease.id(), Jdbc.ts(lease.until())).update() == 1;
  }

  private static @Nullable String name(@Nullable Enum<?> value) {
    return value == null ? null : value.name();
  }

  private static PaymentAttempt attempt(ResultSet rs, int n) throws SQLException {
    String failureCode = rs.getString("failure_code");
    String appliedAs = rs.getString("applied_as");
    String closeReason = rs.getString("close_reason");
    return PaymentAttempt.restore(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
        rs.getObject("buyer_id", UUID.class), PaymentMethod.valueOf(rs.getString("method")),
        new Money(rs.getBigDecimal("amount"), rs.getString("currency")), rs.getString("provider"),
        rs.getString("provider_reference"), rs.getString("redirect_url"), Jdbc.instant(rs, "created_at"),
        AttemptStatus.valueOf(rs.getString("status")),
        failureCode == null ? null : PaymentFailureCode.valueOf(failureCode),
        appliedAs == null ? null : AppliedAs.valueOf(appliedAs),
        closeReason == null ? null : PaymentFailureCode.valueOf(closeReason), Jdbc.instant(rs, "resolved_at"));
  }
}
