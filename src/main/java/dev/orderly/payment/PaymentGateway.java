package dev.orderly.payment;

import dev.orderly.common.Money;
import java.util.Map;
import java.util.UUID;

/**
 * The provider SPI: what Orderly needs of any payment provider. Implementations speak the
 * provider's protocol; they throw {@link ProviderUnavailableException} when it cannot be reached
 * or fails on its side (worth retrying).
 */
public interface PaymentGateway {

  String name();

  record Created(String reference, String redirectUrl) {}

  /** A provider's word on a payment, from a callback or a query; {@code failureCode} when it failed. */
  record ProviderResult(String reference, AttemptStatus status, String failureCode) {
    public ProviderResult(String reference, AttemptStatus status) {
      this(reference, status, null);
    }
  }

  enum CloseResult { CLOSED, ALREADY_PAID, ALREADY_FAILED }

  record RefundResult(String reference) {}

  Created create(UUID attemptId, PaymentMethod method, Money amount, String callbackUrl);

  ProviderResult query(String reference);

  /** Closes a pending payment so it can no longer succeed; a paid one answers ALREADY_PAID. */
  CloseResult close(String reference);

  /**
   * Gives back (part of) a succeeded payment. The provider executes one refund per idempotency key,
   * however often it is asked. Throws {@link RefundRejectedException} when retrying cannot help.
   */
  RefundResult refund(String paymentReference, String idempotencyKey, Money amount);

  /** Verifies a callback's signature and freshness and reads it; throws when forged or stale. */
  ProviderResult verifyCallback(Map<String, String> headers, byte[] body);
}
