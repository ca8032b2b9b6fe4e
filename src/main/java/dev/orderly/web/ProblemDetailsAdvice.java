package dev.orderly.web;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Every refusal as an RFC 9457 problem document with a stable {@code code}, in the caller's language. */
@RestControllerAdvice
class ProblemDetailsAdvice {
  private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

  private final Problems problems;

  ProblemDetailsAdvice(Problems problems) {
    this.problems = problems;
  }

  @ExceptionHandler(OrderlyException.class)
  ResponseEntity<ProblemDetail> orderly(OrderlyException e) {
    ResponseEntity<ProblemDetail> response = problems.response(e.code(), e.getMessage(), e.properties());
    if (e.properties().get("retryAfter") instanceof Number seconds) {
      // RFC 9110: how long a rate-limited client should wait before asking again
      return ResponseEntity.status(response.getStatusCode()).header("Retry-After", String.valueOf(seconds.longValue()))
          .body(response.getBody());
    }
    return response;
  }

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException e) {
    List<Map<String, Object>> errors = e.getBindingResult().getFieldErrors().stream()
        .map(ProblemDetailsAdvice::fieldError).toList();
    String reason = errors.isEmpty() ? "invalid request" : errors.get(0).get("field") + " " + errors.get(0).get("message");
    return problems.response(ErrorCode.VALIDATION_FAILED, reason, Map.of("errors", errors));
  }

  @ExceptionHandler(HandlerMethodValidationException.class)
  ResponseEntity<ProblemDetail> invalidParameter(HandlerMethodValidationException e) {
    String reason = e.getAllErrors().stream().findFirst().map(Object::toString).orElse("invalid parameter");
    return problems.response(ErrorCode.VALIDATION_FAILED, reason, Map.of());
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
    String cause = e.getMostSpecificCause().getMessage();
    String reason = "request body is missing or not valid JSON of the expected shape";
    if (cause != null && e.getMostSpecificCause() instanceof OrderlyException oe) {
      return problems.response(oe.code(), oe.getMessage(), oe.properties());
    }
    if (cause != null) {
      // first line only: Jackson appends source locations that say nothing to a client
      reason = reason + ": " + cause.lines().findFirst().orElse("");
    }
    return problems.response(ErrorCode.VALIDATION_FAILED, reason, Map.of());
  }

  @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class,
      MissingRequestHeaderException.class})
  ResponseEntity<ProblemDetail> badParameter(Exception e) {
    return problems.response(ErrorCode.VALIDATION_FAILED, e.getMessage(), Map.of());
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e) {
    return problems.response(ErrorCode.NOT_FOUND, "no such resource: /" + e.getResourcePath(), Map.of());
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
    return problems.response(ErrorCode.METHOD_NOT_ALLOWED, e.getMessage(), Map.of());
  }

  @ExceptionHandler({HttpMediaTypeNotSupportedException.class, HttpMediaTypeNotAcceptableException.class})
  ResponseEntity<ProblemDetail> mediaType(Exception e) {
    return problems.response(ErrorCode.UNSUPPORTED_MEDIA_TYPE, e.getMessage(), Map.of());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    log.error("Unexpected failure", e);
    return problems.response(ErrorCode.INTERNAL_ERROR, null, Map.of());
  }

  private static Map<String, Object> fieldError(FieldError f) {
    return Map.of("field", f.getField(), "message", f.getDefaultMessage() == null ? "invalid" : f.getDefaultMessage());
  }

  /** Builds problem documents; also used by filters that answer before MVC. */
  @org.springframework.stereotype.Component
  static class Problems {
    private final MessageSource messages;

    Problems(MessageSource messages) {
      this.messages = messages;
    }

    ResponseEntity<ProblemDetail> response(ErrorCode code, String reason, Map<String, Object> properties) {
      ProblemDetail problem = problem(code, reason, properties, LocaleContextHolder.getLocale());
      return ResponseEntity.status(code.status()).body(problem);
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
      properties.forEach(problem::setProperty);
      return problem;
    }
  }
}
