package dev.orderly.payment.provider.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.exception.StripeException;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeObject;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.payment.AttemptStatus;
import dev.orderly.payment.PaymentFailureCode;
import dev.orderly.payment.PaymentGateway;
import dev.orderly.payment.PaymentMethod;
import dev.orderly.payment.ProviderUnavailableException;
import dev.orderly.payment.RefundRejectedException;
import dev.orderly.payment.provider.ConditionalOnProviderSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Stripe, through its official SDK ({@code com.stripe:stripe-java}) and API
 * (https://docs.stripe.com/api): a payment is a Checkout Session (the reference is its id,
 * {@code cs_…}; the buyer is sent to its {@code url}) for the card, or Stripe's Alipay or WeChat Pay,
 * whose {@code expires_at} is the order's payment deadline, within the 30 minutes to 24 hours Stripe
 * allows (a shorter deadline is still kept: Orderly expires the session itself at the deadline).
 * Closing expires the session; one already paid answers ALREADY_PAID. Refunds name the
 * session's PaymentIntent and carry Orderly's refund id as Stripe's {@code Idempotency-Key}.
 * Sessions carry {@code metadata.orderly_payment_id}; an event about a session without it (another
 * integration on the same account) is acknowledged and ignored, so that Stripe does not retry it.
 * Webhooks are verified from {@code Stripe-Signature} (HMAC-SHA256, within {@code webhook-tolerance},
 * default Stripe's 300 s) and read for {@code checkout.session.completed},
 * {@code checkout.session.async_payment_succeeded|failed}, {@code checkout.session.expired} and
 * {@code refund.updated|failed} (a refund Orderly made that failed after Stripe accepted it goes to
 * support); other event types are acknowledged and ignored.
 *
 * <p>Settings {@code orderly.payment.providers.stripe.*}: {@code api-key} and {@code webhook-secret}
 * (required), {@code api-base} (default Stripe's own), {@code read-timeout} (default 10 s).
 */
@Component
@ConditionalOnProviderSettings(provider = StripeGateway.NAME, required = {"api-key", "webhook-secret"})
class StripeGateway implements PaymentGateway {

  static final String NAME = "stripe";

  /** The shortest and longest life Stripe gives a Checkout Session. */
  static final Duration MIN_SESSION = Duration.ofMinutes(30);
  static final Duration MAX_SESSION = Duration.ofHours(24);

  private static final Logger log = LoggerFactory.getLogger(StripeGateway.class);

  private final StripeClient stripe;
  private final String webhookSecret;
  private final Duration tolerance;
  private final Clock clock;

  StripeGateway(Clock clock,
      @Value("${orderly.payment.providers.stripe.api-key}") String apiKey,
      @Value("${orderly.payment.providers.stripe.webhook-secret}") String webhookSecret,
      @Value("${orderly.payment.providers.stripe.api-base:https://api.stripe.com}") String apiBase,
      @Value("${orderly.payment.providers.stripe.read-timeout:PT10S}") Duration readTimeout,
      @Value("${orderly.payment.providers.stripe.webhook-tolerance:PT5M}") Duration tolerance) {
    this.clock = clock;
    this.webhookSecret = webhookSecret;
    this.tolerance = tolerance;
    // no retries inside the SDK: Orderly's own (reconciliation, refund retries) keep count of them
    this.stripe = StripeClient.builder().setApiKey(apiKey).setApiBase(apiBase)
        .setConnectTimeout(2_000).setReadTimeout((int) readTimeout.toMillis()).setMaxNetworkRetries(0).build();
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Cards, and Stripe's Alipay and WeChat Pay; any currency Stripe has a unit for. */
  @Override
  public boolean takes(PaymentMethod method, String currency) {
    return paymentMethodType(method) != null;
  }

  private static SessionCreateParams.@Nullable PaymentMethodType paymentMethodType(PaymentMethod method) {
    return switch (method) {
      case CARD -> SessionCreateParams.PaymentMethodType.CARD;
      case ALIPAY -> SessionCreateParams.PaymentMethodType.ALIPAY;
      case WECHAT_PAY -> SessionCreateParams.PaymentMethodType.WECHAT_PAY;
      default -> null;
    };
  }

  @Override
  public Created create(PaymentRequest request) {
    Money amount = request.amount();
    long unitAmount;
    try {
      unitAmount = StripeAmounts.toStripe(amount);
    } catch (IllegalArgumentException e) {
      throw new OrderlyException(ErrorCode.PAYMENT_METHOD_NOT_AVAILABLE, e.getMessage(),
          Map.of("method", request.method()));
    }
    Instant now = clock.instant();
    Instant expiresAt = clamp(request.expiresAt(), now.plus(MIN_SESSION), now.plus(MAX_SESSION));
    SessionCreateParams.Builder params = SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.PAYMENT)
        .addPaymentMethodType(paymentMethodType(request.method()))
        .setClientReferenceId(request.attemptId().toString())
        .setExpiresAt(expiresAt.getEpochSecond())
        .setSuccessUrl(request.returnUrl())
        .setCancelUrl(request.returnUrl())
        .putMetadata("orderly_payment_id", request.attemptId().toString())
        .putMetadata("orderly_order_number", request.orderNumber())
        .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
            .putMetadata("orderly_payment_id", request.attemptId().toString()).build())
        .addLineItem(SessionCreateParams.LineItem.builder().setQuantity(1L)
            .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                .setCurrency(amount.currency().toLowerCase(Locale.ROOT))
                .setUnitAmount(unitAmount)
                .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                    .setName("Order " + request.orderNumber()).build())
                .build())
            .build());
    if (request.method() == PaymentMethod.WECHAT_PAY) {
      params.setPaymentMethodOptions(SessionCreateParams.PaymentMethodOptions.builder()
          .setWechatPay(SessionCreateParams.PaymentMethodOptions.WechatPay.builder()
              .setClient(SessionCreateParams.PaymentMethodOptions.WechatPay.Client.WEB).build())
          .build());
    }
    // the same key if Orderly asks again for the same attempt: one session, not two
    RequestOptions options = RequestOptions.builder().setIdempotencyKey("orderly-create-" + request.attemptId()).build();
    try {
      Session session = call(() -> stripe.v1().checkout().sessions().create(params.build(), options));
      return new Created(session.getId(), session.getUrl());
    } catch (RefusedByStripe refused) {
      // e.g. a method not activated in the Stripe account, or a currency it does not take
      throw new OrderlyException(ErrorCode.PAYMENT_METHOD_NOT_AVAILABLE, "Stripe refused the payment: "
          + refused.getMessage(), Map.of("method", request.method(), "providerCode", refused.code));
    }
  }

  private static Instant clamp(Instant value, Instant min, Instant max) {
    return value.isBefore(min) ? min : value.isAfter(max) ? max : value;
  }

  /** Stripe's word on the session; one it refuses to give (an unknown session, a refused key) is no answer. */
  @Override
  public ProviderResult query(String reference) {
    try {
      return result(call(() -> stripe.v1().checkout().sessions().retrieve(reference)));
    } catch (RefusedByStripe refused) {
      throw new ProviderUnavailableException("Stripe refused the query of " + reference + ": " + refused.getMessage());
    }
  }

  /**
   * A session's state as Orderly's: paid when complete and paid; closed when expired; a completed
   * session still unpaid waits on its PaymentIntent (an asynchronous method), which may have failed.
   */
  private ProviderResult result(Session session) {
    String id = session.getId();
    if ("expired".equals(session.getStatus())) {
      return new ProviderResult(id, AttemptStatus.CLOSED);
    }
    if (!"complete".equals(session.getStatus())) {
      return new ProviderResult(id, AttemptStatus.PENDING);
    }
    if ("paid".equals(session.getPaymentStatus()) || "no_payment_required".equals(session.getPaymentStatus())) {
      return new ProviderResult(id, AttemptStatus.SUCCEEDED);
    }
    String intentId = session.getPaymentIntent();
    if (intentId == null) {
      return new ProviderResult(id, AttemptStatus.PENDING);
    }
    PaymentIntent intent = call(() -> stripe.v1().paymentIntents().retrieve(intentId));
    return switch (intent.getStatus()) {
      case "succeeded" -> new ProviderResult(id, AttemptStatus.SUCCEEDED);
      case "canceled", "requires_payment_method" -> new ProviderResult(id, AttemptStatus.FAILED,
          PaymentFailureCode.DECLINED);
      default -> new ProviderResult(id, AttemptStatus.PENDING);
    };
  }

  /** Expires the session; Stripe refuses to expire one that is no longer open, and then its state answers. */
  @Override
  public CloseResult close(String reference) {
    try {
      call(() -> stripe.v1().checkout().sessions().expire(reference));
      return CloseResult.CLOSED;
    } catch (RefusedByStripe refused) {
      ProviderResult now = query(reference);
      return switch (now.status()) {
        case CLOSED -> CloseResult.CLOSED;
        case SUCCEEDED -> CloseResult.ALREADY_PAID;
        case FAILED -> CloseResult.ALREADY_FAILED;
        case PENDING -> throw new ProviderUnavailableException(
            "Stripe cannot expire session " + reference + " while its payment is processing: " + refused.getMessage());
      };
    }
  }

  @Override
  public RefundResult refund(String paymentReference, String idempotencyKey, Money amount) {
    try {
      Session session = call(() -> stripe.v1().checkout().sessions().retrieve(paymentReference));
      if (session.getPaymentIntent() == null) {
        throw new RefundRejectedException("NOT_PAID");
      }
      RefundCreateParams params = RefundCreateParams.builder()
          .setPaymentIntent(session.getPaymentIntent())
          .setAmount(StripeAmounts.toStripe(amount))
          .putMetadata("orderly_refund_id", idempotencyKey)
          .build();
      Refund refund = call(() -> stripe.v1().refunds().create(params,
          RequestOptions.builder().setIdempotencyKey(idempotencyKey).build()));
      if ("failed".equals(refund.getStatus()) || "canceled".equals(refund.getStatus())) {
        throw new RefundRejectedException(refund.getFailureReason() == null ? "REFUND_" + refund.getStatus().toUpperCase(
            Locale.ROOT) : refund.getFailureReason());
      }
      return new RefundResult(refund.getId());
    } catch (RefusedByStripe refused) {
      throw new RefundRejectedException(refused.code);
    }
  }

  @Override
  public Callback verifyCallback(Map<String, String> headers, byte[] body) {
    String signature = headers.get("stripe-signature");
    if (signature == null) {
      throw invalid("no Stripe-Signature header");
    }
    Event event;
    try {
      event = com.stripe.net.Webhook.constructEvent(new String(body, StandardCharsets.UTF_8), signature, webhookSecret,
          tolerance.toSeconds(), clock);
    } catch (SignatureVerificationException e) {
      throw invalid(e.getMessage());
    } catch (RuntimeException e) {
      // signed with our secret, but not an event Stripe's SDK can read
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "unreadable Stripe event: " + e.getMessage());
    }
    String type = event.getType() == null ? "" : event.getType();
    if (type.startsWith("checkout.session.")) {
      return new Callback(news(type, object(event)), Answer.RECEIVED_JSON);
    }
    if (REFUND_EVENTS.contains(type)) {
      return new Callback(null, refundNews(object(event)), Answer.RECEIVED_JSON);
    }
    log.debug("Stripe event {} of type {} is not one Orderly follows", event.getId(), type);
    return new Callback(null, Answer.RECEIVED_JSON);
  }

  /** The events that report on a refund after it was made. */
  static final java.util.Set<String> REFUND_EVENTS = java.util.Set.of("refund.updated", "refund.failed",
      "charge.refund.updated");

  private static StripeObject object(Event event) {
    try {
      return event.getDataObjectDeserializer().deserializeUnsafe();
    } catch (EventDataObjectDeserializationException e) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "unreadable Stripe event data: " + e.getMessage());
    }
  }

  /** A refund Orderly made (its id in {@code metadata.orderly_refund_id}) that Stripe now says failed. */
  private static @Nullable RefundFailed refundNews(StripeObject object) {
    if (!(object instanceof Refund refund)) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "Stripe refund event without a refund");
    }
    if (!"failed".equals(refund.getStatus()) && !"canceled".equals(refund.getStatus())) {
      return null;
    }
    String id = refund.getMetadata() == null ? null : refund.getMetadata().get("orderly_refund_id");
    try {
      return new RefundFailed(java.util.UUID.fromString(String.valueOf(id)),
          refund.getFailureReason() != null ? refund.getFailureReason() : refund.getStatus());
    } catch (IllegalArgumentException e) {
      log.info("Stripe refund {} failed, but Orderly did not make it (no orderly_refund_id)", refund.getId());
      return null;
    }
  }

  private @Nullable ProviderResult news(String type, StripeObject object) {
    if (!(object instanceof Session session) || session.getId() == null) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "Stripe event " + type + " without a Checkout Session");
    }
    if (session.getMetadata() == null || !session.getMetadata().containsKey("orderly_payment_id")) {
      // a session of another integration on the same Stripe account: acknowledged, not Orderly's
      log.debug("Stripe session {} is not one Orderly opened", session.getId());
      return null;
    }
    return switch (type) {
      case "checkout.session.completed" -> "unpaid".equals(session.getPaymentStatus()) ? null
          : new ProviderResult(session.getId(), AttemptStatus.SUCCEEDED);
      case "checkout.session.async_payment_succeeded" -> new ProviderResult(session.getId(), AttemptStatus.SUCCEEDED);
      case "checkout.session.async_payment_failed" -> new ProviderResult(session.getId(), AttemptStatus.FAILED,
          PaymentFailureCode.DECLINED);
      case "checkout.session.expired" -> new ProviderResult(session.getId(), AttemptStatus.CLOSED);
      default -> null;
    };
  }

  private static OrderlyException invalid(String why) {
    return new OrderlyException(ErrorCode.CALLBACK_SIGNATURE_INVALID, why);
  }

  /** Stripe said no to the request itself (4xx): retrying the same request cannot help. */
  private static final class RefusedByStripe extends RuntimeException {
    final String code;

    RefusedByStripe(StripeException e) {
      super(e.getMessage(), e);
      this.code = e.getCode() != null ? e.getCode() : "HTTP_" + e.getStatusCode();
    }
  }

  private interface StripeCall<T> {
    T call() throws StripeException;
  }

  /**
   * Runs a call: no answer (connection, timeout), 429, 5xx and a key still in use (409) are
   * {@link ProviderUnavailableException};
   * a request Stripe refuses (400, 402, 404, an idempotency conflict) is {@link RefusedByStripe}.
   */
  private static <T> T call(StripeCall<T> request) {
    try {
      return request.call();
    } catch (ApiConnectionException e) {
      throw new ProviderUnavailableException("Stripe unreachable: " + e.getMessage());
    } catch (StripeException e) {
      Integer status = e.getStatusCode();
      if (status != null && status == 409 || "idempotency_key_in_use".equals(e.getCode())) {
        // another request with the same key is still running at Stripe: ask again later
        throw new ProviderUnavailableException("Stripe is still working on a request with this key: " + e.getMessage());
      }
      if (status != null && (status == 401 || status == 403)) {
        // not an outage: a key Stripe does not take must not degrade the method or extend deadlines
        log.error("Stripe refused orderly.payment.providers.stripe.api-key ({}): {}", status, e.getMessage());
        throw new RefusedByStripe(e);
      }
      if (status != null && status >= 400 && status < 500 && status != 429) {
        throw new RefusedByStripe(e);
      }
      throw new ProviderUnavailableException("Stripe answered " + status + ": " + e.getMessage());
    }
  }
}
