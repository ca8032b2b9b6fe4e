package dev.orderly.sandbox;

import dev.orderly.common.ConditionalOnSandbox;
import dev.orderly.sandbox.internal.SandboxLedgerRepository;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The provider's books: payments and their refunds, in its own tables. A payment ends once
 * (paid, failed or closed); a paid one is refunded at most up to its amount, once per idempotency
 * key. Refusals are the provider's codes ({@link SandboxError}): {@code TRADE_NOT_EXIST},
 * {@code TRADE_NOT_PAID}, {@code REFUND_EXCEEDS_PAYMENT}, {@code INVALID_REQUEST}.
 */
@Component
@ConditionalOnSandbox
public class SandboxLedger {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A payment's status at the provider; its refunds are always SUCCEEDED. */
  public enum Status { PENDING, SUCCEEDED, FAILED, CLOSED }

  /** Why the provider failed a payment: the buyer's bank ({@code DECLINED}, {@code INSUFFICIENT_FUNDS}) or itself. */
  public enum FailureCode { DECLINED, INSUFFICIENT_FUNDS, PROVIDER_ERROR }

  @Schema(name = "SandboxAmount", description = "an amount as the sandbox provider writes it: a JSON number with up to 4 decimals")
  public record Amount(BigDecimal amount, String currency) {}

  public record Payment(String reference, String merchantReference, SandboxConditions.Method method, Amount amount,
      Status status, @Nullable FailureCode failureCode, Amount refunded, String callbackUrl, @Nullable Instant expiresAt,
      Instant createdAt, Instant updatedAt) {

    /** Whether a buyer is too late to pay: the merchant's expiry has passed. */
    public boolean expiredAt(Instant now) {
      return expiresAt != null && !now.isBefore(expiresAt);
    }
  }

  @Schema(name = "SandboxRefund")
  public record Refund(String reference, String paymentReference, Amount amount, Status status, Instant createdAt) {}

  /** A refund and whether this call created it (false: an earlier call with the same key did). */
  public record RefundOutcome(Refund refund, boolean created) {}

  private final SandboxLedgerRepository books;
  private final TransactionTemplate transactions;
  private final Clock clock;

  SandboxLedger(SandboxLedgerRepository books, TransactionTemplate transactions, Clock clock) {
    this.books = books;
    this.transactions = transactions;
    this.clock = clock;
  }

  /** Opens a PENDING payment under a new reference {@code sbx_…}, payable until {@code expiresAt} when given. */
  public Payment create(String merchantReference, SandboxConditions.Method method, Amount amount, String callbackUrl,
      @Nullable Instant expiresAt) {
    String reference = "sbx_" + randomHex(12);
    books.insertPayment(reference, merchantReference, method, amount, callbackUrl, expiresAt, clock.instant());
    return find(reference).orElseThrow();
  }

  /** Whether a buyer is too late to pay this payment now. */
  public boolean expired(Payment payment) {
    return payment.expiredAt(clock.instant());
  }

  public Optional<Payment> find(String reference) {
    return books.find(reference);
  }

  /** Ends a pending payment; false when it was no longer pending (only one ending wins). */
  public boolean end(String reference, Status status, @Nullable FailureCode failureCode) {
    return books.end(reference, status, failureCode, clock.instant());
  }

  /** The refund made earlier with this idempotency key, if any. */
  public Optional<Refund> refund(String paymentReference, String idempotencyKey) {
    return books.refund(paymentReference, idempotencyKey);
  }

  public List<Refund> refunds(String paymentReference) {
    return books.refunds(paymentReference);
  }

  /**
   * Refunds part of a paid payment once per idempotency key. The payment row is locked, so refunds
   * of one payment are checked against its amount one at a time; the unique key is the last guard.
   */
  public RefundOutcome refund(String paymentReference, String idempotencyKey, Amount amount) {
    try {
      return Objects.requireNonNull(transactions.execute(tx -> refundLocked(paymentReference, idempotencyKey, amount)));
    } catch (DuplicateKeyException e) {
      return new RefundOutcome(refund(paymentReference, idempotencyKey).orElseThrow(), false);
    }
  }

  private RefundOutcome refundLocked(String paymentReference, String idempotencyKey, Amount amount) {
    if (!books.lock(paymentReference)) {
      throw SandboxError.tradeNotExist();
    }
    Payment payment = find(paymentReference).orElseThrow();
    Optional<Refund> earlier = refund(paymentReference, idempotencyKey);
    if (earlier.isPresent()) {
      return new RefundOutcome(earlier.get(), false);
    }
    if (payment.status() != Status.SUCCEEDED) {
      throw SandboxError.conflict("TRADE_NOT_PAID");
    }
    SandboxError.require(payment.amount().currency().equals(amount.currency()));
    if (payment.refunded().amount().add(amount.amount()).compareTo(payment.amount().amount()) > 0) {
      throw SandboxError.conflict("REFUND_EXCEEDS_PAYMENT");
    }
    books.insertRefund("sbr_" + randomHex(12), paymentReference, idempotencyKey, amount, clock.instant());
    return new RefundOutcome(refund(paymentReference, idempotencyKey).orElseThrow(), true);
  }

  static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
