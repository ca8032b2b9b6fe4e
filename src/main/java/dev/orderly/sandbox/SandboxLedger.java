package dev.orderly.sandbox;

import io.swagger.v3.oas.annotations.media.Schema;
import dev.orderly.common.ConditionalOnSandbox;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The provider's books: payments and their refunds, in its own tables. */
@Component
@ConditionalOnSandbox
class SandboxLedger {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Schema(name = "SandboxAmount", description = "an amount as the sandbox provider writes it: a JSON number with up to 4 decimals")
  record Amount(BigDecimal amount, String currency) {}

  record Payment(String reference, String merchantReference, String method, Amount amount, String status,
      String failureCode, Amount refunded, String callbackUrl, Instant createdAt, Instant updatedAt) {}

  @Schema(name = "SandboxRefund")
  record Refund(String reference, String paymentReference, Amount amount, String status, Instant createdAt) {}

  /** A refund and whether this call created it (false: an earlier call with the same key did). */
  record RefundOutcome(Refund refund, boolean created) {}

  private static final String PAYMENT = """
      SELECT p.*, (SELECT COALESCE(SUM(r.amount), 0) FROM sandbox_refunds r
                   WHERE r.payment_reference = p.reference AND r.status = 'SUCCEEDED') AS refunded
      FROM sandbox_payments p WHERE p.reference = ?""";

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final Clock clock;

  SandboxLedger(JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.clock = clock;
  }

  Payment create(String merchantReference, String method, Amount amount, String callbackUrl) {
    String reference = "sbx_" + randomHex(12);
    OffsetDateTime now = ts(clock.instant());
    jdbc.sql("""
            INSERT INTO sandbox_payments (reference, merchant_reference, method, amount, currency, status, callback_url,
              created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?, ?)""")
        .params(reference, merchantReference, method, amount.amount(), amount.currency(), callbackUrl, now, now)
        .update();
    return find(reference).orElseThrow();
  }

  Optional<Payment> find(String reference) {
    return jdbc.sql(PAYMENT).param(reference).query(SandboxLedger::payment).optional();
  }

  /** Ends a pending payment; false when it was no longer pending (only one ending wins). */
  boolean end(String reference, String status, String failureCode) {
    return jdbc.sql("""
            UPDATE sandbox_payments SET status = ?, failure_code = ?, updated_at = ?
            WHERE reference = ? AND status = 'PENDING'""")
        .params(status, failureCode, ts(clock.instant()), reference).update() == 1;
  }

  Optional<Refund> refund(String paymentReference, String idempotencyKey) {
    return jdbc.sql("SELECT * FROM sandbox_refunds WHERE payment_reference = ? AND idempotency_key = ?")
        .params(paymentReference, idempotencyKey).query(SandboxLedger::refund).optional();
  }

  List<Refund> refunds(String paymentReference) {
    return jdbc.sql("SELECT * FROM sandbox_refunds WHERE payment_reference = ? ORDER BY created_at, reference")
        .param(paymentReference).query(SandboxLedger::refund).list();
  }

  /**
   * Refunds part of a paid payment once per idempotency key. The payment row is locked, so refunds
   * of one payment are checked against its amount one at a time; the unique key is the last guard.
   */
  RefundOutcome refund(String paymentReference, String idempotencyKey, Amount amount) {
    try {
      return transactions.execute(tx -> {
        jdbc.sql("SELECT reference FROM sandbox_payments WHERE reference = ? FOR UPDATE").param(paymentReference)
            .query(String.class).optional().orElseThrow(SandboxError::tradeNotExist);
        Payment payment = find(paymentReference).orElseThrow();
        Optional<Refund> earlier = refund(paymentReference, idempotencyKey);
        if (earlier.isPresent()) {
          return new RefundOutcome(earlier.get(), false);
        }
        if (!"SUCCEEDED".equals(payment.status())) {
          throw SandboxError.conflict("TRADE_NOT_PAID");
        }
        SandboxError.require(payment.amount().currency().equals(amount.currency()));
        if (payment.refunded().amount().add(amount.amount()).compareTo(payment.amount().amount()) > 0) {
          throw SandboxError.conflict("REFUND_EXCEEDS_PAYMENT");
        }
        String reference = "sbr_" + randomHex(12);
        jdbc.sql("""
                INSERT INTO sandbox_refunds (reference, payment_reference, idempotency_key, amount, currency, status,
                  created_at) VALUES (?, ?, ?, ?, ?, 'SUCCEEDED', ?)""")
            .params(reference, paymentReference, idempotencyKey, amount.amount(), amount.currency(),
                ts(clock.instant()))
            .update();
        return new RefundOutcome(refund(paymentReference, idempotencyKey).orElseThrow(), true);
      });
    } catch (DuplicateKeyException e) {
      return new RefundOutcome(refund(paymentReference, idempotencyKey).orElseThrow(), false);
    }
  }

  private static Payment payment(ResultSet rs, int n) throws SQLException {
    String currency = rs.getString("currency");
    BigDecimal amount = rs.getBigDecimal("amount");
    BigDecimal refunded = rs.getBigDecimal("refunded");
    return new Payment(rs.getString("reference"), rs.getString("merchant_reference"), rs.getString("method"),
        new Amount(amount, currency), rs.getString("status"), rs.getString("failure_code"),
        new Amount(refunded.setScale(Math.max(refunded.scale(), amount.scale())), currency), rs.getString("callback_url"),
        instant(rs, "created_at"), instant(rs, "updated_at"));
  }

  private static Refund refund(ResultSet rs, int n) throws SQLException {
    return new Refund(rs.getString("reference"), rs.getString("payment_reference"),
        new Amount(rs.getBigDecimal("amount"), rs.getString("currency")), rs.getString("status"),
        instant(rs, "created_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static OffsetDateTime ts(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
