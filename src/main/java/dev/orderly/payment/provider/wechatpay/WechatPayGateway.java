package dev.orderly.payment.provider.wechatpay;

import com.wechat.pay.java.core.RSAPublicKeyConfig;
import com.wechat.pay.java.core.exception.HttpException;
import com.wechat.pay.java.core.exception.MalformedMessageException;
import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.core.exception.ValidationException;
import com.wechat.pay.java.core.exception.WechatPayException;
import com.wechat.pay.java.core.http.AbstractHttpClient;
import com.wechat.pay.java.core.http.DefaultHttpClientBuilder;
import com.wechat.pay.java.core.notification.NotificationParser;
import com.wechat.pay.java.core.notification.RSAPublicKeyNotificationConfig;
import com.wechat.pay.java.core.notification.RequestParam;
import com.wechat.pay.java.service.payments.model.Transaction;
import com.wechat.pay.java.service.payments.nativepay.NativePayService;
import com.wechat.pay.java.service.payments.nativepay.model.Amount;
import com.wechat.pay.java.service.payments.nativepay.model.CloseOrderRequest;
import com.wechat.pay.java.service.payments.nativepay.model.PrepayRequest;
import com.wechat.pay.java.service.payments.nativepay.model.QueryOrderByOutTradeNoRequest;
import com.wechat.pay.java.service.refund.RefundService;
import com.wechat.pay.java.service.refund.model.AmountReq;
import com.wechat.pay.java.service.refund.model.CreateRequest;
import com.wechat.pay.java.service.refund.model.Refund;
import com.wechat.pay.java.service.refund.model.RefundNotification;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.common.UnsafeConfigurationException;
import dev.orderly.payment.AttemptStatus;
import dev.orderly.payment.PaymentFailureCode;
import dev.orderly.payment.PaymentGateway;
import dev.orderly.payment.PaymentMethod;
import dev.orderly.payment.ProviderUnavailableException;
import dev.orderly.payment.RefundRejectedException;
import dev.orderly.payment.provider.CompactIds;
import dev.orderly.payment.provider.ConditionalOnProviderSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * WeChat Pay API v3 through its official SDK ({@code com.github.wechatpay-apiv3:wechatpay-java}),
 * in public-key mode: requests are signed with the merchant's private key (the SDK's
 * {@code WECHATPAY2-SHA256-RSA2048} Authorization), every answer and notification is verified
 * with the WeChat Pay public key ({@code Wechatpay-Signature} over {@code timestamp\nnonce\nbody\n})
 * and notifications are decrypted with the API v3 key (AEAD_AES_256_GCM). A payment is a Native
 * trade ({@code /v3/pay/transactions/native}; the buyer is sent to its {@code code_url}) whose
 * {@code out_trade_no} is the attempt's id without dashes (the reference) and whose
 * {@code time_expire} is the order's payment deadline. Queries and closes name the
 * {@code out_trade_no}; closing a paid trade ({@code ORDERPAID}) answers ALREADY_PAID. Refunds carry
 * Orderly's refund id (without dashes) as {@code out_refund_no}, which WeChat Pay executes once.
 * Notifications older than {@link #NOTIFICATION_MAX_AGE} are refused as replays; accepted ones are
 * answered {@code {"code":"SUCCESS"}}. A refund notification ({@code REFUND.*}, when the merchant
 * platform sends them) saying {@code ABNORMAL} or {@code CLOSED} sends Orderly's refund to support.
 *
 * <p>Settings {@code orderly.payment.providers.wechatpay.*}: {@code merchant-id}, {@code app-id},
 * {@code merchant-serial-number}, {@code private-key} (PEM), {@code api-v3-key} (32 characters),
 * {@code platform-public-key} (PEM) and {@code platform-public-key-id} ({@code PUB_KEY_ID_…}),
 * required; {@code base-url} (default WeChat Pay's {@code https://api.mch.weixin.qq.com}; the SDK
 * addresses that host, and a different base URL is reached by rewriting its requests' host),
 * {@code read-timeout} (default 10 s).
 */
@Component
@ConditionalOnProviderSettings(provider = WechatPayGateway.NAME, required = {"merchant-id", "app-id",
    "merchant-serial-number", "private-key", "api-v3-key", "platform-public-key", "platform-public-key-id"})
class WechatPayGateway implements PaymentGateway {

  static final String NAME = "wechatpay";
  static final String SETTINGS = ConditionalOnProviderSettings.PREFIX + NAME + ".";
  static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
  /** RFC 3339 with WeChat Pay's own offset, as its examples write {@code time_expire}. */
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
  /** WeChat Pay's SDK and documentation refuse a signature older than five minutes. */
  static final Duration NOTIFICATION_MAX_AGE = Duration.ofMinutes(5);

  /** Error codes that mean "not now" rather than "no". */
  private static final Set<String> TRY_AGAIN = Set.of("SYSTEM_ERROR", "SYSTEMERROR", "FREQUENCY_LIMITED",
      "BANK_ERROR", "FREQUENCY_LIMIT_EXCEED");

  private final NativePayService nativePay;
  private final RefundService refunds;
  private final NotificationParser notifications;
  private final String merchantId;
  private final String appId;
  private final Clock clock;

  WechatPayGateway(Clock clock,
      @Value("${orderly.payment.providers.wechatpay.merchant-id}") String merchantId,
      @Value("${orderly.payment.providers.wechatpay.app-id}") String appId,
      @Value("${orderly.payment.providers.wechatpay.merchant-serial-number}") String serialNumber,
      @Value("${orderly.payment.providers.wechatpay.private-key}") String privateKey,
      @Value("${orderly.payment.providers.wechatpay.api-v3-key}") String apiV3Key,
      @Value("${orderly.payment.providers.wechatpay.platform-public-key}") String publicKey,
      @Value("${orderly.payment.providers.wechatpay.platform-public-key-id}") String publicKeyId,
      @Value("${orderly.payment.providers.wechatpay.base-url:https://api.mch.weixin.qq.com}") String baseUrl,
      @Value("${orderly.payment.providers.wechatpay.read-timeout:PT10S}") Duration readTimeout) {
    this.clock = clock;
    this.merchantId = merchantId;
    this.appId = appId;
    if (apiV3Key.getBytes(StandardCharsets.UTF_8).length != 32) {
      throw new UnsafeConfigurationException(SETTINGS + "api-v3-key", "is not 32 characters long",
          "Set it to the API v3 key of the merchant platform (32 characters).");
    }
    RSAPublicKeyConfig config;
    try {
      config = new RSAPublicKeyConfig.Builder().merchantId(merchantId).privateKey(privateKey)
          .merchantSerialNumber(serialNumber).publicKey(publicKey).publicKeyId(publicKeyId).apiV3Key(apiV3Key).build();
    } catch (RuntimeException e) {
      // the SDK reads both PEM keys here; which one failed is in its message
      throw new UnsafeConfigurationException(SETTINGS + "private-key / platform-public-key",
          "cannot be read: " + e.getMessage(), "Set private-key to the merchant API private key and "
          + "platform-public-key to the WeChat Pay public key, both PEM (docs/payment-providers.md).");
    }
    AbstractHttpClient http = new DefaultHttpClientBuilder().config(config)
        .okHttpClient(okHttp(URI.create(baseUrl), readTimeout)).build();
    this.nativePay = new NativePayService.Builder().httpClient(http).build();
    this.refunds = new RefundService.Builder().httpClient(http).build();
    this.notifications = new NotificationParser(new RSAPublicKeyNotificationConfig.Builder()
        .publicKey(publicKey).publicKeyId(publicKeyId).apiV3Key(apiV3Key).build());
  }

  /**
   * OkHttp with Orderly's timeouts, no silent retries, and, for a base URL other than WeChat Pay's
   * own, the SDK's requests sent there instead (their signatures cover the path, not the host).
   */
  private static OkHttpClient okHttp(URI base, Duration readTimeout) {
    OkHttpClient.Builder builder = new OkHttpClient.Builder().connectTimeout(2, TimeUnit.SECONDS)
        .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS).retryOnConnectionFailure(false);
    if (!"api.mch.weixin.qq.com".equals(base.getHost())) {
      builder.addInterceptor(chain -> {
        HttpUrl url = chain.request().url().newBuilder().scheme(base.getScheme()).host(base.getHost())
            .port(base.getPort() > 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80).build();
        return chain.proceed(chain.request().newBuilder().url(url).build());
      });
    }
    return builder.build();
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

  @Override
  public boolean takes(PaymentMethod method, String currency) {
    return method == PaymentMethod.WECHAT_PAY && WechatPayAmounts.CURRENCY.equals(currency);
  }

  @Override
  public Created create(PaymentRequest request) {
    long fen;
    try {
      fen = WechatPayAmounts.toFen(request.amount());
    } catch (IllegalArgumentException e) {
      throw new OrderlyException(ErrorCode.PAYMENT_METHOD_NOT_AVAILABLE, e.getMessage(), Map.of("method", request.method()));
    }
    PrepayRequest prepay = new PrepayRequest();
    prepay.setAppid(appId);
    prepay.setMchid(merchantId);
    prepay.setDescription("Order " + request.orderNumber());
    prepay.setOutTradeNo(CompactIds.compact(request.attemptId().toString()));
    prepay.setTimeExpire(TIME.format(request.expiresAt().atZone(BEIJING)));
    prepay.setNotifyUrl(request.callbackUrl());
    Amount amount = new Amount();
    amount.setTotal((int) fen);
    amount.setCurrency(WechatPayAmounts.CURRENCY);
    prepay.setAmount(amount);
    try {
      return new Created(prepay.getOutTradeNo(), call(() -> nativePay.prepay(prepay)).getCodeUrl());
    } catch (Refused refused) {
      throw new OrderlyException(ErrorCode.PAYMENT_METHOD_NOT_AVAILABLE, "WeChat Pay refused the payment: "
          + refused.getMessage(), Map.of("method", request.method(), "providerCode", refused.code));
    }
  }

  @Override
  public ProviderResult query(String reference) {
    try {
      return result(reference, trade(reference).getTradeState());
    } catch (Refused refused) {
      throw new ProviderUnavailableException("WeChat Pay refused the query: " + refused.getMessage());
    }
  }

  /** The trade as WeChat Pay has it; {@link Refused} when it refuses to say (an unknown {@code out_trade_no}). */
  private Transaction trade(String reference) {
    QueryOrderByOutTradeNoRequest query = new QueryOrderByOutTradeNoRequest();
    query.setOutTradeNo(reference);
    query.setMchid(merchantId);
    return call(() -> nativePay.queryOrderByOutTradeNo(query));
  }

  /** WeChat Pay's trade state as an attempt's; {@code null} for none. */
  private static ProviderResult result(String reference, Transaction.@Nullable TradeStateEnum state) {
    if (state == null) {
      throw new ProviderUnavailableException("WeChat Pay answered without a trade_state");
    }
    return switch (state) {
      case SUCCESS, REFUND -> new ProviderResult(reference, AttemptStatus.SUCCEEDED);
      case CLOSED, REVOKED -> new ProviderResult(reference, AttemptStatus.CLOSED);
      case PAYERROR -> new ProviderResult(reference, AttemptStatus.FAILED, PaymentFailureCode.DECLINED);
      case NOTPAY, USERPAYING, ACCEPT -> new ProviderResult(reference, AttemptStatus.PENDING);
    };
  }

  @Override
  public CloseResult close(String reference) {
    CloseOrderRequest close = new CloseOrderRequest();
    close.setOutTradeNo(reference);
    close.setMchid(merchantId);
    try {
      call(() -> {
        nativePay.closeOrder(close);
        return Boolean.TRUE;
      });
      return CloseResult.CLOSED;
    } catch (Refused refused) {
      // ORDERPAID, ORDER_CLOSED...: the trade's state says what it became
      return switch (query(reference).status()) {
        case SUCCEEDED -> CloseResult.ALREADY_PAID;
        case CLOSED -> CloseResult.CLOSED;
        case FAILED -> CloseResult.ALREADY_FAILED;
        case PENDING -> throw new ProviderUnavailableException("WeChat Pay did not close " + reference + ": "
            + refused.getMessage());
      };
    }
  }

  @Override
  public RefundResult refund(String paymentReference, String idempotencyKey, Money amount) {
    long fen = WechatPayAmounts.toFen(amount);
    CreateRequest create = new CreateRequest();
    create.setOutTradeNo(paymentReference);
    create.setOutRefundNo(CompactIds.compact(idempotencyKey));
    AmountReq refundAmount = new AmountReq();
    refundAmount.setRefund(fen);
    refundAmount.setCurrency(WechatPayAmounts.CURRENCY);
    // the trade's total, which WeChat Pay checks: the refund is of one trade, which was for the refunded order
    refundAmount.setTotal(totalOf(paymentReference));
    create.setAmount(refundAmount);
    try {
      Refund refund = call(() -> refunds.create(create));
      if (refund.getStatus() == com.wechat.pay.java.service.refund.model.Status.CLOSED
          || refund.getStatus() == com.wechat.pay.java.service.refund.model.Status.ABNORMAL) {
        throw new RefundRejectedException("REFUND_" + refund.getStatus());
      }
      return new RefundResult(refund.getRefundId() != null ? refund.getRefundId() : create.getOutRefundNo());
    } catch (Refused refused) {
      throw new RefundRejectedException(refused.code);
    }
  }

  private long totalOf(String reference) {
    try {
      Transaction trade = trade(reference);
      if (trade.getAmount() == null || trade.getAmount().getTotal() == null) {
        throw new ProviderUnavailableException("WeChat Pay answered without the trade's amount");
      }
      return trade.getAmount().getTotal();
    } catch (Refused refused) {
      throw new RefundRejectedException(refused.code);
    }
  }

  @Override
  public Callback verifyCallback(Map<String, String> headers, byte[] body) {
    String timestamp = headers.get("wechatpay-timestamp");
    String nonce = headers.get("wechatpay-nonce");
    String signature = headers.get("wechatpay-signature");
    String serial = headers.get("wechatpay-serial");
    if (timestamp == null || nonce == null || signature == null || serial == null) {
      throw invalid("missing Wechatpay-Timestamp, -Nonce, -Signature or -Serial");
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      throw invalid("bad Wechatpay-Timestamp");
    }
    if (Math.abs(clock.instant().getEpochSecond() - seconds) > NOTIFICATION_MAX_AGE.toSeconds()) {
      throw invalid("Wechatpay-Timestamp outside the replay window");
    }
    RequestParam request = new RequestParam.Builder().serialNumber(serial).nonce(nonce).signature(signature)
        .timestamp(timestamp).signType(headers.getOrDefault("wechatpay-signature-type", "WECHATPAY2-SHA256-RSA2048"))
        .body(new String(body, StandardCharsets.UTF_8)).build();
    // the event type only picks what the resource decrypts into; parse() verifies the signature first
    boolean aboutRefund = new String(body, StandardCharsets.UTF_8).contains("\"event_type\":\"REFUND.");
    if (aboutRefund) {
      RefundNotification refund = parse(request, RefundNotification.class);
      return new Callback(null, refundFailed(refund), RECEIVED);
    }
    Transaction transaction = parse(request, Transaction.class);
    if (transaction.getOutTradeNo() == null || !merchantId.equals(transaction.getMchid())) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "notification without this merchant's out_trade_no");
    }
    ProviderResult news = result(transaction.getOutTradeNo(), transaction.getTradeState());
    return new Callback(news.status() == AttemptStatus.PENDING ? null : news, RECEIVED);
  }

  /** What WeChat Pay expects back to stop retrying a notification. */
  static final Answer RECEIVED = new Answer(200, "application/json", "{\"code\":\"SUCCESS\"}");

  private <T> T parse(RequestParam request, Class<T> type) {
    try {
      return notifications.parse(request, type);
    } catch (ValidationException e) {
      throw invalid(e.getMessage());
    } catch (MalformedMessageException | IllegalArgumentException | IllegalStateException e) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "unreadable WeChat Pay notification: " + e.getMessage());
    } catch (RuntimeException e) {
      // the resource would not decrypt with the API v3 key: not WeChat Pay's, or altered
      throw invalid("notification resource: " + e.getMessage());
    }
  }

  /** A refund Orderly made ({@code out_refund_no} its refund id without dashes) that WeChat Pay could not complete. */
  private static @Nullable RefundFailed refundFailed(RefundNotification refund) {
    if (refund.getRefundStatus() != com.wechat.pay.java.service.refund.model.Status.ABNORMAL
        && refund.getRefundStatus() != com.wechat.pay.java.service.refund.model.Status.CLOSED) {
      return null;
    }
    // a number Orderly did not make is not one of its refunds
    return CompactIds.expand(refund.getOutRefundNo())
        .map(id -> new RefundFailed(id, "REFUND_" + refund.getRefundStatus())).orElse(null);
  }

  private static OrderlyException invalid(String why) {
    return new OrderlyException(ErrorCode.CALLBACK_SIGNATURE_INVALID, why);
  }

  /** WeChat Pay said no (4xx other than 429, and not a "try again" code): the same request cannot succeed. */
  private static final class Refused extends RuntimeException {
    final String code;

    Refused(ServiceException e) {
      super(e.getErrorCode() + " " + e.getErrorMessage(), e);
      this.code = e.getErrorCode() != null ? e.getErrorCode() : "HTTP_" + e.getHttpStatusCode();
    }
  }

  private interface WechatCall<T> {
    T call();
  }

  /**
   * Runs a call: no answer (connection, timeout), 429, 5xx, a "try again" code and an answer whose
   * signature does not verify are {@link ProviderUnavailableException}; other refusals are {@link Refused}.
   */
  private static <T> T call(WechatCall<T> request) {
    try {
      return request.call();
    } catch (ServiceException e) {
      int status = e.getHttpStatusCode();
      if (status >= 500 || status == 429 || TRY_AGAIN.contains(e.getErrorCode())) {
        throw new ProviderUnavailableException("WeChat Pay answered " + status + " " + e.getErrorCode());
      }
      throw new Refused(e);
    } catch (HttpException | ValidationException | MalformedMessageException e) {
      throw new ProviderUnavailableException("WeChat Pay did not answer usably: " + e.getMessage());
    } catch (WechatPayException e) {
      throw new ProviderUnavailableException("WeChat Pay: " + e.getMessage());
    }
  }
}
