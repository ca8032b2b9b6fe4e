package dev.orderly.web;

import dev.orderly.access.RefusalWriter;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.LocaleResolver;
import tools.jackson.databind.ObjectMapper;

/**
 * Builds every refusal as an RFC 9457 problem document: {@code type} {@code /errors/<CODE>},
 * localized {@code title} and {@code detail}, the stable {@code code}, the English {@code reason}
 * and any extension members. Used by the MVC advice and by filters that answer before MVC, so a
 * refusal looks the same wherever it is made.
 *
 * <p>Extension members never reuse RFC 9457's own names: a parser keeps the last of two members
 * with one name, so an order's {@code "status": "PAID"} would overwrite the HTTP status.
 */
@Component
public class Problems implements RefusalWriter {

  private final MessageSource messages;
  private final LocaleResolver locales;
  private final ObjectMapper json;

  Problems(MessageSource messages, LocaleResolver locales, ObjectMapper json) {
    this.messages = messages;
    this.locales = locales;
    this.json = json;
  }

  ResponseEntity<ProblemDetail> response(ErrorCode code, String reason, Map<String, Object> properties) {
    ProblemDetail problem = problem(code, reason, properties, LocaleContextHolder.getLocale());
    HttpHeaders headers = new HttpHeaders();
    HttpServletRequest request = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
        ? a.getRequest() : null;
    headers(code, properties, request).forEach(headers::add);
    return ResponseEntity.status(code.status()).headers(headers).body(problem);
  }

  /** Writes the problem straight to the response, for filters and valves that answer before MVC. */
  @Override
  public void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String reason,
      Map<String, Object> properties) throws IOException {
    ProblemDetail problem = problem(code, reason, properties, locales.resolveLocale(request));
    problem.setInstance(URI.create(request.getRequestURI()));
    response.setStatus(code.status());
    headers(code, properties, request).forEach(response::setHeader);
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    byte[] bytes = json.writeValueAsBytes(problem);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  ProblemDetail problem(ErrorCode code, String reason, Map<String, Object> properties, Locale locale) {
    ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.valueOf(code.status()));
    problem.setType(URI.create("/errors/" + code.name()));
    problem.setTitle(messages.getMessage("error." + code.name() + ".title", null, code.name(), locale));
    problem.setDetail(messages.getMessage("error." + code.name() + ".detail", null, reason, locale));
    problem.setProperty("code", code.name());
    if (reason != null) {
      problem.setProperty("reason", reason);
    }
    properties.forEach((name, value) -> {
      if (OrderlyException.RESERVED_MEMBERS.contains(name)) {
        throw new IllegalArgumentException("problem extension member '" + name + "' reuses a reserved name");
      }
      problem.setProperty(name, value);
    });
    return problem;
  }

  /**
   * Headers HTTP requires with some statuses: a 401 names how to authenticate (RFC 9110 §15.5.2,
   * RFC 6750 §3), a 429 how long to wait (RFC 9110 §10.2.3).
   */
  private static Map<String, String> headers(ErrorCode code, Map<String, Object> properties,
      HttpServletRequest request) {
    return switch (code) {
      case UNAUTHENTICATED -> Map.of(HttpHeaders.WWW_AUTHENTICATE, request != null
          && request.getHeader(HttpHeaders.AUTHORIZATION) != null
          ? "Bearer realm=\"orderly\", error=\"invalid_token\"" : "Bearer realm=\"orderly\"");
      // a provider authenticates its callbacks by their signature, not by a token
      case CALLBACK_SIGNATURE_INVALID -> Map.of(HttpHeaders.WWW_AUTHENTICATE, "Signature realm=\"provider-callbacks\"");
      case RATE_LIMITED -> properties.get("retryAfter") instanceof Number seconds
          ? Map.of(HttpHeaders.RETRY_AFTER, String.valueOf(seconds.longValue())) : Map.of();
      default -> Map.of();
    };
  }
}
