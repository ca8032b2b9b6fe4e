package dev.orderly.web;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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
    try {
      QueryString.read(request);
    } catch (QueryString.Malformed malformed) {
      problems.write(request, response, ErrorCode.VALIDATION_FAILED, "malformed query string: "
          + malformed.getMessage(), OrderlyException.memberErrors("query", malformed.getMessage()));
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
    Map<String, List<String>> form = Map.of();
    if (isForm(request)) {
      // a browser's form (the web console): its fields are read here, once, as the query string is
      try {
        form = QueryString.parse(new String(body, StandardCharsets.ISO_8859_1));
      } catch (QueryString.Malformed malformed) {
        problems.write(request, response, ErrorCode.VALIDATION_FAILED, "malformed form body: " + malformed.getMessage(),
            OrderlyException.memberErrors("form", malformed.getMessage()));
        return;
      }
    }
    chain.doFilter(new CachedBodyRequest(request, body, form), response);
  }

  private static boolean isForm(HttpServletRequest request) {
    String type = request.getContentType();
    return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }
}
