package dev.orderly.payment.web;

import jakarta.validation.constraints.Size;
import dev.orderly.common.Cursor;
import dev.orderly.common.Keyset;
import dev.orderly.common.Page;
import dev.orderly.common.PageLimit;
import dev.orderly.common.Paged;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestParam;
import dev.orderly.order.TimelineEventType;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.access.Role;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Explained;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.common.Refusals;
import dev.orderly.order.OrderStatus;
import dev.orderly.payment.AppliedAs;
import dev.orderly.payment.AttemptStatus;
import dev.orderly.payment.PaymentAttempt;
import dev.orderly.payment.PaymentFailureCode;
import dev.orderly.payment.PaymentGateway;
import dev.orderly.payment.PaymentMethod;
import dev.orderly.payment.PaymentMethods;
import dev.orderly.payment.PaymentOptions;
import dev.orderly.payment.PaymentProviders;
import dev.orderly.payment.PaymentService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Paying an order over HTTP: the options, attempts and "I have paid" for buyers, the methods'
 * catalogue, and the providers' signed callbacks. Thin: the work is {@link PaymentService}'s.
 */
@Tag(name = "Payments", description = "Paying an order: the options before the buyer picks, attempts, \"I have paid\", and the methods' health and limits.")
@RestController
class PaymentController {

  private final PaymentService payments;
  private final PaymentProviders providers;
  private final PaymentMethods methods;

  private final MessageSource messages;

  PaymentController(PaymentService payments, PaymentProviders providers, PaymentMethods methods, MessageSource messages) {
    this.messages = messages;
    this.methods = methods;
    this.payments = payments;
    this.providers = providers;
  }

  record StartPayment(@NotNull PaymentMethod method) {}

  /** Why an attempt took no money and what the buyer can do, in the buyer's language. */
  record Failure(String code, String title, String message, String action) {}

  /** An attempt as the API shows it: the stored attempt plus its explained failure, if any. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "Payment", description = "a payment attempt; failure explains a failed one in the caller's language")
  record PaymentView(UUID id, UUID orderId, PaymentMethod method, Money amount, AttemptStatus status, String provider,
      String providerReference, @Nullable String redirectUrl, @Nullable PaymentFailureCode failureCode,
      @Nullable Failure failure, @Nullable AppliedAs appliedAs, @Nullable PaymentFailureCode closeReason,
      Instant createdAt, @Nullable Instant resolvedAt) {}

  private PaymentView view(PaymentAttempt a) {
    Failure failure = null;
    PaymentFailureCode code = a.failureCode();
    if (code != null) {
      Locale locale = LocaleContextHolder.getLocale();
      String key = "payment-failure." + code.name();
      failure = new Failure(code.name(), messages.getMessage(key + ".title", null, code.name(), locale),
          messages.getMessage(key + ".detail", null, null, locale), messages.getMessage(key + ".action", null, null, locale));
    }
    return new PaymentView(a.id(), a.orderId(), a.method(), a.amount(), a.status(), a.provider(), a.providerReference(),
        a.redirectUrl(), a.failureCode(), failure, a.appliedAs(), a.closeReason(), a.createdAt(), a.resolvedAt());
  }

  @Operation(operationId = "startPayment", summary = "Start a payment",
      description = "Starts an attempt with a method; older pending attempts are closed at the provider first. Answers with "
          + "the provider's reference and where to send the buyer.")
  @Refusals({ErrorCode.ORDER_NOT_FOUND, ErrorCode.ORDER_NOT_AWAITING_PAYMENT, ErrorCode.PAYMENT_DEADLINE_PASSED,
      ErrorCode.PAYMENT_LIMIT_EXCEEDED, ErrorCode.PAYMENT_METHOD_NOT_AVAILABLE, ErrorCode.PROVIDER_UNAVAILABLE})
  @PostMapping("/api/v1/orders/{orderId}/payments")
  @ResponseStatus(HttpStatus.CREATED)
  PaymentView start(@Allowed(Role.BUYER) Actor buyer, @PathVariable UUID orderId,
      @Valid @RequestBody StartPayment body) {
    return view(payments.start(buyer, orderId, body.method()));
  }

  @Operation(operationId = "listPayments", summary = "List an order's payment attempts",
      description = "Every attempt with its status, and for a failed one the failure explained in the caller's language; "
          + "oldest first, paged like every list (limit, cursor, Link).")
  @Refusals({ErrorCode.ORDER_NOT_FOUND})
  @GetMapping("/api/v1/orders/{orderId}/payments")
  ResponseEntity<List<PaymentView>> list(Actor actor, @PathVariable UUID orderId,
      @RequestParam(required = false) @Nullable Cursor cursor,
      @RequestParam(defaultValue = PageLimit.DEFAULT) @Min(PageLimit.MIN) @Max(PageLimit.MAX) int limit) {
    return Paged.answer(Page.slice(payments.list(actor, orderId), limit, cursor, a -> new Cursor(a.createdAt(), a.id()),
        Keyset.Direction.OLDEST_FIRST).map(this::view));
  }

  /**
   * The payment options of an order: {@code payable} false with the {@code reason} when nothing
   * can pay it (paid, cancelled, deadline passed), every method then {@code UNAVAILABLE} with that
   * refusal; otherwise each method's status, deadline and limits.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record OptionsView(UUID orderId, OrderStatus orderStatus, Instant paymentDeadline, boolean payable,
      Explained reason, List<PaymentOptions.Option> methods) {}

  /**
   * Before the buyer picks a method: for each, whether it can pay this order (limits, currency),
   * whether it is degraded, and the payment deadline it gives.
   */
  @Operation(operationId = "getPaymentOptions", summary = "Read an order's payment options",
      description = "Before the buyer picks a method: whether the order can be paid at all, and for each method its status, "
          + "the deadline it gives and its limits.")
  @Refusals({ErrorCode.ORDER_NOT_FOUND})
  @GetMapping("/api/v1/orders/{orderId}/payment-options")
  OptionsView options(Actor actor, @PathVariable UUID orderId) {
    PaymentService.OrderOptions o = payments.options(actor, orderId);
    Explained reason = o.notPayable().map(code -> Explained.error(code, messages, LocaleContextHolder.getLocale()))
        .orElse(null);
    return new OptionsView(orderId, o.order().status(), o.order().paymentDeadline(), reason == null, reason,
        o.methods());
  }

