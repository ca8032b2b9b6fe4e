package dev.orderly.web;

import dev.orderly.common.OrderlyException;
import dev.orderly.common.Text;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.util.WebUtils;

/**
 * An operation of Orderly's takes the query parameters and the body it declares, and nothing
 * else: an unknown parameter ({@code ?limt=10}, {@code ?stauts=PAID}) is refused with 400 rather
 * than ignored, and so is a body sent to an operation that takes none. Unknown body members are
 * refused by the JSON reader ({@link StrictJson}); this is the same rule for the rest of a request.
 */
class DeclaredInputs implements HandlerInterceptor {

  /** What a handler method takes, found once per method (annotation lookups cost more than the checks). */
  private record Declared(Set<String> parameters, boolean anyParameter, boolean takesBody, boolean takesJsonObject,
      boolean page) {}

  private final Map<HandlerMethod, Declared> declared = new ConcurrentHashMap<>();

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (!(handler instanceof HandlerMethod method) || !method.getBeanType().getPackageName().startsWith("dev.orderly")) {
      return true;
    }
    Declared d = declared.computeIfAbsent(method, DeclaredInputs::declared);
    if (d.page()) {
      return true;
    }
    Map<String, List<String>> query;
    try {
      query = QueryString.of(request);
    } catch (QueryString.Malformed malformed) {
      throw OrderlyException.invalid("query", malformed.getMessage());
    }
    query.forEach((name, values) -> {
      if (!d.anyParameter() && !d.parameters().contains(name)) {
        throw OrderlyException.invalid(name, d.parameters().isEmpty()
            ? "is not a parameter of this operation, which takes none"
            : "is not a parameter of this operation; its parameters are " + String.join(", ", d.parameters()));
      }
      if (values.size() > 1) {
        throw OrderlyException.invalid(name, "is given more than once");
      }
      // "?status=" is a mistake, not "no filter"; a value is text like any other member
      Text.problem(values.get(0)).ifPresent(why -> {
        throw OrderlyException.invalid(name, why);
      });
    });
    CachedBodyRequest cached = WebUtils.getNativeRequest(request, CachedBodyRequest.class);
    String body = cached == null ? "" : new String(cached.body(), StandardCharsets.UTF_8).strip();
    if (!d.takesBody() && !body.isEmpty() && !body.equals("{}")) {
      throw OrderlyException.invalid("", "this operation takes no body; send none (or {})");
    }
    if (d.takesJsonObject() && !body.isEmpty() && !body.startsWith("{")) {
      // an optional body sent as JSON null would otherwise read as no body at all
      throw OrderlyException.invalid("", "the body must be a JSON object");
    }
    return true;
  }

  /**
   * A page for a browser (the sandbox's pay page, the web console's views and forms):
   * a link with a tracking parameter still opens it, and a form's fields (its CSRF token among them)
   * arrive as a form body.
   */
  private static boolean page(HandlerMethod method) {
    RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequestMapping.class);
    boolean html = mapping != null && Arrays.stream(mapping.produces()).anyMatch(p -> p.startsWith("text/html"));
    boolean view = !AnnotatedElementUtils.hasAnnotation(method.getBeanType(), ResponseBody.class)
        && !method.hasMethodAnnotation(ResponseBody.class);
    return html || view;
  }

  private static Declared declared(HandlerMethod method) {
    Set<String> names = new LinkedHashSet<>();
    boolean any = false;
    boolean body = false;
    boolean object = false;
    for (MethodParameter p : method.getMethodParameters()) {
      RequestParam param = p.getParameterAnnotation(RequestParam.class);
      if (param != null) {
        if (Map.class.isAssignableFrom(p.getParameterType())) {
          any = true;
        }
        names.add(!param.name().isEmpty() ? param.name() : p.getParameterName());
      }
      Class<?> type = p.getParameterType();
      // a handler that reads the request itself (a provider callback verifying its signature) takes a body
      body |= p.hasParameterAnnotation(RequestBody.class) || HttpServletRequest.class.isAssignableFrom(type)
          || InputStream.class.isAssignableFrom(type);
      object |= p.hasParameterAnnotation(RequestBody.class) && (type.isRecord() || Map.class.isAssignableFrom(type));
    }
    return new Declared(names, any, body, object, page(method));
  }
}
