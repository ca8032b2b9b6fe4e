package dev.orderly.notification.internal;

import dev.orderly.common.Text;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Posts one signed webhook (Standard Webhooks headers). Connect timeout 5 s, the whole exchange
 * at most 10 s, at most 64 KiB of the answer read; redirects are not followed (a redirect could
 * lead to an address the URL check refused). The target's addresses are checked again right
 * before sending.
 */
@Component
class WebhookChannel {
  static final int MAX_RESPONSE_BYTES = 64 * 1024;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration TOTAL_TIMEOUT = Duration.ofSeconds(10);

  /** A failed attempt: the answer's status code when there was one. */
  static final class Failed extends RuntimeException {
    private final @Nullable Integer statusCode;

    Failed(@Nullable Integer statusCode, String message) {
      super(message);
      this.statusCode = statusCode;
    }

    @Nullable Integer statusCode() {
      return statusCode;
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final WebhookUrls urls;

  WebhookChannel(WebhookUrls urls) {
    this.urls = urls;
  }

  /**
   * Sends; completes with the 2xx status code, or exceptionally with {@link Failed}. Never blocks
   * the caller on the network, so one relay thread can have many deliveries in flight.
   */
  CompletableFuture<Integer> send(String url, String secret, String webhookId, long timestamp, String body) {
    URI uri;
    try {
      uri = urls.check(url);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new Failed(null, "target refused: " + e.getMessage()));
    }
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(TOTAL_TIMEOUT)
        .header("Content-Type", "application/json")
        .header("User-Agent", "Orderly-Webhooks/1")
        .header("webhook-id", webhookId)
        .header("webhook-timestamp", Long.toString(timestamp))
        .header("webhook-signature", WebhookSecrets.sign(secret, webhookId, timestamp, body))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, info -> new Limited());
    return exchange
        // the request timeout covers the wait for the answer's head; this covers reading its body too
        .orTimeout(TOTAL_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS)
        .handle((response, error) -> {
          if (error != null) {
            exchange.cancel(true);
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof TimeoutException || cause instanceof java.net.http.HttpTimeoutException) {
              throw new Failed(null, "timed out after " + TOTAL_TIMEOUT.toSeconds() + " s");
            }
            throw new Failed(null, cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
          }
          int status = response.statusCode();
          if (status / 100 != 2) {
            String answer = new String(response.body(), StandardCharsets.UTF_8).strip();
            throw new Failed(status, "HTTP " + status
                + (answer.isEmpty() ? "" : ": " + Text.truncate(answer, 200)));
          }
          return status;
        });
  }

  /** Collects at most {@link #MAX_RESPONSE_BYTES} of the answer, then stops reading. */
  private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Flow.@Nullable Subscription subscription;

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer b : items) {
        int n = Math.min(b.remaining(), MAX_RESPONSE_BYTES - out.size());
        byte[] chunk = new byte[n];
        b.get(chunk);
        out.write(chunk, 0, n);
      }
      if (out.size() >= MAX_RESPONSE_BYTES) {
        subscription.cancel();
        result.complete(out.toByteArray());
      } else {
        subscription.request(1);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(out.toByteArray());
    }
  }
}