  /** Every method with its health, window and limits, independent of any order. */
  @Operation(operationId = "listPaymentMethods", summary = "List payment methods",
      description = "Every method with its provider, health, window, refund time, currencies and limits.")
  @GetMapping("/api/v1/payment-methods")
  List<PaymentMethods.MethodInfo> methods(Actor actor) {
    return methods.all();
  }

  @Operation(operationId = "checkPayment", summary = "\"I have paid\": re-check a payment",
      description = "Asks the provider for the attempt's status now and applies the answer like a callback. The buyer's "
          + "checks are limited per attempt and window and take no body. Support checks too, with a required note "
          + "(body {\"note\", \"caseId\"}: on the order's timeline with the agent, and on the case when caseId is "
          + "given), without the buyer's limit.")
  @Refusals({ErrorCode.ORDER_NOT_FOUND, ErrorCode.PAYMENT_NOT_FOUND, ErrorCode.RATE_LIMITED,
      ErrorCode.PROVIDER_UNAVAILABLE, ErrorCode.CASE_NOT_FOUND, ErrorCode.ILLEGAL_CASE_TRANSITION})
  @PostMapping("/api/v1/orders/{orderId}/payments/{paymentId}/check")
  PaymentView check(@Allowed({Role.BUYER, Role.SUPPORT}) Actor actor, @PathVariable UUID orderId,
      @PathVariable UUID paymentId, @Valid @RequestBody(required = false) @Nullable SupportCheck body) {
    if (actor.is(Role.SUPPORT)) {
      if (body == null || body.note() == null) {
        throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "note is required when support checks a payment",
            Map.of("errors", List.of(Map.of("field", "note", "message", "is required when support checks a payment"))));
      }
      return view(payments.checkBySupport(actor, orderId, paymentId, body.note().strip(), body.caseId()));
    }
    return view(payments.check(actor, orderId, paymentId));
  }

  /** Support's check: why ({@code note}, required from support) and the case it is done from. */
  record SupportCheck(@Size(max = 1000) @Nullable String note, @Nullable UUID caseId) {}

  /**
   * A provider's signed callback: authenticated by its signature (401 when it does not verify),
   * not a bearer token. A provider not configured in this instance has no callback address (404).
   * The answer is the one the provider expects to stop retrying: JSON for the sandbox, Stripe and
   * WeChat Pay, the text {@code success} for Alipay.
   */
  @Operation(operationId = "receiveProviderCallback", summary = "Receive a provider's callback",
      tags = "Provider callbacks",
      description = "A payment provider tells Orderly about a payment, signed its own way; anything that does not verify is "
          + "refused and changes nothing. Not called by clients. The answer is the one each provider expects: "
          + "{\"received\":true} (sandbox, stripe), {\"code\":\"SUCCESS\"} (wechatpay), the text success (alipay).")
  @Refusals({ErrorCode.NOT_FOUND, ErrorCode.CALLBACK_SIGNATURE_INVALID, ErrorCode.PAYMENT_NOT_FOUND})
  @PostMapping("/provider-callbacks/{provider}")
  @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "The provider's "
      + "notification, in its own format and signed its own way: sandbox {\"reference\", \"status\", "
      + "\"failureCode\"} with Sandbox-Timestamp and Sandbox-Signature headers (docs/sandbox.md); stripe an Event "
      + "with Stripe-Signature; wechatpay an encrypted notification with Wechatpay-Signature and its headers; alipay "
      + "form fields signed RSA2 (docs/payment-providers.md).",
      content = {@Content(mediaType = "application/json", schema = @Schema(type = "object")),
          @Content(mediaType = "application/x-www-form-urlencoded", schema = @Schema(type = "object"))})
  @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "received and applied",
      content = {@Content(mediaType = "application/json", schema = @Schema(type = "object")),
          @Content(mediaType = "text/plain", schema = @Schema(type = "string"))})
  ResponseEntity<String> callback(@PathVariable String provider, HttpServletRequest request) throws IOException {
    PaymentGateway gateway = providers.named(provider).orElseThrow(() -> new OrderlyException(ErrorCode.NOT_FOUND,
        "no payment provider '" + provider + "' is configured here"));
    byte[] body = request.getInputStream().readAllBytes();
    Map<String, String> headers = new TreeMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name));
    }
    PaymentGateway.Callback callback = gateway.verifyCallback(headers, body);
    PaymentGateway.ProviderResult result = callback.payment();
    if (result != null) {
      if (result.reference() == null || result.reference().isBlank()) {
        throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "callback without reference");
      }
      payments.apply(result, "provider:" + gateway.name(), TimelineEventType.PAYMENT_CALLBACK_RECEIVED);
    }
    if (callback.refundFailed() != null) {
      payments.refundFailed(gateway.name(), callback.refundFailed());
    }
    PaymentGateway.Answer answer = callback.answer();
    return ResponseEntity.status(answer.status()).contentType(MediaType.parseMediaType(
        answer.contentType())).body(answer.body());
  }
}
