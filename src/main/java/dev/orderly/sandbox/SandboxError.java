package dev.orderly.sandbox;

import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** A refusal of the sandbox provider, answered as {@code {"code": "..."}} like a third party would. */
final class SandboxError extends RuntimeException {
  final HttpStatus status;
  final String code;

  private SandboxError(HttpStatus status, String code) {
    super(code, null, false, false);
    this.status = status;
    this.code = code;
  }

  static SandboxError of(HttpStatus status, String code) {
    return new SandboxError(status, code);
  }

  static SandboxError invalidRequest() {
    return new SandboxError(HttpStatus.BAD_REQUEST, "INVALID_REQUEST");
  }

  static SandboxError tradeNotExist() {
    return new SandboxError(HttpStatus.NOT_FOUND, "TRADE_NOT_EXIST");
  }

  static SandboxError conflict(String code) {
    return new SandboxError(HttpStatus.CONFLICT, code);
  }

  static void require(boolean valid) {
    if (!valid) {
      throw invalidRequest();
    }
  }

  /** Ahead of Orderly's problem-details advice, and only for the sandbox's own controllers. */
  @RestControllerAdvice(basePackageClasses = SandboxError.class)
  @Order(Ordered.HIGHEST_PRECEDENCE)
  static class Advice {
    @ExceptionHandler(SandboxError.class)
    ResponseEntity<Map<String, String>> refused(SandboxError e) {
      return body(e.status, e.code);
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MissingRequestHeaderException.class,
        MethodArgumentTypeMismatchException.class})
    ResponseEntity<Map<String, String>> unreadable(Exception e) {
      return body(HttpStatus.BAD_REQUEST, "INVALID_REQUEST");
    }

    private static ResponseEntity<Map<String, String>> body(HttpStatus status, String code) {
      return ResponseEntity.status(status).body(Map.of("code", code));
    }
  }
}
