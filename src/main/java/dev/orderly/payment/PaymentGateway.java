package dev.orderly.payment;

import dev.orderly.common.Money;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The provider SPI: what Orderly needs of any payment provider (PRODUCT.md "Interfaces → Payment
 * providers"). Implementations speak the provider's protocol, one sub-package of
 * {@code payment/provider} each (sandbox, stripe, alipay, wechatpay), and map its statuses and
 * failure codes to {@link AttemptStatus} and {@link PaymentFailureCode}. They throw
 * {@link ProviderUnavailableException} when it cannot be reached, does not answer within its read
 * timeout, or fails on its side (worth retrying). Every implementation passes the conformance suite
 * ({@code PaymentProviderConformance} in the tests).
 */
public interface PaymentGateway {

  /** The provider's name: {@code orderly.payment.methods.<METHOD>.provider}, {@code /provider-callbacks/{name}}. */
  String name();

  /**
   * Whether the provider takes payments with this method in this currency (ISO 4217 code, upper
   * case). A method routed to a provider that does not is {@code PAYMENT_METHOD_NOT_AVAILABLE}.
   */
  default boolean takes(PaymentMethod method, String currency) {
    return true;
  }

  /**
   * Whether the buyer is sent to a code to scan with the provider's phone app (Alipay's
   * {@code qr_code}, WeChat Pay's {@code code_url}) rather than to a page: the console shows it as a
   * QR code.
   */
  default boolean paysByQrCode() {
    return false;
  }

  /**
   * What Orderly asks a provider to open: a payment of {@code amount} (Orderly's money, in payable
   * units) for attempt {@code attemptId} of order {@code orderNumber}, that must not succeed after
   * {@code expiresAt} (the order's payment deadline), reported on to {@code callbackUrl}; the buyer
   * comes back to {@code returnUrl} after paying.
   */
  record PaymentRequest(UUID attemptId, UUID orderId, String orderNumber, PaymentMethod method, Money amount,
      Instant expiresAt, String callbackUrl, String returnUrl) {}

  /** A payment opened at the provider: its reference there, and the page (or QR code content) to send the buyer to. */
  record Created(String reference, @Nullable String redirectUrl) {}

  /** A provider's word on a payment, from a callback or a query; {@code failureCode} when it failed. */
  record ProviderResult(String reference, AttemptStatus status, @Nullable PaymentFailureCode failureCode) {
    public ProviderResult(String reference, AttemptStatus status) {
      this(reference, status, null);
    }
  }

  enum CloseResult { CLOSED, ALREADY_PAID, ALREADY_FAILED }

  record RefundResult(String reference) {}

  /**
   * A callback that verified: the news on a payment it carries, or on a refund, ({@code null} when
   * it is about something Orderly does not follow, such as an event type it did not ask for) and
   * the answer the provider expects to stop retrying.
   */
  record Callback(@Nullable ProviderResult payment, @Nullable RefundFailed refundFailed, Answer answer) {
    public Callback(@Nullable ProviderResult payment, Answer answer) {
      this(payment, null, answer);
    }
  }

  /**
   * The provider's word that a refund it had accepted did not reach the buyer after all (Stripe's
   * {@code refund.updated} with status {@code failed}, WeChat Pay's {@code REFUND.ABNORMAL}):
   * {@code refundId} is Orderly's refund id, the idempotency key it was sent with.
   */
  record RefundFailed(UUID refundId, String reason) {}

  /** The HTTP answer a provider expects to a callback it delivered: status, media type and body. */
  record Answer(int status, String contentType, String body) {
    public static final Answer RECEIVED_JSON = new Answer(200, "application/json", "{\"received\":true}");
  }

  /**
   * Opens the payment at the provider. Refuses an amount the provider cannot charge exactly
   * with {@code PAYMENT_METHOD_NOT_AVAILABLE}.
   */
  Created create(PaymentRequest request);

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
   * {@code headers} have lower-case names.
   */
  Callback verifyCallback(Map<String, String> headers, byte[] body);
}
