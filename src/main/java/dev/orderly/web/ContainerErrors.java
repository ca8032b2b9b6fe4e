package dev.orderly.web;

import dev.orderly.common.ErrorCode;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Refusals made outside Spring MVC are problem documents too. Tomcat itself refuses some requests
 * before any filter runs (an encoded NUL or invalid UTF-8 in the path, say) and renders them with
 * its {@link ErrorReportValve} as HTML; errors raised by filters are forwarded to {@code /error},
 * which Spring Boot would render in its own JSON shape. Both answer with a problem instead.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrors {

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
    return factory -> factory.addContextCustomizers(context -> {
      if (context.getParent() instanceof StandardHost host) {
        host.setErrorReportValveClass(ProblemReportValve.class.getName());
      }
    });
  }

  /** The code a bare HTTP status stands for, when nothing more is known about the refusal. */
  static ErrorCode codeFor(int status) {
    return switch (status) {
      case 401 -> ErrorCode.UNAUTHENTICATED;
      case 403 -> ErrorCode.FORBIDDEN;
      case 404 -> ErrorCode.NOT_FOUND;
      case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
      case 406 -> ErrorCode.NOT_ACCEPTABLE;
      case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
      case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
      default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.VALIDATION_FAILED;
    };
  }

  /**
   * Instantiated by Tomcat by class name, so it has no Spring context: it writes an English
   * problem with the code the status stands for. Requests that reach it never reached Orderly.
   */
  public static class ProblemReportValve extends ErrorReportValve {
    @Override
    protected void report(Request request, Response response, Throwable throwable) {
      int status = response.getStatus();
      if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
        return;
      }
      ErrorCode code = codeFor(status);
      if (code.status() != status) {
        response.setStatus(code.status());
      }
      String body = """
          {"type":"/errors/%1$s","title":"The request was refused","status":%2$d,\
          "detail":"The request is malformed at the HTTP level (its address or headers); it did not reach Orderly.",\
          "code":"%1$s","reason":"refused by the HTTP server"}""".formatted(code.name(), code.status());
      try {
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        response.finishResponse();
      } catch (IOException | IllegalStateException e) {
        // the client is gone or the response was taken over: nothing more to tell it
      }
    }
  }

  /** {@code /error}: what the container forwards a failed request to, answered as a problem. */
  @RestController
  @Hidden
  static class ProblemErrorController implements ErrorController {
    private final Problems problems;

    ProblemErrorController(Problems problems) {
      this.problems = problems;
    }

    @RequestMapping("/error")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
      Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
      // asked for directly, /error is just an address with nothing at it
      int code = status instanceof Integer s ? s : 404;
      problems.write(request, response, codeFor(code), null, Map.of());
    }
  }
}
