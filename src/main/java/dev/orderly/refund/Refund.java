package dev.orderly.refund;

import static dev.orderly.refund.RefundStatus.FAILED;
import static dev.orderly.refund.RefundStatus.NEEDS_ATTENTION;
import static dev.orderly.refund.RefundStatus.PENDING;
import static dev.orderly.refund.RefundStatus.SUCCEEDED;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.payment.PaymentMethod;
import dev.orderly.timer.FailureText;
import dev.orderly.timer.RetryPolicy;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The refund aggregate: money on its way back to a buyer, from {@link RefundStatus#PENDING} through
 * tries at the provider to {@link RefundStatus#SUCCEEDED}, or to {@link RefundStatus#NEEDS_ATTENTION}
 * when the tries are spent. Each transition checks the status it expects and refuses anything else
 * with {@link ErrorCode#ILLEGAL_REFUND_TRANSITION} (409), changing nothing. No Spring, no clock of
 * its own: every transition is told the time.
 *
 * <p>{@code expectedBy} is when the money should be in the buyer's account: the method's refund
 * time after creation, then after the provider's confirmation.
 */
public final class Refund {

  private final UUID id;
  private final UUID orderId;
  private final UUID paymentId;
  private final String paymentReference;
  private final PaymentMethod method;
  private final Money amount;
  private final RefundCause cause;
  private final Instant createdAt;
  private RefundStatus status;
  private int attempts;
  private @Nullable String lastError;
  private @Nullable Instant nextAttemptAt;
  private @Nullable String providerReference;
  private Instant expectedBy;
  private @Nullable Instant completedAt;

  private Refund(UUID id, UUID orderId, UUID paymentId, String paymentReference, PaymentMethod method, Money amount,
      RefundCause cause, Instant createdAt, RefundStatus status, Instant expectedBy) {
    this.id = id;
    this.orderId = orderId;
    this.paymentId = paymentId;
    this.paymentReference = paymentReference;
    this.method = method;
    this.amount = amount;
    this.cause = cause;
    this.createdAt = createdAt;
    this.status = status;
    this.expectedBy = expectedBy;
  }

  /**
   * A new refund of {@code amount} of a payment (the provider's {@code paymentReference}), due at
   * the provider at once.
   *
   * @param expectedBy when the money should reach the buyer, judged now (creation + the method's refund time)
   */
  public static Refund request(UUID id, UUID orderId, UUID paymentId, String paymentReference, PaymentMethod method,
      Money amount, RefundCause cause, Instant expectedBy, Instant now) {
    Refund refund = new Refund(id, orderId, paymentId, paymentReference, method, amount, cause, now, PENDING,
        expectedBy);
    refund.nextAttemptAt = now;
    return refund;
  }

  /**
   * The provider confirmed the refund (one more try counted): SUCCEEDED, final.
   *
   * @param expectedBy when the money should reach the buyer, judged from the confirmation
   * @throws OrderlyException {@code ILLEGAL_REFUND_TRANSITION} unless PENDING or FAILED
   */
  public void succeeded(String providerReference, Instant expectedBy, Instant now) {
    require("record a success of", PENDING, FAILED);
    attempts++;
    status = SUCCEEDED;
    this.providerReference = providerReference;
    this.expectedBy = expectedBy;
    completedAt = now;
    nextAttemptAt = null;
    lastError = null;
  }

  /**
   * A try failed (counted): FAILED with its next try {@code retries} says, or NEEDS_ATTENTION (support's
   * queue, no next try) when the tries are spent or the failure is {@code permanent} (the provider
   * refused for good). The error is kept clipped ({@link FailureText}).
   *
   * @throws OrderlyException {@code ILLEGAL_REFUND_TRANSITION} unless PENDING or FAILED
   */
  public void failed(@Nullable String error, RetryPolicy retries, boolean permanent, Instant now) {
    require("record a failure of", PENDING, FAILED);
    attempts++;
    Optional<Instant> retryAt = retries.retryAt(attempts, now, permanent);
    status = retryAt.isPresent() ? FAILED : NEEDS_ATTENTION;
    nextAttemptAt = retryAt.orElse(null);
    lastError = FailureText.of(error);
  }

  /**
   * The provider reports that a refund it had accepted failed after all (the money did not reach
   * the buyer): NEEDS_ATTENTION, for support, with the provider's reason. No try is counted: retrying
   * the same refund at the provider would only repeat its answer.
   *
   * @throws OrderlyException {@code ILLEGAL_REFUND_TRANSITION} unless SUCCEEDED
   */
  public void failedAtProvider(String reason, Instant now) {
    require("record the provider's failure of", SUCCEEDED);
    status = NEEDS_ATTENTION;
    completedAt = null;
    nextAttemptAt = null;
    lastError = FailureText.of("the provider reported the refund failed: " + reason);
  }

  /**
   * Support sends a refund that needs attention, or is waiting for its retry, to the provider again
   * at once: PENDING with its tries counted from zero.
   *
   * @throws OrderlyException {@code ILLEGAL_REFUND_TRANSITION} unless NEEDS_ATTENTION or FAILED
   */
  public void retryRequested(Instant now) {
    if (status != NEEDS_ATTENTION && status != FAILED) {
      throw new OrderlyException(ErrorCode.ILLEGAL_REFUND_TRANSITION,
          "refund " + id + " is " + status + "; only a failed refund can be retried", Map.of("refundStatus", status));
    }
    status = PENDING;
    attempts = 0;
    nextAttemptAt = now;
  }

  /** Whether the refund still waits for a try at the provider (PENDING or FAILED), so the executor may try it. */
  public boolean awaitsTry() {
    return status == PENDING || status == FAILED;
  }

  private void require(String action, RefundStatus... allowed) {
    if (Arrays.asList(allowed).contains(status)) {
      return;
    }
    throw new OrderlyException(ErrorCode.ILLEGAL_REFUND_TRANSITION, "cannot " + action + " refund " + id + ": it is "
        + status, Map.of("refundStatus", status, "expectedStatus", List.of(allowed)));
  }

  public UUID id() { return id; }
  public UUID orderId() { return orderId; }
  public UUID paymentId() { return paymentId; }
  /** The provider's reference of the payment this refund gives back. */
  public String paymentReference() { return paymentReference; }
  public PaymentMethod method() { return method; }
  public Money amount() { return amount; }
  public RefundCause cause() { return cause; }
  public RefundStatus status() { return status; }
  /** Tries made at the provider since creation or support's last retry. */
  public int attempts() { return attempts; }
  public @Nullable String lastError() { return lastError; }
  /** When the next try is due (while claimed: the end of the executor's lease); null when none is. */
  public @Nullable Instant nextAttemptAt() { return nextAttemptAt; }
  /** The provider's reference of the refund, once it succeeded. */
  public @Nullable String providerReference() { return providerReference; }
  public Instant expectedBy() { return expectedBy; }
  public Instant createdAt() { return createdAt; }
  public @Nullable Instant completedAt() { return completedAt; }

  /** Rebuilds a refund as stored; only the repository calls this. */
  public static Refund restore(UUID id, UUID orderId, UUID paymentId, String paymentReference, PaymentMethod method,
      Money amount, RefundCause cause, RefundStatus status, int attempts, @Nullable String lastError,
      @Nullable Instant nextAttemptAt, @Nullable String providerReference, Instant expectedBy, Instant createdAt,
      @Nullable Instant completedAt) {
    Refund refund = new Refund(id, orderId, paymentId, paymentReference, method, amount, cause, createdAt, status,
        expectedBy);
    refund.attempts = attempts;
    refund.lastError = lastError;
    refund.nextAttemptAt = nextAttemptAt;
    refund.providerReference = providerReference;
    refund.completedAt = completedAt;
    return refund;
  }
}
