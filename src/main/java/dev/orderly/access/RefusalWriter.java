package dev.orderly.access;

import dev.orderly.common.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * Writes a refusal that access makes before Spring MVC runs (Spring Security's entry point and
 * access-denied handler: {@code 401 UNAUTHENTICATED}, {@code 403 FORBIDDEN}) as the RFC 9457
 * problem document every other refusal is, localized by {@code Accept-Language}, with the
 * {@code WWW-Authenticate} header a 401 needs. Implemented by the web module's problem builder; the
 * port lives here because web already depends on access, and the reverse would be a cycle.
 */
public interface RefusalWriter {

  /**
   * Answers the request with {@code code}'s status and problem: {@code reason} is the English why,
   * {@code properties} the problem's extension members (such as {@code errors}).
   */
  void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String reason,
      Map<String, Object> properties) throws IOException;
}
