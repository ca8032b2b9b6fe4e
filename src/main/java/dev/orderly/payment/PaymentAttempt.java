package dev.orderly.payment;

import static dev.orderly.payment.AttemptStatus.CLOSED;
import static dev.orderly.payment.AttemptStatus.FAILED;
import static dev.orderly.payment.AttemptStatus.PENDING;
import static dev.orderly.payment.AttemptStatus.SUCCEEDED;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One try to pay an order, as a plain Java aggregate. It starts {@code PENDING}; the provider's
 * word ends it once: {@link #succeed SUCCEEDED}, {@link #fail FAILED} or {@link #close CLOSED}.
 * Money is never refused: a success reported after the attempt was closed or failed is applied
 * (a "late success"; the money then pays the order or goes back). Any other move is refused with
 * {@link ErrorCode#ILLEGAL_PAYMENT_TRANSITION} (409), changing nothing; {@link #isNews} tells the
 * provider's repeated or out-of-order words apart, which change only the order's timeline.
 *
 * <p>{@code appliedAs} says what the money of a succeeded attempt did; {@code closeReason} is set
 * while Orderly wants a pending attempt closed at the provider (reconciliation keeps trying).
 * Amounts are {@link Money}; times are instants passed in, never read from a clock here.
 */
public final class PaymentAttempt {

  private final UUID id;
  private final UUID orderId;
  private final @Nullable UUID buyerId;
  private final PaymentMethod method;
  private final Money amount;
  private final String provider;
  private final String providerReference;
  private final @Nullable String redirectUrl;
  private final Instant createdAt;
  private AttemptStatus status;
  private @Nullable PaymentFailureCode failureCode;
  private @Nullable AppliedAs appliedAs;
  private @Nullable PaymentFailureCode closeReason;
  private @Nullable Instant resolvedAt;

  private PaymentAttempt(UUID id, UUID orderId, @Nullable UUID buyerId, PaymentMethod method, Money amount,
      String provider, String providerReference, @Nullable String redirectUrl, Instant createdAt,
      AttemptStatus status) {
    this.id = id;
    this.orderId = orderId;
    this.buyerId = buyerId;
    this.method = method;
    this.amount = amount;
    this.provider = provider;
    this.providerReference = providerReference;
    this.redirectUrl = redirectUrl;
    this.createdAt = createdAt;
    this.status = status;
  }

  /** An attempt the provider has just opened ({@code providerReference}, where to send the buyer): PENDING. */
  public static PaymentAttempt start(UUID id, UUID orderId, UUID buyerId, PaymentMethod method, Money amount,
      String provider, String providerReference, @Nullable String redirectUrl, Instant now) {
    return new PaymentAttempt(id, orderId, buyerId, method, amount, provider, providerReference, redirectUrl, now,
        PENDING);
  }

  /** An attempt as it was stored (repositories only). */
  public static PaymentAttempt restore(UUID id, UUID orderId, @Nullable UUID buyerId, PaymentMethod method,
      Money amount, String provider, String providerReference, @Nullable String redirectUrl, Instant createdAt,
      AttemptStatus status, @Nullable PaymentFailureCode failureCode, @Nullable AppliedAs appliedAs,
      @Nullable PaymentFailureCode closeReason, @Nullable Instant resolvedAt) {
    PaymentAttempt a = new PaymentAttempt(id, orderId, buyerId, method, amount, provider, providerReference,
        redirectUrl, createdAt, status);
    a.failureCode = failureCode;
    a.appliedAs = appliedAs;
    a.closeReason = closeReason;
    a.resolvedAt = resolvedAt;
    return a;
  }

  /**
   * Whether the provider reporting {@code reported} changes this attempt: a pending attempt's
   * outcome, or money for one that was closed or failed. The same status again, PENDING after an
   * outcome, or FAILED/CLOSED after another outcome is old or repeated news.
   */
  public boolean isNews(AttemptStatus reported) {
    return reported != status && (status == PENDING || reported == SUCCEEDED);
  }

  /**
   * The provider took the money; {@code appliedAs} says what it did. Legal while pending and, as a
   * late success, after the attempt was closed or failed (money that came is money); refused once
   * succeeded. Clears the failure code.
   */
  public void succeed(AppliedAs appliedAs, Instant now) {
    require("record money for", PENDING, FAILED, CLOSED);
    status = SUCCEEDED;
    this.appliedAs = appliedAs;
    failureCode = null;
    resolvedAt = now;
  }

  /** The provider (or the buyer's bank) refused the payment, with its code when it gave one; pending only. */
  public void fail(@Nullable PaymentFailureCode code, Instant now) {
    require("fail", PENDING);
    status = FAILED;
    failureCode = code;
    resolvedAt = now;
  }

  /** The provider closed the attempt; it can no longer take money there. Pending only. */
  public void close(@Nullable PaymentFailureCode reason, Instant now) {
    require("close", PENDING);
    status = CLOSED;
    failureCode = reason;
    resolvedAt = now;
  }

  /**
   * Orderly wants this pending attempt closed at the provider (a newer attempt, the order paid,
   * cancelled or past its deadline); a later reason replaces an earlier one. Pending only.
   */
  public void requestClose(PaymentFailureCode reason) {
    require("ask to close", PENDING);
    closeReason = reason;
  }

  private void require(String action, AttemptStatus... allowed) {
    if (Arrays.asList(allowed).contains(status)) {
      return;
    }
    throw new OrderlyException(ErrorCode.ILLEGAL_PAYMENT_TRANSITION,
        "cannot " + action + " payment " + id + ": it is " + status,
        Map.of("paymentStatus", status, "expectedStatus", List.of(allowed)));
  }

  public UUID id() { return id; }
  public UUID orderId() { return orderId; }
  public @Nullable UUID buyerId() { return buyerId; }
  public PaymentMethod method() { return method; }
  public Money amount() { return amount; }
  /** The provider's name, as in {@code /provider-callbacks/{provider}}. */
  public String provider() { return provider; }
  public String providerReference() { return providerReference; }
  public @Nullable String redirectUrl() { return redirectUrl; }
  public Instant createdAt() { return createdAt; }
  public AttemptStatus status() { return status; }
  public @Nullable PaymentFailureCode failureCode() { return failureCode; }
  public @Nullable AppliedAs appliedAs() { return appliedAs; }
  public @Nullable PaymentFailureCode closeReason() { return closeReason; }
  public @Nullable Instant resolvedAt() { return resolvedAt; }
}
