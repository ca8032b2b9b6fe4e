package dev.orderly.payment.conformance;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.orderly.common.Money;
import dev.orderly.support.Api;
import dev.orderly.support.SandboxCallback;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox provider is Orderly's own, served by the application under test; its stand-in is a
 * recording proxy in front of it ({@code orderly.payment.sandbox.base-url}), so that the suite reads
 * what Orderly sent the same way as for the other providers. Notifications are signed as
 * docs/sandbox.md says (HMAC-SHA256 over {@code timestamp.body}, a 5-minute replay window).
 */
public final class SandboxStandIn extends StandIn {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private volatile String application;

  /** Where the application (and so the sandbox) listens. */
  public void target(String applicationBaseUrl) {
    this.application = applicationBaseUrl;
  }

  @Override
  public String provider() {
    return "sandbox";
  }

  @Override
  public Map<String, String> settings() {
    return Map.of();
  }

  @Override
  public Map<String, String> properties() {
    return Map.of("orderly.payment.sandbox.base-url", baseUrl());
  }

  @Override
  protected ResponseDefinitionBuilder answer(Request request) {
    if (failRefunds && RequestMethod.POST.equals(request.getMethod()) && request.getUrl().endsWith("/refunds")) {
      return json(503, "{\"code\":\"PROVIDER_ERROR\"}");
    }
    if (failCloses && RequestMethod.POST.equals(request.getMethod()) && request.getUrl().endsWith("/close")) {
      return json(503, "{\"code\":\"PROVIDER_ERROR\"}");
    }
    return ResponseDefinitionBuilder.responseDefinition().proxiedFrom(application);
  }

  @Override
  public void buyerPays(String reference) {
    HttpResponse<String> paid = send("POST", "/sandbox/v1/payments/" + reference + "/succeed",
        "{\"dropCallbacks\":true,\"paidBeforeExpiry\":true}");
    if (paid.statusCode() != 200) {
      throw new IllegalStateException("the sandbox refused the payment: " + paid.body());
    }
  }

  @Override
  public Notification paid(String reference) {
    return signed(SandboxCallback.succeeded(reference), Api.SANDBOX_KEY, Instant.now().getEpochSecond());
  }

  @Override
  public Notification stalePaid(String reference) {
    return signed(SandboxCallback.succeeded(reference), Api.SANDBOX_KEY, Instant.now().getEpochSecond() - 301);
  }

  @Override
  public Notification forgedPaid(String reference) {
    return signed(SandboxCallback.succeeded(reference), "not-the-sandbox-secret", Instant.now().getEpochSecond());
  }

  @Override
  public Notification closed(String reference) {
    return signed("{\"reference\":\"" + reference + "\",\"status\":\"CLOSED\"}", Api.SANDBOX_KEY,
        Instant.now().getEpochSecond());
  }

  @Override
  public Notification tampered(Notification signed) {
    return signed.withBody(signed.body().replace("\"SUCCEEDED\"", "\"FAILED\""));
  }

  private static Notification signed(String body, String secret, long timestamp) {
    return new Notification(Map.of("Sandbox-Timestamp", Long.toString(timestamp),
        "Sandbox-Signature", "v1=" + SandboxCallback.sign(secret, timestamp, body)), "application/json", body);
  }

  @Override
  public String expectedAnswer() {
    return "{\"received\":true}";
  }

  @Override
  public Opened opened(String reference) {
    JsonNode sent = JSON.readTree(created(reference).getBodyAsString());
    return new Opened(plain(sent.path("amount").path("amount").decimalValue()),
        Instant.parse(sent.path("expiresAt").asString()));
  }

  /** The create request whose answer named this reference. */
  private LoggedRequest created(String reference) {
    return serveEvents().stream()
        .filter(e -> e.getRequest().getUrl().equals("/sandbox/v1/payments") && e.getResponse() != null
            && e.getResponse().getBodyAsString().contains("\"" + reference + "\""))
        .map(e -> e.getRequest()).findFirst().orElseThrow();
  }

  @Override
  public String inProviderUnit(Money money) {
    return plain(money.amount());
  }

  @Override
  public Instant asCarried(Instant deadline) {
    return deadline;
  }

  @Override
  public boolean closeRequested(String reference) {
    return requests().stream().anyMatch(r -> RequestMethod.POST.equals(r.getMethod())
        && r.getUrl().equals("/sandbox/v1/payments/" + reference + "/close"));
  }

  @Override
  public List<String> refundsExecuted(String reference) {
    HttpResponse<String> refunds = send("GET", "/sandbox/v1/payments/" + reference + "/refunds", null);
    JsonNode list = JSON.readTree(refunds.body());
    JsonNode items = list.isArray() ? list : list.path("items");
    return StreamSupport.stream(items.spliterator(), false)
        .map(r -> plain(r.path("amount").path("amount").decimalValue())).toList();
  }

  @Override
  public List<String> refundKeysSent(String reference) {
    return requests().stream().filter(r -> RequestMethod.POST.equals(r.getMethod())
        && r.getUrl().equals("/sandbox/v1/payments/" + reference + "/refunds"))
        .map(r -> r.getHeader("Idempotency-Key")).toList();
  }

  private static String plain(BigDecimal amount) {
    return amount.stripTrailingZeros().toPlainString();
  }

  private HttpResponse<String> send(String method, String path, String body) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(application + path))
          .header("X-Sandbox-Key", Api.SANDBOX_KEY).header("Content-Type", "application/json");
      b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
