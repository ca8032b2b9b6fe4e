package dev.orderly.sandbox;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * A refusal of the sandbox provider: an RFC 9457 problem ({@code type} {@code about:blank}: the
 * sandbox's codes are its own, not Orderly's catalogue) whose {@code code} member carries the
 * provider's code, as Alipay and WeChat Pay carry theirs ({@code TRADE_NOT_EXIST}...).
 */
public final class SandboxError extends RuntimeException {
  /** The header a merchant's calls carry the shared key in. */
  public static final String MERCHANT_KEY_HEADER = "X-Sandbox-Key";

  final HttpStatus status;
  final String code;

  private SandboxError(HttpStatus status, String code) {
    super(code, null, false, false);
    this.status = status;
    this.code = code;
  }

  public static SandboxError of(HttpStatus status, String code) {
    return new SandboxError(status, code);
  }

  public static SandboxError invalidRequest() {
    return new SandboxError(HttpStatus.BAD_REQUEST, "INVALID_REQUEST");
  }

  public static SandboxError tradeNotExist() {
    return new SandboxError(HttpStatus.NOT_FOUND, "TRADE_NOT_EXIST");
  }

  public static SandboxError conflict(String code) {
    return new SandboxError(HttpStatus.CONFLICT, code);
  }

  /** Refuses with {@code INVALID_REQUEST} (400) unless the request is valid. */
  public static void require(boolean valid) {
    if (!valid) {
      throw invalidRequest();
    }
  }

  /** Ahead of Orderly's problem-details advice, and only for the sandbox's own controllers (here and in {@code web}). */
  @RestControllerAdvice(basePackageClasses = SandboxError.class)
  @Order(Ordered.HIGHEST_PRECEDENCE)
  static class Advice {
    @ExceptionHandler(SandboxError.class)
    ResponseEntity<ProblemDetail> refused(SandboxError e) {
      return body(e.status, e.code);
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MissingRequestHeaderException.class,
        MethodArgumentTypeMismatchException.class})
    ResponseEntity<ProblemDetail> unreadable(Exception e) {
      return body(HttpStatus.BAD_REQUEST, "INVALID_REQUEST");
    }

    private static ResponseEntity<ProblemDetail> body(HttpStatus status, String code) {
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, "The sandbox provider refused the request: " + code);
      problem.setTitle(status.getReasonPhrase());
      problem.setType(java.net.URI.create("about:blank"));
      problem.setProperty("code", code);
      ResponseEntity.BodyBuilder answer = ResponseEntity.status(status);
      if (status == HttpStatus.UNAUTHORIZED) {
        // merchant calls authenticate with the shared key (RFC 9110 §11.6.1: a 401 names how)
        answer.header(HttpHeaders.WWW_AUTHENTICATE, "Sandbox-Key realm=\"sandbox\", header=\"" + MERCHANT_KEY_HEADER + "\"");
      }
      return answer.body(problem);
    }
  }
}
