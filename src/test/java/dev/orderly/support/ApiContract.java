package dev.orderly.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The served OpenAPI document as a contract the tests hold the server to: every response a test
 * receives for a documented operation is validated against it (status documented, body matching
 * its schema, problem codes among the ones listed), and every request the server accepted (2xx)
 * must satisfy it too (the server must not accept what the document forbids). A violation fails
 * the test that saw it. Which operations were validated is counted for the whole test run and
 * written to {@code target/openapi-validation.txt} when the Surefire JVM ends.
 */
public final class ApiContract {

  private static final Map<String, ApiContract> BY_BASE = new ConcurrentHashMap<>();
  private static final Set<String> VALIDATED = ConcurrentHashMap.newKeySet();
  private static final Set<String> VALIDATED_2XX = ConcurrentHashMap.newKeySet();
  private static final Set<String> DOCUMENTED = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ApiContract::writeSummary));
  }

  private record Route(String method, String template, Pattern pattern) {}

  private final OpenApiInteractionValidator validator;
  private final List<Route> routes = new ArrayList<>();

  private ApiContract(String document) {
    validator = OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
    JsonNode paths = JsonMapper.builder().build().readTree(document).path("paths");
    for (String template : paths.propertyNames()) {
      for (String method : paths.path(template).propertyNames()) {
        if (Set.of("get", "post", "put", "delete", "patch").contains(method)) {
          String regex = "^" + Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "$";
          routes.add(new Route(method.toUpperCase(Locale.ROOT), template, Pattern.compile(regex)));
          DOCUMENTED.add(method.toUpperCase(Locale.ROOT) + " " + template);
        }
      }
    }
  }

  /** The contract of the server at {@code base}, read once from its {@code /v3/api-docs}. */
  public static ApiContract of(String base) {
    return BY_BASE.computeIfAbsent(base, b -> new ApiContract(fetch(b + "/v3/api-docs")));
  }

  /**
   * Checks one exchange. {@code path} is the raw path (and query) as sent; exchanges with an
   * undocumented operation (a wrong method on purpose, a malformed path) are not checked.
   */
  public void check(String method, String pathAndQuery, Map<String, String> requestHeaders, String requestBody,
      int status, String contentType, String responseBody) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    Optional<Route> route = routes.stream().filter(r -> r.method().equals(method) && r.pattern().matcher(path).matches())
        .findFirst();
    if (route.isEmpty()) {
      return;
    }
    SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
    if (contentType != null) {
      response.withContentType(contentType);
    }
    if (responseBody != null && !responseBody.isEmpty()) {
      response.withBody(responseBody);
    }
    Request.Method m = Request.Method.valueOf(method);
    List<String> problems = new ArrayList<>(messages(validator.validateResponse(path, m, response.build())));
    if (status / 100 == 2) {
      SimpleRequest.Builder request = new SimpleRequest.Builder(method, path);
      if (q >= 0) {
        for (String pair : pathAndQuery.substring(q + 1).split("&")) {
          int eq = pair.indexOf('=');
          if (!pair.isEmpty()) {
            request.withQueryParam(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
          }
        }
      }
      requestHeaders.forEach(request::withHeader);
      if (requestBody != null && !requestBody.isEmpty()) {
        request.withBody(requestBody);
      }
      messages(validator.validateRequest(request.build())).forEach(p -> problems.add("accepted request: " + p));
    }
    String operation = route.get().method() + " " + route.get().template();
    if (!problems.isEmpty()) {
      throw new AssertionError("the response to " + method + " " + pathAndQuery + " (" + status
          + ") breaks the API document:\n  " + String.join("\n  ", problems) + "\nbody: "
          + (responseBody == null ? "" : responseBody.length() > 600 ? responseBody.substring(0, 600) : responseBody));
    }
    VALIDATED.add(operation);
    if (status / 100 == 2) {
      VALIDATED_2XX.add(operation);
    }
  }

  /** Documented operations no test has had a response of validated yet. */
  public static Set<String> unvalidated() {
    Set<String> missing = new TreeSet<>(DOCUMENTED);
    missing.removeAll(VALIDATED);
    return missing;
  }

  private static List<String> messages(ValidationReport report) {
    return report.getMessages().stream().filter(msg -> msg.getLevel() == ValidationReport.Level.ERROR)
        .map(msg -> msg.getKey() + ": " + msg.getMessage()).toList();
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Where the summary goes: the Surefire run sets it; other runs (the packaged jar's tests) write none. */
  private static void writeSummary() {
    String file = System.getProperty("orderly.contract.report");
    if (DOCUMENTED.isEmpty() || file == null) {
      return;
    }
    Set<String> without2xx = new TreeSet<>(DOCUMENTED);
    without2xx.removeAll(VALIDATED_2XX);
    String summary = String.format("OpenAPI response validation: %d of %d documented operations had responses "
            + "validated, %d of them a 2xx response%nnot validated: %s%nno 2xx validated: %s%n",
        DOCUMENTED.size() - unvalidated().size(), DOCUMENTED.size(), DOCUMENTED.size() - without2xx.size(),
        unvalidated(), without2xx.stream().collect(Collectors.joining(", ")));
    try {
      Files.writeString(Path.of(file), summary);
    } catch (IOException e) {
      // the summary is a report, not a result: nothing to fail at shutdown
    }
  }

  private static String fetch(String url) {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(url + " answered " + r.statusCode());
      }
      return r.body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
