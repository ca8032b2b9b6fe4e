package dev.orderly.sandbox.internal;

import dev.orderly.sandbox.SandboxConditions;
import dev.orderly.sandbox.SandboxLedger.Amount;
import dev.orderly.sandbox.SandboxLedger.FailureCode;
import dev.orderly.sandbox.SandboxLedger.Payment;
import dev.orderly.sandbox.SandboxLedger.Refund;
import dev.orderly.sandbox.SandboxLedger.Status;
import dev.orderly.common.ConditionalOnSandbox;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The sandbox provider's own tables, {@code sandbox_payments} and {@code sandbox_refunds}: nothing
 * else reads or writes them. A payment is read with the sum of its refunds.
 */
@Repository
@ConditionalOnSandbox
public class SandboxLedgerRepository {

  private static final String PAYMENT = """
      SELECT p.*, (SELECT COALESCE(SUM(r.amount), 0) FROM sandbox_refunds r
                   WHERE r.payment_reference = p.reference AND r.status = 'SUCCEEDED') AS refunded
      FROM sandbox_payments p WHERE p.reference = ?""";

  private final JdbcClient jdbc;

  SandboxLedgerRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A new PENDING payment. */
  public void insertPayment(String reference, String merchantReference, SandboxConditions.Method method, Amount amount,
      String callbackUrl, @Nullable Instant expiresAt, Instant now) {
    jdbc.sql("""
            INSERT INTO sandbox_payments (reference, merchant_reference, method, amount, currency, status, callback_url,
              expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(reference, merchantReference, method.name(), amount.amount(), amount.currency(), Status.PENDING.name(),
            callbackUrl, expiresAt == null ? null : ts(expiresAt), ts(now), ts(now))
        .update();
  }

  public Optional<Payment> find(String reference) {
    return jdbc.sql(PAYMENT).param(reference).query(SandboxLedgerRepository::payment).optional();
  }

  /** Locks the payment's row until the transaction ends; false when there is no such payment. */
  public boolean lock(String reference) {
    return jdbc.sql("SELECT reference FROM sandbox_payments WHERE reference = ? FOR UPDATE").param(reference)
        .query(String.class).optional().isPresent();
  }

  /** Ends a pending payment; false when it was no longer pending (only one ending wins). */
  public boolean end(String reference, Status status, @Nullable FailureCode failureCode, Instant now) {
    return jdbc.sql("""
            UPDATE sandbox_payments SET status = ?, failure_code = ?, updated_at = ?
            WHERE reference = ? AND status = ?""")
        .params(status.name(), failureCode == null ? null : failureCode.name(), ts(now), reference,
            Status.PENDING.name())
        .update() == 1;
  }

  /** A SUCCEEDED refund; the unique key refuses a second one with the same idempotency key. */
  public void insertRefund(String reference, String paymentReference, String idempotencyKey, Amount amount,
      Instant now) {
    jdbc.sql("""
            INSERT INTO sandbox_refunds (reference, payment_reference, idempotency_key, amount, currency, status,
              created_at) VALUES (?, ?, ?, ?, ?, ?, ?)""")
        .params(reference, paymentReference, idempotencyKey, amount.amount(), amount.currency(),
            Status.SUCCEEDED.name(), ts(now))
        .update();
  }

  public Optional<Refund> refund(String paymentReference, String idempotencyKey) {
    return jdbc.sql("SELECT * FROM sandbox_refunds WHERE payment_reference = ? AND idempotency_key = ?")
        .params(paymentReference, idempotencyKey).query(SandboxLedgerRepository::refund).optional();
  }

  public List<Refund> refunds(String paymentReference) {
    return jdbc.sql("SELECT * FROM sandbox_refunds WHERE payment_reference = ? ORDER BY created_at, reference")
        .param(paymentReference).query(SandboxLedgerRepository::refund).list();
  }

  private static Payment payment(ResultSet rs, int n) throws SQLException {
    String currency = rs.getString("currency");
    BigDecimal amount = rs.getBigDecimal("amount");
    BigDecimal refunded = rs.getBigDecimal("refunded");
    String failureCode = rs.getString("failure_code");
    return new Payment(rs.getString("reference"), rs.getString("merchant_reference"),
        SandboxConditions.Method.valueOf(rs.getString("method")), new Amount(amount, currency),
        Status.valueOf(rs.getString("status")), failureCode == null ? null : FailureCode.valueOf(failureCode),
        new Amount(refunded.setScale(Math.max(refunded.scale(), amount.scale())), currency), rs.getString("callback_url"),
        rs.getTimestamp("expires_at") == null ? null : instant(rs, "expires_at"), instant(rs, "created_at"),
        instant(rs, "updated_at"));
  }

  private static Refund refund(ResultSet rs, int n) throws SQLException {
    return new Refund(rs.getString("reference"), rs.getString("payment_reference"),
        new Amount(rs.getBigDecimal("amount"), rs.getString("currency")), Status.valueOf(rs.getString("status")),
        instant(rs, "created_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static OffsetDateTime ts(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
