package dev.orderly.notification.internal;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import dev.orderly.common.OrderlyMode;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Which webhook target URLs are allowed: http or https only, with a host, and (unless
 * {@code orderly.webhooks.allow-private-targets=true}, the default in demo mode) only hosts whose
 * every resolved address is public: no loopback, private (RFC 1918, IPv6 unique local), link-local,
 * carrier-grade NAT, multicast or unspecified address. Checked when subscribing and again before
 * each send (a host may resolve elsewhere later: DNS rebinding).
 */
@Component
public class WebhookUrls {

  /** Resolves a host name; replaceable in unit tests. */
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final boolean allowPrivate;
  private final Resolver resolver;

  @Autowired
  WebhookUrls(@Value("${orderly.webhooks.allow-private-targets:}") String allowPrivate,
      Environment environment) {
    this(allowPrivate == null || allowPrivate.isBlank()
        ? OrderlyMode.of(environment) == OrderlyMode.DEMO
        : Boolean.parseBoolean(allowPrivate.strip()), InetAddress::getAllByName);
  }

  WebhookUrls(boolean allowPrivate, Resolver resolver) {
    this.allowPrivate = allowPrivate;
    this.resolver = resolver;
  }

  /** Parses and checks a URL: 400 VALIDATION_FAILED when malformed, 422 WEBHOOK_URL_NOT_ALLOWED when refused. */
  public URI check(String url) {
    URI uri = parse(url);
    checkAddresses(uri.getHost());
    return uri;
  }

  static URI parse(String url) {
    if (url == null || url.isBlank() || url.length() > 2000) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "url must be an http or https URL of at most 2000 characters");
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "url is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!List.of("http", "https").contains(scheme) || uri.getHost() == null || uri.getHost().isBlank()) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "url must be an absolute http or https URL with a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "url must not contain user information");
    }
    return uri;
  }

  void checkAddresses(String host) {
    if (allowPrivate) {
      return;
    }
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(bare);
    } catch (UnknownHostException e) {
      throw new OrderlyException(ErrorCode.WEBHOOK_URL_NOT_ALLOWED, "the host " + host + " does not resolve");
    }
    for (InetAddress a : addresses) {
      if (!isPublic(a)) {
        throw new OrderlyException(ErrorCode.WEBHOOK_URL_NOT_ALLOWED,
            "the host " + host + " resolves to a non-public address (" + a.getHostAddress() + ")");
      }
    }
  }

  static boolean isPublic(InetAddress a) {
    if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first != 0                                   // 0.0.0.0/8 "this network"
          && !(first == 100 && second >= 64 && second < 128) // 100.64.0.0/10 carrier-grade NAT
          && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // 192.0.0.0/24 protocol assignments
          && !(first == 198 && (second == 18 || second == 19)) // 198.18.0.0/15 benchmarking
          && first < 240;                                  // 240.0.0.0/4 reserved, broadcast
    }
    if (a instanceof Inet6Address) {
      int first = b[0] & 0xff;
      if ((first & 0xfe) == 0xfc) {                        // fc00::/7 unique local
        return false;
      }
      if ((first == 0xfe) && ((b[1] & 0xc0) == 0xc0)) {   // fec0::/10 site-local (deprecated)
        return false;
      }
      boolean mapped = true;                               // ::ffff:a.b.c.d and ::a.b.c.d embed IPv4
      for (int i = 0; i < 10; i++) {
        mapped &= b[i] == 0;
      }
      if (mapped && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
        try {
          return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return false;
        }
      }
    }
    return true;
  }
}
