package dev.orderly.payment;

import dev.orderly.common.Money;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The provider SPI: what Orderly needs of any payment provider. Implementations speak the
 * provider's protocol (the sandbox's is {@code payment/provider/sandbox}; Stripe, Alipay and WeChat
 * Pay go next to it) and map its statuses and failure codes to {@link AttemptStatus} and
 * {@link PaymentFailureCode}. They throw {@link ProviderUnavailableException} when it cannot be
 * reached or fails on its side (worth retrying).
 */
public interface PaymentGateway {

  /** The provider's name: {@code orderly.payment.methods.<METHOD>.provider}, {@code /provider-callbacks/{name}}. */
  String name();

  /** A payment opened at the provider: its reference there, and the page to send the buyer to. */
  record Created(String reference, @Nullable String redirectUrl) {}

  /** A provider's word on a payment, from a callback or a query; {@code failureCode} when it failed. */
  record ProviderResult(String reference, AttemptStatus status, @Nullable PaymentFailureCode failureCode) {
    public ProviderResult(String reference, AttemptStatus status) {
      this(reference, status, null);
    }
  }

  enum CloseResult { CLOSED, ALREADY_PAID, ALREADY_FAILED }

  record RefundResult(String reference) {}

  /** Opens a payment of {@code amount} for the attempt; the provider reports on it to {@code callbackUrl}. */
  Created create(UUID attemptId, PaymentMethod method, Money amount, String callbackUrl);

  ProviderResult query(String reference);

  /** Closes a pending payment so it can no longer succeed; a paid one answers ALREADY_PAID. */
  CloseResult close(String reference);

  /**
   * Gives back (part of) a succeeded payment. The provider executes one refund per idempotency key,
   * however often it is asked. Throws {@link RefundRejectedException} when retrying cannot help.
   */
  RefundResult refund(String paymentReference, String idempotencyKey, Money amount);

  /**
   * Verifies a callback's signature and freshness and reads it; refuses a forged or stale one with
   * {@code CALLBACK_SIGNATURE_INVALID} (401) and one it cannot read with {@code VALIDATION_FAILED}.
   */
  ProviderResult verifyCallback(Map<String, String> headers, byte[] body);
}
