package dev.orderly.web;

import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Refusals;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;

/** What an operation's handler says about how it is called and what it can refuse, for {@link ApiDocumentation}. */
/** What an operation's handler says about how it is called and what it can refuse. */
record OperationShape(boolean bearer, boolean merchantKey, boolean sandbox, Map<Integer, Set<String>> refusals) {

  static OperationShape of(HandlerMethod handler) {
    List<MethodParameter> params = Arrays.asList(handler.getMethodParameters());
    RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
    RequestMapping type = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequestMapping.class);
    String path = first(type) + first(mapping);
    // where access checks a token (AccessSecurityConfig: every /api/v1 address), not which handler asks who calls
    boolean bearer = path.startsWith("/api/v1/");
    boolean role = params.stream().anyMatch(p -> p.getParameterType() == Actor.class
        && p.hasParameterAnnotation(Allowed.class));
    boolean merchantKey = params.stream().anyMatch(p -> p.hasParameterAnnotation(RequestHeader.class)
        && "X-Sandbox-Key".equals(p.getParameterAnnotation(RequestHeader.class).value()));
    boolean body = params.stream().anyMatch(p -> p.hasParameterAnnotation(RequestBody.class));
    // the sandbox provider answers in its own (Alipay-like) codes, not in Orderly's
    boolean sandbox = handler.getBeanType().getPackageName().startsWith("dev.orderly.sandbox");
    Set<RequestMethod> methods = mapping == null ? Set.of() : Set.of(mapping.method());
    boolean writes = methods.contains(RequestMethod.POST) || methods.contains(RequestMethod.PUT)
        || methods.contains(RequestMethod.DELETE);

    Map<Integer, Set<String>> refusals = new TreeMap<>();
    if (sandbox) {
      add(refusals, 400, "INVALID_REQUEST", "VALIDATION_FAILED");
      if (merchantKey) {
        add(refusals, 401, "INVALID_MERCHANT_KEY");
      }
      if (path.contains("{reference}")) {
        add(refusals, 404, "TRADE_NOT_EXIST");
        if (writes) {
          add(refusals, 409, "TRADE_HAS_SUCCESS", "TRADE_HAS_FAILED", "TRADE_HAS_CLOSED", "TRADE_NOT_PAID",
              "REFUND_EXCEEDS_PAYMENT");
        }
      }
      if (path.contains("refunds") && writes) {
        add(refusals, 500, "REFUND_FAILED");
      }
      add(refusals, 503, "SERVICE_UNAVAILABLE");
    } else {
      List<ErrorCode> codes = new ArrayList<>(List.of(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_ACCEPTABLE,
          ErrorCode.INTERNAL_ERROR));
      if (bearer) {
        codes.add(ErrorCode.UNAUTHENTICATED);
      }
      if (role) {
        codes.add(ErrorCode.FORBIDDEN);
      }
      if (bearer && methods.contains(RequestMethod.POST)) {
        codes.addAll(List.of(ErrorCode.IDEMPOTENCY_KEY_REUSED, ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS));
      }
      Refusals declared = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), Refusals.class);
      if (declared != null) {
        codes.addAll(Arrays.asList(declared.value()));
      }
      codes.forEach(c -> add(refusals, c.status(), c.name()));
    }
    if (writes) {
      add(refusals, 413, sandbox ? "PAYLOAD_TOO_LARGE" : ErrorCode.PAYLOAD_TOO_LARGE.name());
    }
    if (body) {
      add(refusals, 415, sandbox ? "INVALID_REQUEST" : ErrorCode.UNSUPPORTED_MEDIA_TYPE.name());
    }
    return new OperationShape(bearer, merchantKey, sandbox, refusals);
  }

  private static String first(RequestMapping mapping) {
    return mapping == null || mapping.path().length == 0 ? "" : mapping.path()[0];
  }

  private static void add(Map<Integer, Set<String>> refusals, int status, String... codes) {
    refusals.computeIfAbsent(status, s -> new LinkedHashSet<>()).addAll(List.of(codes));
  }
}
