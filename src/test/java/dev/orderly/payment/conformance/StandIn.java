package dev.orderly.payment.conformance;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.orderly.common.Money;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A payment provider's local stand-in: a WireMock server answering in the provider's published
 * request and response shapes, with the provider's real cryptography, keeping its payments in
 * memory. WireMock records every request Orderly sends it ({@link #requests()}), which the
 * conformance suite asserts on. {@link #slow} makes every answer arrive after Orderly's read timeout;
 * {@link #failRefunds} makes refunds fail on the provider's side.
 */
public abstract class StandIn implements AutoCloseable {

  /** A notification as the provider would deliver it to {@code /provider-callbacks/{provider}}. */
  public record Notification(Map<String, String> headers, String contentType, String body) {
    public Notification withBody(String changed) {
      return new Notification(headers, contentType, changed);
    }
  }

  /** What the stand-in was asked to open, read back in Orderly's terms. */
  public record Opened(String amountInProviderUnit, Instant expiresAt) {}

  private final WireMockServer server;
  private volatile Duration delay = Duration.ZERO;
  private volatile boolean down;
  protected volatile boolean failRefunds;
  /** Closes fail on the provider's side (everything else works). */
  protected volatile boolean failCloses;
  /** Answers signed with a key that is not the provider's (for providers that sign their answers). */
  protected volatile boolean forgeAnswers;

  protected StandIn() {
    server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1")
        // HTTP/1.1 only, as the providers answer: an h2c upgrade would cut proxied answers
        .http2PlainDisabled(true)
        .extensions(new ResponseDefinitionTransformerV2() {
          @Override
          public ResponseDefinition transform(ServeEvent event) {
            ResponseDefinitionBuilder answer = down ? json(503, "{\"error\":\"service unavailable\"}")
                : answer(event.getRequest());
            if (!delay.isZero()) {
              answer.withFixedDelay((int) delay.toMillis());
            }
            return answer.build();
          }

          @Override
          public String getName() {
            return "provider-" + getClass().getName();
          }
        }));
    server.start();
    server.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.ok()));
  }

  /** The provider's name, as in {@code /provider-callbacks/{provider}}. */
  public abstract String provider();

  /** The settings that point Orderly at this stand-in, as {@code orderly.payment.providers.<provider>.*}. */
  public abstract Map<String, String> settings();

  /** Other properties the provider needs, by full name. */
  public Map<String, String> properties() {
    return Map.of();
  }

  /** The provider's answer to a request, with the state change it makes. */
  protected abstract ResponseDefinitionBuilder answer(Request request);

  /** The buyer pays at the provider; no notification is sent (see {@link #paid}). */
  public abstract void buyerPays(String reference);

  /** The provider's signed notification that the payment succeeded, dated now. */
  public abstract Notification paid(String reference);

  /** The same, dated long enough ago that the provider's rules call it stale (or replayed). */
  public abstract Notification stalePaid(String reference);

  /** A notification that the payment succeeded, signed with a key that is not the provider's. */
  public abstract Notification forgedPaid(String reference);

  /** The provider's signed notification that the payment was closed or expired without money. */
  public abstract Notification closed(String reference);

  /** A tampered copy of a signed notification: its amount or status changed after signing. */
  public abstract Notification tampered(Notification signed);

  /**
   * The provider's signed word that the last refund it executed for this payment failed after all
   * (only providers that report it: Stripe, WeChat Pay).
   */
  public Notification refundFailedLater(String reference) {
    throw new UnsupportedOperationException(provider() + " does not report refunds failing later");
  }

  /** The answer body the provider expects to stop retrying. */
  public abstract String expectedAnswer();

  /** What Orderly asked to open for this payment (the first create request naming it). */
  public abstract Opened opened(String reference);

  /** The amount as this provider writes it on the wire. */
  public abstract String inProviderUnit(Money money);

  /** The provider's expiry format keeps seconds at most: the deadline as it can carry it. */
  public Instant asCarried(Instant deadline) {
    return deadline.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  /** Whether Orderly asked the provider to close this payment. */
  public abstract boolean closeRequested(String reference);

  /** The refunds the provider executed for this payment, in its unit. */
  public abstract List<String> refundsExecuted(String reference);

  /** The idempotency key (or refund number) of every refund request Orderly sent for this payment. */
  public abstract List<String> refundKeysSent(String reference);

  /** Orderly's idempotency key as this provider carries it (some providers limit its length). */
  public String refundKeyOnTheWire(String key) {
    return key;
  }

  public void slow(Duration delay) {
    this.delay = delay;
  }

  /** Every request answered 503 while down: the provider is out. */
  public void down(boolean down) {
    this.down = down;
  }

  public void failCloses(boolean fail) {
    this.failCloses = fail;
  }

  public void forgeAnswers(boolean forge) {
    this.forgeAnswers = forge;
  }

  public void failRefunds(boolean fail) {
    this.failRefunds = fail;
  }

  public void reset() {
    delay = Duration.ZERO;
    down = false;
    failRefunds = false;
    forgeAnswers = false;
    failCloses = false;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  /** Every request Orderly sent with the answer it got. */
  protected List<ServeEvent> serveEvents() {
    return server.getAllServeEvents();
  }

  /** Every request Orderly sent, oldest first. */
  public List<LoggedRequest> requests() {
    return server.getAllServeEvents().stream().map(ServeEvent::getRequest).sorted(
        java.util.Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
  }

  @Override
  public void close() {
    server.stop();
  }

  /** Decodes {@code a=1&b%5B0%5D=2} into its fields, in order. */
  protected static Map<String, String> form(String body) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (body == null || body.isBlank()) {
      return fields;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      fields.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return fields;
  }

  protected static ResponseDefinitionBuilder json(int status, String body) {
    return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
        .withHeader("Content-Type", "application/json").withBody(body);
  }
}
