package dev.orderly.payment.provider.sandbox;

import dev.orderly.common.ConditionalOnSandbox;
import dev.orderly.common.DemoSecrets;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.common.SelfAddress;
import dev.orderly.payment.AttemptStatus;
import dev.orderly.payment.PaymentFailureCode;
import dev.orderly.payment.PaymentGateway;
import dev.orderly.payment.ProviderUnavailableException;
import dev.orderly.payment.RefundRejectedException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Talks to the sandbox provider ({@code dev.orderly.sandbox}) over real HTTP, as to any third party:
 * merchant calls carry the shared key, callbacks are verified by their HMAC-SHA256 signature over
 * {@code timestamp.body} within {@link #CALLBACK_REPLAY_WINDOW}. Absent while the sandbox is off.
 */
@Component
@ConditionalOnSandbox
class SandboxGateway implements PaymentGateway {

  static final Duration CALLBACK_REPLAY_WINDOW = Duration.ofMinutes(5);

  private final SelfAddress self;
  private final String secret;
  private final String configuredBaseUrl;
  private final ObjectMapper json;
  private final Clock clock;
  private final Duration readTimeout;
  private volatile RestClient client;

  SandboxGateway(SelfAddress self, ObjectMapper json, Clock clock,
      @Value("${orderly.payment.sandbox.secret:" + DemoSecrets.SANDBOX_SECRET + "}") String secret,
      @Value("${orderly.payment.sandbox.base-url:}") String baseUrl,
      @Value("${orderly.payment.sandbox.read-timeout:PT5S}") Duration readTimeout) {
    this.readTimeout = readTimeout;
    this.self = self;
    this.json = json;
    this.clock = clock;
    this.secret = secret;
    this.configuredBaseUrl = baseUrl;
  }

  @Override
  public String name() {
    return "sandbox";
  }

  record Amount(BigDecimal amount, String currency) {}

  record CreateRequest(String merchantReference, String method, Amount amount, String callbackUrl, Instant expiresAt) {}

  @Override
  public Created create(PaymentRequest request) {
    Money amount = request.amount();
    JsonNode body = call(() -> client().post().uri("/sandbox/v1/payments")
        .body(new CreateRequest(request.attemptId().toString(), request.method().name(),
            new Amount(amount.amount(), amount.currency()), request.callbackUrl(), request.expiresAt()))
        .retrieve().body(JsonNode.class));
    return new Created(body.get("reference").asString(), baseUrl() + body.get("payUrl").asString());
  }

  @Override
  public ProviderResult query(String reference) {
    JsonNode body = call(() -> client().get().uri("/sandbox/v1/payments/{ref}", reference)
        .retrieve().body(JsonNode.class));
    return result(body);
  }

  /** The sandbox's statuses and failure codes are Orderly's own names; anything else is refused as unreadable. */
  private static ProviderResult result(JsonNode body) {
    JsonNode failure = body.path("failureCode");
    AttemptStatus status = known(AttemptStatus.class, body.path("status").asString(), "payment status");
    PaymentFailureCode failureCode = failure.isMissingNode() || failure.isNull() ? null
        : known(PaymentFailureCode.class, failure.asString(), "failure code");
    return new ProviderResult(body.path("reference").asString(), status, failureCode);
  }

  private static <E extends Enum<E>> E known(Class<E> type, String name, String what) {
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "unknown " + what + " " + name);
    }
  }

  record RefundRequest(Amount amount) {}

  @Override
  public RefundResult refund(String paymentReference, String idempotencyKey, Money amount) {
    try {
      JsonNode body = call(() -> client().post().uri("/sandbox/v1/payments/{ref}/refunds", paymentReference)
          .header("Idempotency-Key", idempotencyKey)
          .body(new RefundRequest(new Amount(amount.amount(), amount.currency())))
          .retrieve().body(JsonNode.class));
      return new RefundResult(body.path("reference").asString());
    } catch (HttpClientErrorException e) {
      String code = json.readTree(e.getResponseBodyAsString()).path("code").asString();
      throw new RefundRejectedException(code == null || code.isBlank() ? "HTTP_" + e.getStatusCode().value() : code);
    }
  }

  @Override
  public CloseResult close(String reference) {
    try {
      call(() -> client().post().uri("/sandbox/v1/payments/{ref}/close", reference).retrieve().body(JsonNode.class));
      return CloseResult.CLOSED;
    } catch (HttpClientErrorException.Conflict e) {
      String code = json.readTree(e.getResponseBodyAsString()).path("code").asString();
      return "TRADE_HAS_SUCCESS".equals(code) ? CloseResult.ALREADY_PAID : CloseResult.ALREADY_FAILED;
    }
  }

  @Override
  public Callback verifyCallback(Map<String, String> headers, byte[] body) {
    String timestamp = headers.get("sandbox-timestamp");
    String signature = headers.get("sandbox-signature");
    if (timestamp == null || signature == null || !signature.startsWith("v1=")) {
      throw invalid("missing signature headers");
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      throw invalid("bad timestamp");
    }
    if (Math.abs(clock.instant().getEpochSecond() - seconds) > CALLBACK_REPLAY_WINDOW.toSeconds()) {
      throw invalid("timestamp outside the replay window");
    }
    String expected = hmac(seconds, body);
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        signature.substring(3).getBytes(StandardCharsets.US_ASCII))) {
      throw invalid("signature does not match");
    }
    return new Callback(result(json.readTree(body)), Answer.RECEIVED_JSON);
  }

  private String hmac(long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static OrderlyException invalid(String why) {
    return new OrderlyException(ErrorCode.CALLBACK_SIGNATURE_INVALID, why);
  }

  private <T> T call(java.util.function.Supplier<T> request) {
    try {
      return request.get();
    } catch (ResourceAccessException e) {
      throw new ProviderUnavailableException("sandbox provider unreachable: " + e.getMessage());
    } catch (RestClientResponseException e) {
      HttpStatusCode status = e.getStatusCode();
      if (status.is5xxServerError()) {
        throw new ProviderUnavailableException("sandbox provider answered " + status.value());
      }
      throw e;
    }
  }

  private String baseUrl() {
    return configuredBaseUrl.isBlank() ? self.baseUrl() : configuredBaseUrl;
  }

  private RestClient client() {
    RestClient c = client;
    if (c == null) {
      JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
          HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
      factory.setReadTimeout(readTimeout);
      c = RestClient.builder().baseUrl(baseUrl()).requestFactory(factory)
          .defaultHeader("X-Sandbox-Key", secret).build();
      client = c;
    }
    return c;
  }
}
