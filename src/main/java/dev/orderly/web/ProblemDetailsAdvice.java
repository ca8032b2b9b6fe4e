package dev.orderly.web;

import org.jspecify.annotations.Nullable;
import dev.orderly.common.Cursor;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterValidationResult;
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
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;

/**
 * Every refusal as an RFC 9457 problem document with a stable {@code code}, in the caller's
 * language. A 400 names the offending member in {@code errors} ({@code field}, {@code message});
 * only a failure of Orderly itself is a 500, and only that is logged as an error.
 */
@RestControllerAdvice
class ProblemDetailsAdvice {
  private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

  private final Problems problems;

  ProblemDetailsAdvice(Problems problems) {
    this.problems = problems;
  }

  @ExceptionHandler(OrderlyException.class)
  ResponseEntity<ProblemDetail> orderly(OrderlyException e) {
    return problems.response(e.code(), e.getMessage(), e.properties());
  }

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException e) {
    List<Map<String, Object>> errors = new ArrayList<>();
    e.getBindingResult().getFieldErrors().forEach(f -> errors.add(fieldError(f)));
    e.getBindingResult().getGlobalErrors().forEach(g -> errors.add(Map.of("field", "",
        "message", g.getDefaultMessage() == null ? "invalid" : g.getDefaultMessage())));
    return invalid(errors);
  }

  /** A query parameter or path variable out of its range ({@code limit=0}): named, with the limit. */
  @ExceptionHandler(HandlerMethodValidationException.class)
  ResponseEntity<ProblemDetail> invalidParameter(HandlerMethodValidationException e) {
    List<Map<String, Object>> errors = new ArrayList<>();
    for (ParameterValidationResult result : e.getParameterValidationResults()) {
      String name = result.getMethodParameter().getParameterName();
      for (MessageSourceResolvable error : result.getResolvableErrors()) {
        errors.add(Map.of("field", name == null ? "" : name,
            "message", error.getDefaultMessage() == null ? "invalid" : error.getDefaultMessage()));
      }
    }
    return invalid(errors);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
    JacksonException jackson = find(e, JacksonException.class);
    OrderlyException orderly = find(e, OrderlyException.class);
    if (orderly != null) {
      // a value object refused what it was given (an amount with too many decimals, say)
      return problems.response(orderly.code(), orderly.getMessage(),
          jackson == null ? orderly.properties() : JsonProblems.withMember(orderly, jackson));
    }
    if (jackson == null) {
      return invalid(List.of(Map.of("field", "", "message", "the body is missing or is not JSON")));
    }
    JsonProblems.Refusal refusal = JsonProblems.explain(jackson);
    return invalid(List.of(Map.of("field", refusal.member(), "message", refusal.message())));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> badParameter(MethodArgumentTypeMismatchException e) {
    Class<?> type = e.getRequiredType();
    String expected = type == null ? "valid" : type.isEnum()
        ? "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name())
            .collect(Collectors.joining(", "))
        : type == int.class || type == Integer.class || type == long.class || type == Long.class ? "an integer"
        : type == UUID.class ? "a UUID"
        : type == Instant.class ? "an ISO-8601 instant such as 2026-01-31T12:00:00Z"
        : type == Cursor.class ? "a cursor from this list's Link header"
        : "a valid " + type.getSimpleName();
    return invalid(List.of(Map.of("field", e.getName(), "message", "must be " + expected)));
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e) {
    return invalid(List.of(Map.of("field", e.getParameterName(), "message", "is required")));
  }

  @ExceptionHandler(MissingRequestHeaderException.class)
  ResponseEntity<ProblemDetail> missingHeader(MissingRequestHeaderException e) {
    return invalid(List.of(Map.of("field", e.getHeaderName(), "message", "is a required header")));
  }

  /** Tomcat refuses to decode parameters of a form body the query-string guard cannot see. */
  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<ProblemDetail> undecodable(InvalidParameterException e) {
    return invalid(List.of(Map.of("field", "", "message", "the parameters are not validly percent-encoded")));
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e) {
    return problems.response(ErrorCode.NOT_FOUND, "no such resource: /" + e.getResourcePath(), Map.of());
  }

  /** A path no operation or file answers (files are served under /console-assets/** only). */
  @ExceptionHandler(NoHandlerFoundException.class)
  ResponseEntity<ProblemDetail> noHandler(NoHandlerFoundException e) {
    return problems.response(ErrorCode.NOT_FOUND, "no such resource: " + e.getRequestURL(), Map.of());
  }

  /** RFC 9110 §15.5.6: a 405 lists the methods the address does take. */
  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
    ResponseEntity<ProblemDetail> problem = problems.response(ErrorCode.METHOD_NOT_ALLOWED, e.getMessage(), Map.of());
    Set<HttpMethod> allowed = e.getSupportedHttpMethods();
    return ResponseEntity.status(problem.getStatusCode()).headers(problem.getHeaders())
        .header(HttpHeaders.ALLOW, allowed == null ? "" : allowed.stream().map(HttpMethod::name).sorted()
            .collect(Collectors.joining(", ")))
        .body(problem.getBody());
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
    return problems.response(ErrorCode.UNSUPPORTED_MEDIA_TYPE, e.getMessage(), Map.of());
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e) {
    return problems.response(ErrorCode.NOT_ACCEPTABLE, e.getMessage(), Map.of());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    log.error("Unexpected failure", e);
    return problems.response(ErrorCode.INTERNAL_ERROR, null, Map.of());
  }

  private ResponseEntity<ProblemDetail> invalid(List<Map<String, Object>> errors) {
    Map<String, Object> first = errors.isEmpty() ? Map.of("field", "", "message", "invalid request") : errors.get(0);
    String field = String.valueOf(first.get("field"));
    String reason = (field.isEmpty() ? "" : field + " ") + first.get("message");
    return problems.response(ErrorCode.VALIDATION_FAILED, reason, Map.of("errors", errors));
  }

  private static Map<String, Object> fieldError(FieldError f) {
    return Map.of("field", f.getField(), "message", f.getDefaultMessage() == null ? "invalid" : f.getDefaultMessage());
  }

  private static <T extends Throwable> @Nullable T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
