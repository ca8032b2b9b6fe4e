package dev.orderly.web;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first thing every request meets, on every address (API, provider callbacks, sandbox,
 * actuator, documentation): a malformed query string is refused with 400 (Tomcat would otherwise
 * fail when a handler first reads a parameter, as a 500), and a body larger than
 * {@link #MAX_BODY_BYTES} with 413. A body within the limit is read once and served again from
 * memory, so later filters (idempotency hashes it) and the handler see the same bytes.
 */
class RequestGuard extends OncePerRequestFilter {

  /** The largest request body accepted, in bytes. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH", "DELETE");

  private final Problems problems;

  RequestGuard(Problems problems) {
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<String> malformed = malformedQuery(request.getQueryString());
    if (malformed.isPresent()) {
      problems.write(request, response, ErrorCode.VALIDATION_FAILED, "malformed query string: " + malformed.get(),
          OrderlyException.memberErrors("query", malformed.get()));
      return;
    }
    if (!WITH_BODY.contains(request.getMethod())) {
      chain.doFilter(request, response);
      return;
    }
    long declared = request.getContentLengthLong();
    byte[] body = declared > MAX_BODY_BYTES ? null : request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
    if (body == null || body.length > MAX_BODY_BYTES) {
      problems.write(request, response, ErrorCode.PAYLOAD_TOO_LARGE,
          "the request body exceeds " + MAX_BODY_BYTES / 1024 + " KiB", Map.of("maxBytes", MAX_BODY_BYTES));
      return;
    }
    chain.doFilter(new CachedBodyRequest(request, body), response);
  }

  /**
   * Why a raw query string is malformed (RFC 3986 percent-encoding of UTF-8, WHATWG form
   * encoding): a parameter without a name, a {@code %} not followed by two hex digits, or bytes
   * that are not UTF-8. Empty; when it is fine.
   */
  static Optional<String> malformedQuery(String query) {
    if (query == null || query.isEmpty()) {
      return Optional.empty();
    }
    for (String pair : query.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (name.isEmpty()) {
        return Optional.of("a parameter has no name");
      }
      Optional<String> bad = badEncoding(name).or(() -> eq < 0 ? Optional.empty() : badEncoding(pair.substring(eq + 1)));
      if (bad.isPresent()) {
        return bad;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> badEncoding(String part) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == '%') {
        if (i + 2 >= part.length() || Character.digit(part.charAt(i + 1), 16) < 0
            || Character.digit(part.charAt(i + 2), 16) < 0) {
          return Optional.of("'%' must be followed by two hexadecimal digits");
        }
        bytes.write(Character.digit(part.charAt(i + 1), 16) * 16 + Character.digit(part.charAt(i + 2), 16));
        i += 2;
      } else {
        byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(raw, 0, raw.length);
      }
    }
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()));
      return Optional.empty();
    } catch (CharacterCodingException e) {
      return Optional.of("percent-encoded bytes are not UTF-8");
    }
  }
}
