package dev.orderly.notification.internal;

import dev.orderly.common.Text;
import jakarta.annotation.PreDestroy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Posts one signed webhook (Standard Webhooks headers) over HTTP/1.1. Connect timeout 5 s, the
 * whole exchange at most 10 s, at most 64 KiB of the answer read; redirects are not followed (a
 * redirect could lead to an address the URL check refused) and nothing is retried here (the
 * relay's retry schedule does that). The target's addresses are checked again right before
 * sending.
 *
 * <p>Apache HttpClient 5's asynchronous client, one I/O thread, kept-alive connections pooled per
 * host: it costs a sixth of the CPU per request of the JDK's {@code HttpClient} (measured in
 * bench/README, "Issue 13"), whose asynchronous exchange hands every request and answer between
 * threads several times.
 */
@Component
class WebhookChannel {
  static final int MAX_RESPONSE_BYTES = 64 * 1024;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration TOTAL_TIMEOUT = Duration.ofSeconds(10);
  /** Connections per host and in all: above what the relay holds in flight (64 per subscription, 2048 in all). */
  private static final int MAX_PER_HOST = 512;
  private static final int MAX_TOTAL = 2048;
  private static final ContentType JSON = ContentType.create("application/json");

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

  /** The answer: its status code and at most {@link #MAX_RESPONSE_BYTES} of its body. */
  private record Answer(int status, byte[] body) {}

  private final WebhookUrls urls;
  private final Duration totalTimeout;
  private final CloseableHttpAsyncClient http;

  @Autowired
  WebhookChannel(WebhookUrls urls) {
    this(urls, TOTAL_TIMEOUT);
  }

  /** With another limit for the whole exchange (tests). */
  WebhookChannel(WebhookUrls urls, Duration totalTimeout) {
    this.urls = urls;
    this.totalTimeout = totalTimeout;
    Timeout total = Timeout.of(totalTimeout);
    this.http = HttpAsyncClients.custom()
        .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
            .setMaxConnPerRoute(MAX_PER_HOST)
            .setMaxConnTotal(MAX_TOTAL)
            .setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(CONNECT_TIMEOUT))
                .setSocketTimeout(total)
                .setTimeToLive(TimeValue.ofMinutes(5))
                .build())
            .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
            .build())
        .setDefaultRequestConfig(RequestConfig.custom()
            .setConnectionRequestTimeout(total)
            .setResponseTimeout(total)
            .build())
        .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build())
        .setUserAgent("Orderly-Webhooks/1")
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableCookieManagement()
        .disableAuthCaching()
        .disableConnectionState()
        .disableContentCompression()
        .evictIdleConnections(TimeValue.ofSeconds(30))
        .build();
    http.start();
  }

  /** Lets the sends under way end (the relay has recorded what it could by then), then closes. */
  @PreDestroy
  void close() {
    http.close(CloseMode.GRACEFUL);
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
    SimpleHttpRequest request = SimpleHttpRequest.create("POST", uri);
    request.setHeader("webhook-id", webhookId);
    request.setHeader("webhook-timestamp", Long.toString(timestamp));
    request.setHeader("webhook-signature", WebhookSecrets.sign(secret, webhookId, timestamp, body));
    request.setBody(body.getBytes(StandardCharsets.UTF_8), JSON);
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    Future<Answer> exchange;
    try {
      exchange = http.execute(SimpleRequestProducer.create(request), new Limited(answer), new FutureCallback<>() {
        @Override
        public void completed(Answer result) {
          answer.complete(result);
        }

        @Override
        public void failed(Exception e) {
          answer.completeExceptionally(e);
        }

        @Override
        public void cancelled() {
          answer.cancel(false);
        }
      });
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new Failed(null, e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage())));
    }
    return answer
        // the whole exchange: waiting for a connection, connecting, sending, the answer's head and body
        .orTimeout(totalTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((response, error) -> {
          if (error != null) {
            exchange.cancel(true);
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof TimeoutException || cause instanceof java.net.SocketTimeoutException) {
              throw new Failed(null, "timed out after " + totalTimeout.toSeconds() + " s");
            }
            throw new Failed(null, cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
          }
          int status = response.status();
          if (status / 100 != 2) {
            String text = new String(response.body(), StandardCharsets.UTF_8).strip();
            throw new Failed(status, "HTTP " + status + (text.isEmpty() ? "" : ": " + Text.truncate(text, 200)));
          }
          return status;
        });
  }

  /**
   * Keeps at most {@link #MAX_RESPONSE_BYTES} of the answer's body: the answer is complete as soon
   * as that much has come, and the rest is not read (the exchange is ended, its connection dropped).
   */
  private static final class Limited extends AbstractBinResponseConsumer<Answer> {
    private final CompletableFuture<Answer> answer;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int status;

    Limited(CompletableFuture<Answer> answer) {
      this.answer = answer;
    }

    @Override
    protected void start(HttpResponse response, @Nullable ContentType contentType) {
      status = response.getCode();
    }

    @Override
    protected int capacityIncrement() {
      return MAX_RESPONSE_BYTES;
    }

    @Override
    protected void data(ByteBuffer data, boolean endOfStream) throws IOException {
      int n = Math.min(data.remaining(), MAX_RESPONSE_BYTES - out.size());
      byte[] chunk = new byte[n];
      data.get(chunk);
      out.write(chunk, 0, n);
      if (out.size() >= MAX_RESPONSE_BYTES && !endOfStream) {
        answer.complete(buildResult());
        throw new IOException("answer longer than " + MAX_RESPONSE_BYTES + " bytes: not read further");
      }
    }

    @Override
    protected Answer buildResult() {
      return new Answer(status, out.toByteArray());
    }

    @Override
    public void releaseResources() {
      // nothing held beyond the buffer
    }
  }
}
