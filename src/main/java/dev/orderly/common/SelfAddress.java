package dev.orderly.common;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Where this instance can be reached: {@code orderly.public-base-url} when set (behind a load
 * balancer), else this process's own port on the loopback address. Providers call back here; the
 * API document and the demo banner point here.
 */
@Component
public class SelfAddress {
  private final String configured;
  private volatile int port = -1;

  SelfAddress(@Value("${orderly.public-base-url:}") String configured) {
    this.configured = configured;
  }

  @EventListener
  void on(WebServerInitializedEvent event) {
    port = event.getWebServer().getPort();
  }

  /** The address, without a trailing slash; known once the web server has started. */
  public String baseUrl() {
    if (!configured.isBlank()) {
      return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
    }
    if (port < 0) {
      throw new IllegalStateException("the web server has not started yet");
    }
    return "http://127.0.0.1:" + port;
  }
}
