package dev.orderly.payment.provider.alipay;

import com.alipay.api.AlipayApiException;
import com.alipay.api.AlipayClient;
import com.alipay.api.AlipayConfig;
import com.alipay.api.AlipayRequest;
import com.alipay.api.AlipayResponse;
import com.alipay.api.DefaultAlipayClient;
import com.alipay.api.domain.AlipayTradeCloseModel;
import com.alipay.api.domain.AlipayTradePrecreateModel;
import com.alipay.api.domain.AlipayTradeQueryModel;
import com.alipay.api.domain.AlipayTradeRefundModel;
import com.alipay.api.internal.util.AlipaySignature;
import com.alipay.api.request.AlipayTradeCloseRequest;
import com.alipay.api.request.AlipayTradePrecreateRequest;
import com.alipay.api.request.AlipayTradeQueryRequest;
import com.alipay.api.request.AlipayTradeRefundRequest;
import com.alipay.api.response.AlipayTradeCloseResponse;
import com.alipay.api.response.AlipayTradePrecreateResponse;
import com.alipay.api.response.AlipayTradeQueryResponse;
import com.alipay.api.response.AlipayTradeRefundResponse;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.common.UnsafeConfigurationException;
import dev.orderly.payment.AttemptStatus;
import dev.orderly.payment.PaymentGateway;
import dev.orderly.payment.PaymentMethod;
import dev.orderly.payment.ProviderUnavailableException;
import dev.orderly.payment.RefundRejectedException;
import dev.orderly.payment.provider.CompactIds;
import dev.orderly.payment.provider.ConditionalOnProviderSettings;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Alipay Open Platform through its official SDK ({@code com.alipay.sdk:alipay-sdk-java}), RSA2
 * (SHA256withRSA) both ways: Orderly signs with the app's private key, and the SDK verifies every
 * answer with Alipay's public key. A payment is a QR-code trade ({@code alipay.trade.precreate}; the
 * buyer is sent to its {@code qr_code}) whose {@code out_trade_no} is the attempt's id (the
 * reference) and whose {@code time_expire} is the order's payment deadline in Beijing time.
 * Queries and closes name the {@code out_trade_no}; a trade the buyer never scanned does not exist
 * at Alipay yet ({@code ACQ.TRADE_NOT_EXIST}): a query finds it pending, a close has nothing to close
 * (its QR code dies at {@code time_expire}, and money paid after the close is refunded as late).
 * Refunds carry Orderly's refund id as {@code out_request_no}, which Alipay executes once.
 * Notifications (form fields) are verified with Alipay's public key ({@code sign} over the sorted
 * fields without {@code sign} and {@code sign_type}), must name this app and be at most
 * {@link #NOTIFICATION_MAX_AGE} old (Alipay retries for about 25 hours), and are answered with the text
 * {@code success}, which stops Alipay's retries.
 *
 * <p>Settings {@code orderly.payment.providers.alipay.*}: {@code app-id}, {@code private-key} (the
 * app's RSA key, PKCS#8, base64) and {@code alipay-public-key} (base64), required;
 * {@code gateway-url} (default Alipay's), {@code read-timeout} (default 10 s).
 */
@Component
@ConditionalOnProviderSettings(provider = AlipayGateway.NAME, required = {"app-id", "private-key", "alipay-public-key"})
class AlipayGateway implements PaymentGateway {

  static final String NAME = "alipay";

  /** Alipay's own time zone, in which {@code time_expire} and {@code notify_time} are written. */
  static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** Alipay retries a notification for about 25 hours (4 m, 10 m, 10 m, 1 h, 2 h, 6 h, 15 h); older is a replay. */
  static final Duration NOTIFICATION_MAX_AGE = Duration.ofHours(26);

  private static final String TRADE_NOT_EXIST = "ACQ.TRADE_NOT_EXIST";
  /** Business answers that mean "not now" rather than "no": Alipay's own trouble. */
  private static final Set<String> TRY_AGAIN = Set.of("ACQ.SYSTEM_ERROR", "ACQ.REFUND_CHARGE_ERROR", "aop.ACQ.SYSTEM_ERROR");

  private final AlipayClient alipay;
  private final String appId;
  private final String alipayPublicKey;
  private final Clock clock;

  AlipayGateway(Clock clock,
      @Value("${orderly.payment.providers.alipay.app-id}") String appId,
      @Value("${orderly.payment.providers.alipay.private-key}") String privateKey,
      @Value("${orderly.payment.providers.alipay.alipay-public-key}") String alipayPublicKey,
      @Value("${orderly.payment.providers.alipay.gateway-url:https://openapi.alipay.com/gateway.do}") String gatewayUrl,
      @Value("${orderly.payment.providers.alipay.read-timeout:PT10S}") Duration readTimeout) throws AlipayApiException {
    this.clock = clock;
    this.appId = appId;
    this.alipayPublicKey = alipayPublicKey;
    requireKey("private-key", () -> KeyFactory.getInstance("RSA").generatePrivate(
        new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKey.strip()))), "the app's RSA private key, PKCS#8, base64");
    requireKey("alipay-public-key", () -> KeyFactory.getInstance("RSA").generatePublic(
        new X509EncodedKeySpec(Base64.getDecoder().decode(alipayPublicKey.strip()))), "Alipay's RSA public key, base64");
    AlipayConfig config = new AlipayConfig();
    config.setServerUrl(gatewayUrl);
    config.setAppId(appId);
    config.setPrivateKey(privateKey);
    config.setAlipayPublicKey(alipayPublicKey);
    config.setFormat("json");
    config.setCharset("UTF-8");
    config.setSignType("RSA2");
    config.setConnectTimeout(2_000);
    config.setReadTimeout((int) readTimeout.toMillis());
    this.alipay = new DefaultAlipayClient(config);
  }

  private interface KeyReader {
    Object read() throws java.security.GeneralSecurityException;
  }

  /** Refuses to start with a key that cannot be read, naming the setting (a payment would fail on it later). */
  private static void requireKey(String setting, KeyReader reader, String expected) {
    try {
      reader.read();
    } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
      throw new UnsafeConfigurationException(ConditionalOnProviderSettings.PREFIX + NAME + "." + setting,
          "is not a readable key: " + e.getMessage(), "Set it to " + expected + " (docs/payment-providers.md).");
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The buyer scans the trade's code with the phone app. */
  @Override
  public boolean paysByQrCode() {
    return true;
  }

  /** Alipay's own method, in yuan. */
  @Override
  public boolean takes(PaymentMethod method, String currency) {
    return method == PaymentMethod.ALIPAY && AlipayAmounts.CURRENCY.equals(currency);
  }

  @Override
  public Created create(PaymentRequest request) {
    String amount;
    try {
      amount = AlipayAmounts.toAlipay(request.amount());
    } catch (IllegalArgumentException e) {
      throw new OrderlyException(ErrorCode.PAYMENT_METHOD_NOT_AVAILABLE, e.getMessage(), Map.of("method", request.method()));
    }
    AlipayTradePrecreateModel model = new AlipayTradePrecreateModel();
    model.setOutTradeNo(CompactIds.compact(request.attemptId().toString()));
    model.setTotalAmount(amount);
    model.setSubject("Order " + request.orderNumber());
    model.setTimeExpire(TIME.format(request.expiresAt().atZone(BEIJING)));
    AlipayTradePrecreateRequest precreate = new AlipayTradePrecreateRequest();
    precreate.setBizModel(model);
    precreate.setNotifyUrl(request.callbackUrl());
    AlipayTradePrecreateResponse answer = execute(precreate);
    if (!answer.isSuccess()) {
      throw refusedOrUnavailable(answer, "precreate");
    }
    return new Created(model.getOutTradeNo(), answer.getQrCode());
  }

  @Override
  public ProviderResult query(String reference) {
    AlipayTradeQueryModel model = new AlipayTradeQueryModel();
    model.setOutTradeNo(reference);
    AlipayTradeQueryRequest query = new AlipayTradeQueryRequest();
    query.setBizModel(model);
    AlipayTradeQueryResponse answer = execute(query);
    if (!answer.isSuccess()) {
      if (TRADE_NOT_EXIST.equals(answer.getSubCode())) {
        return new ProviderResult(reference, AttemptStatus.PENDING); // the buyer has not scanned the code yet
      }
      throw unavailable(answer, "query");
    }
    return new ProviderResult(reference, status(answer.getTradeStatus()));
  }

  /** Alipay's trade status as an attempt's; {@code null} for one Orderly does not know. */
  private static @Nullable AttemptStatus statusOrNull(@Nullable String tradeStatus) {
    if (tradeStatus == null) {
      return null;
    }
    return switch (tradeStatus) {
      case "WAIT_BUYER_PAY" -> AttemptStatus.PENDING;
      case "TRADE_SUCCESS", "TRADE_FINISHED" -> AttemptStatus.SUCCEEDED;
      case "TRADE_CLOSED" -> AttemptStatus.CLOSED;
      default -> null;
    };
  }

  private static AttemptStatus status(@Nullable String tradeStatus) {
    AttemptStatus status = statusOrNull(tradeStatus);
    if (status == null) {
      throw new ProviderUnavailableException("Alipay answered an unknown trade_status " + tradeStatus);
    }
    return status;
  }

  @Override
  public CloseResult close(String reference) {
    AlipayTradeCloseModel model = new AlipayTradeCloseModel();
    model.setOutTradeNo(reference);
    AlipayTradeCloseRequest close = new AlipayTradeCloseRequest();
    close.setBizModel(model);
    AlipayTradeCloseResponse answer = execute(close);
    if (answer.isSuccess() || TRADE_NOT_EXIST.equals(answer.getSubCode())) {
      return CloseResult.CLOSED;
    }
    if (!refusedForGood(answer)) {
      throw unavailable(answer, "close");
    }
    // ACQ.TRADE_STATUS_ERROR and the like: the trade is past closing; its state says why
    return switch (query(reference).status()) {
      case SUCCEEDED -> CloseResult.ALREADY_PAID;
      case CLOSED -> CloseResult.CLOSED;
      case FAILED -> CloseResult.ALREADY_FAILED;
      case PENDING -> throw unavailable(answer, "close");
    };
  }

  @Override
  public RefundResult refund(String paymentReference, String idempotencyKey, Money amount) {
    AlipayTradeRefundModel model = new AlipayTradeRefundModel();
    model.setOutTradeNo(paymentReference);
    model.setRefundAmount(AlipayAmounts.toAlipay(amount));
    model.setOutRequestNo(idempotencyKey);
    AlipayTradeRefundRequest refund = new AlipayTradeRefundRequest();
    refund.setBizModel(model);
    AlipayTradeRefundResponse answer = execute(refund);
    if (answer.isSuccess()) {
      // fund_change N: this out_request_no was refunded before, nothing more moved
      return new RefundResult(idempotencyKey);
    }
    if (!refusedForGood(answer)) {
      throw unavailable(answer, "refund");
    }
    throw new RefundRejectedException(answer.getSubCode() == null ? "ALIPAY_" + answer.getCode() : answer.getSubCode());
  }

  @Override
  public Callback verifyCallback(Map<String, String> headers, byte[] body) {
    Map<String, String> fields = form(new String(body, StandardCharsets.UTF_8));
    boolean verified;
    try {
      verified = fields.containsKey("sign")
          && AlipaySignature.rsaCheckV1(new java.util.HashMap<>(fields), alipayPublicKey, "UTF-8", "RSA2");
    } catch (AlipayApiException | RuntimeException e) {
      verified = false;
    }
    if (!verified) {
      throw invalid("the notification's sign does not verify with Alipay's public key");
    }
    if (!appId.equals(fields.get("app_id"))) {
      throw invalid("the notification is for another app: " + fields.get("app_id"));
    }
    Instant sent;
    try {
      sent = LocalDateTime.parse(fields.getOrDefault("notify_time", ""), TIME).atZone(BEIJING).toInstant();
    } catch (DateTimeParseException e) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "notify_time is not yyyy-MM-dd HH:mm:ss");
    }
    Instant now = clock.instant();
    if (sent.isBefore(now.minus(NOTIFICATION_MAX_AGE)) || sent.isAfter(now.plus(Duration.ofMinutes(5)))) {
      throw invalid("notify_time " + fields.get("notify_time") + " is outside Alipay's retry schedule");
    }
    String reference = fields.get("out_trade_no");
    if (reference == null || reference.isBlank()) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "notification without out_trade_no");
    }
    AttemptStatus status = statusOrNull(fields.get("trade_status"));
    ProviderResult news = status == null || status == AttemptStatus.PENDING ? null : new ProviderResult(reference, status);
    return new Callback(news, new Answer(200, "text/plain;charset=UTF-8", "success"));
  }

  /** The notification's form fields (application/x-www-form-urlencoded, UTF-8); one field given twice is unreadable. */
  private static Map<String, String> form(String body) {
    Map<String, String> fields = new java.util.HashMap<>();
    try {
      for (String pair : body.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        if (fields.put(name, value) != null) {
          throw new IllegalArgumentException("field " + name + " given twice");
        }
      }
    } catch (IllegalArgumentException e) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "unreadable Alipay notification: " + e.getMessage());
    }
    return fields;
  }

  private static OrderlyException invalid(String why) {
    return new OrderlyException(ErrorCode.CALLBACK_SIGNATURE_INVALID, why);
  }

  private static ProviderUnavailableException unavailable(AlipayResponse answer, String what) {
    return new ProviderUnavailableException("Alipay " + what + ": " + answer.getCode() + " " + answer.getSubCode()
        + " " + answer.getSubMsg());
  }

  /**
   * Whether Alipay refused the request for a reason of its own ({@code 40004}, "Business Failed"),
   * which asking again cannot change; anything else ({@code 20000} "Service Currently Unavailable",
   * a system-busy sub-code) is "not now".
   */
  private static boolean refusedForGood(AlipayResponse answer) {
    return "40004".equals(answer.getCode()) && !TRY_AGAIN.contains(answer.getSubCode());
  }

  /** A precreate Alipay refused for good cannot become a payment; anything else is "try later". */
  private static RuntimeException refusedOrUnavailable(AlipayResponse answer, String what) {
    if (refusedForGood(answer)) {
      return new OrderlyException(ErrorCode.PAYMENT_METHOD_NOT_AVAILABLE, "Alipay refused the " + what + ": "
          + answer.getSubCode() + " " + answer.getSubMsg(), Map.of("method", PaymentMethod.ALIPAY,
          "providerCode", String.valueOf(answer.getSubCode())));
    }
    return unavailable(answer, what);
  }

  /**
   * Sends a request; no answer (connection, timeout), an HTTP error, or an answer whose signature
   * does not verify with Alipay's public key is {@link ProviderUnavailableException}.
   */
  private <T extends AlipayResponse> T execute(AlipayRequest<T> request) {
    try {
      return alipay.execute(request);
    } catch (AlipayApiException e) {
      throw new ProviderUnavailableException("Alipay did not answer " + request.getApiMethodName() + ": "
          + e.getErrMsg());
    }
  }
}
