package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.access.Role;
import dev.orderly.support.Api;
import dev.orderly.support.ApiContract;
import dev.orderly.support.ApiTest;
import dev.orderly.support.OwnDatabase;
import dev.orderly.support.RawHttp;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.MethodParameter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every operation the application serves, found in its own handler mappings (an endpoint added
 * later is swept without editing this test), is sent hostile input: malformed and out-of-range
 * query parameters, unknown parameters, malformed paths, wrong JSON types, unknown and duplicate
 * members, oversize numbers and bodies, control characters, a wrong content type, no token, a
 * wrong method. Each must be refused with a 4xx RFC 9457 problem carrying a stable code (never a
 * 5xx, never accepted), with no ERROR logged, and the database must be exactly as it was.
 *
 * <p>Bodies are mutated from a valid one (built from the request type, with the fixture's ids), so
 * a mutation the server wrongly accepted would go through and show, as a 2xx and as a change.
 * Runs on a database of its own with timers off, so nothing else moves while it looks.
 */
@TestPropertySource(properties = "orderly.timers.enabled=false")
// a context of its own: closed after the class, so its connections do not stay open while other tests run
@DirtiesContext
class HostileInputSweepTest extends ApiTest {

  private static final JsonMapper STRICT = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");
  private static final Pattern CONSOLE_REFUSAL = Pattern.compile("<code>[A-Z][A-Z0-9_]*</code>");
  private static final String FORM = "application/x-www-form-urlencoded";

  /** The console sessions of the fixture's principals, signed in through the sign-in form. */
  private Map<Role, ConsoleSession> consoleSessions;
  private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([A-Za-z0-9_]+)(:[^}]*)?}");

  @DynamicPropertySource
  static void ownDatabase(DynamicPropertyRegistry registry) {
    OwnDatabase.register(registry, "sweep");
  }

  @Autowired
  private ApplicationContext context;

  @Autowired
  private DataSource dataSource;

  record Operation(String method, String pattern, HandlerMethod handler) {
    boolean ours() {
      return handler.getBeanType().getPackageName().startsWith("dev.orderly");
    }

    String name() {
      return method + " " + pattern;
    }

    /** A web console page or form (its own chain: a session and CSRF tokens, not bearer tokens). */
    boolean console() {
      return pattern.equals("/") || pattern.equals("/sign-in") || pattern.startsWith("/console");
    }
  }

  record Hostile(String what, String method, String target, Map<String, String> headers, byte[] body) {}

  /** What the sweep found: every finding is a failure, counted by kind for the report. */
  static final class Findings {
    final Map<String, List<String>> byKind = new TreeMap<>();
    int requests;

    void add(String kind, Operation op, Hostile h, String detail) {
      byKind.computeIfAbsent(kind, k -> new ArrayList<>())
          .add(op.name() + " <- " + h.what() + " [" + RawHttp.abbreviate(h.target()) + "]: " + detail);
    }

    int count(String kind) {
      return byKind.getOrDefault(kind, List.of()).size();
    }
  }

  /** Ids of things that exist, so that hostile input reaches validation instead of a 404. */
  record Fixture(Api.Principal seller, Api.Principal buyer, Api.Principal support, UUID product,
      UUID unpaidOrder, UUID paymentId, String providerReference, UUID processingOrder, UUID cancellationId,
      UUID refundId, UUID webhookId, UUID notificationId) {}

  @Test
  void everyOperationRefusesHostileInputWithAProblemAndChangesNothing() {
    Fixture fixture = fixture();
    RawHttp signIn = new RawHttp(port);
    consoleSessions = Map.of(Role.BUYER, ConsoleSession.of(signIn, fixture.buyer().token()),
        Role.SELLER, ConsoleSession.of(signIn, fixture.seller().token()),
        Role.SUPPORT, ConsoleSession.of(signIn, fixture.support().token()),
        Role.ADMIN, ConsoleSession.of(signIn, ADMIN_TOKEN));
    List<Operation> operations = operations();
    assertThat(operations).hasSizeGreaterThan(50);
    // timers are off, and the fixture waited for the last write of every callback: nothing moves now
    Map<String, String> before = OwnDatabase.fingerprint(dataSource);

    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    root.addAppender(log);
    RawHttp http = new RawHttp(port);
    ApiContract contract = ApiContract.of(api.base());
    Findings findings = new Findings();
    try {
      for (Operation op : operations) {
        for (Hostile h : hostile(op, fixture)) {
          findings.requests++;
          RawHttp.Response r = http.send(h.method(), h.target(), h.headers(), h.body());
          check(op, h, r, findings);
          if (op.console()) {
            continue; // pages for people: not in the API document
          }
          try {
            contract.check(h.method(), h.target(), h.headers(), h.body() == null ? null
                : new String(h.body(), StandardCharsets.UTF_8), r.status(), r.header("Content-Type"), r.body());
          } catch (AssertionError e) {
            findings.add("breaks the API document", op, h, e.getMessage());
          }
        }
      }
    } finally {
      root.detachAppender(log);
    }
    List<String> errors = log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
        .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
    Map<String, String> after = OwnDatabase.fingerprint(dataSource);
    List<String> changed = before.keySet().stream().filter(t -> !before.get(t).equals(after.get(t)))
        .map(t -> t + " " + before.get(t) + " -> " + after.get(t)).toList();

    StringBuilder report = new StringBuilder(String.format(
        "hostile input sweep: %d operations, %d requests; 5xx: %d; accepted: %d; refusals without a problem: %d; "
            + "missing headers: %d; ERROR log lines: %d; tables changed: %d%n",
        operations.size(), findings.requests, findings.count("5xx"), findings.count("accepted"),
        findings.count("not a problem"), findings.count("header"), errors.size(), changed.size()));
    findings.byKind.forEach((kind, list) -> {
      report.append("--- ").append(kind).append(" (").append(list.size()).append(")\n");
      list.stream().limit(40).forEach(l -> report.append("  ").append(l).append('\n'));
    });
    errors.stream().limit(20).forEach(e -> report.append("  ERROR ").append(e).append('\n'));
    changed.forEach(c -> report.append("  changed ").append(c).append('\n'));
    System.out.println(report);
    writeAll(findings, errors, changed, report.toString().lines().findFirst().orElse(""));

    // with the rest of this JVM's tests, every documented operation has had answers validated
    assertThat(ApiContract.unvalidated()).as("documented operations the sweep did not reach").isEmpty();
    assertThat(findings.byKind).as(report.toString()).isEmpty();
    assertThat(errors).as(report.toString()).isEmpty();
    assertThat(changed).as(report.toString()).isEmpty();
  }

  /** Every finding, for reading after a failed run: target/hostile-input-sweep.txt. */
  private static void writeAll(Findings findings, List<String> errors, List<String> changed, String summary) {
    StringBuilder all = new StringBuilder(summary).append('\n');
    findings.byKind.forEach((kind, list) -> list.forEach(l -> all.append(kind).append(": ").append(l).append('\n')));
    errors.forEach(e -> all.append("ERROR log: ").append(e).append('\n'));
    changed.forEach(c -> all.append("changed: ").append(c).append('\n'));
    try {
      java.nio.file.Files.writeString(java.nio.file.Path.of("target", "hostile-input-sweep.txt"), all);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- what a refusal must look like -----------------------------------------------------------

  private static void check(Operation op, Hostile h, RawHttp.Response r, Findings findings) {
    if (r.status() >= 500) {
      findings.add("5xx", op, h, r.status() + " " + RawHttp.abbreviate(r.body()));
      return;
    }
    if (r.status() < 400) {
      findings.add("accepted", op, h, String.valueOf(r.status()));
      return;
    }
    String type = r.header("Content-Type");
    if (op.console() && type != null && type.startsWith("text/html")) {
      // the console's refusal page names the code (<code>VALIDATION_FAILED</code>); a refused form, why
      if (!CONSOLE_REFUSAL.matcher(r.body()).find() && !r.body().contains("id=\"refusal\"")) {
        findings.add("not a problem", op, h, r.status() + " page without a code: " + RawHttp.abbreviate(r.body()));
      }
      if (r.status() == 405 && r.header("Allow") == null) {
        findings.add("header", op, h, "405 without Allow");
      }
      return;
    }
    if (type == null || !type.startsWith("application/problem+json")) {
      findings.add("not a problem", op, h, r.status() + " " + type + " " + RawHttp.abbreviate(r.body()));
      return;
    }
    JsonNode problem;
    try {
      problem = STRICT.readTree(r.body());
    } catch (RuntimeException e) {
      findings.add("not a problem", op, h, "malformed problem JSON: " + e.getMessage().lines().findFirst().orElse(""));
      return;
    }
    if (!problem.isObject() || !CODE.matcher(problem.path("code").asString("")).matches()
        || problem.path("status").asInt(-1) != r.status() || !problem.path("status").isNumber()
        || problem.path("title").asString("").isBlank() || problem.path("type").asString("").isBlank()) {
      findings.add("not a problem", op, h, "incomplete problem: " + RawHttp.abbreviate(r.body()));
      return;
    }
    // a 401 says how to authenticate (RFC 9110): with a bearer token on the API
    if (r.status() == 401 && (r.header("WWW-Authenticate") == null
        || op.pattern().startsWith("/api/") && !r.header("WWW-Authenticate").startsWith("Bearer"))) {
      findings.add("header", op, h, "401 without WWW-Authenticate (Bearer on the API)");
    }
    if (r.status() == 405 && r.header("Allow") == null) {
      findings.add("header", op, h, "405 without Allow");
    }
  }

  // ---- the hostile inputs of one operation -----------------------------------------------------

  private List<Hostile> hostile(Operation op, Fixture f) {
    if (op.console()) {
      return consoleHostile(op, f);
    }
    List<Hostile> out = new ArrayList<>();
    Map<String, String> auth = auth(op, f);
    String path = path(op, f, Map.of());
    Class<?> bodyType = bodyType(op);
    boolean writes = Set.of("POST", "PUT", "PATCH").contains(op.method());
    byte[] valid = writes ? json(bodyType == null ? null : sample(bodyType, f)) : null;

    // malformed query strings, everywhere
    for (String query : List.of("=x", "a=%", "a=%zz", "a=%C0%AF", "%=1", "a=%E0%A4%A")) {
      out.add(new Hostile("malformed query ?" + query, op.method(), path + "?" + query, auth, valid));
    }
    // a wrong method
    out.add(new Hostile("method PATCH", "PATCH", path, auth, null));
    if (!op.ours()) {
      return out;
    }
    // pages for a browser open with any query parameters (a link with utm_source still works)
    boolean page = Arrays.stream(op.handler().getMethodAnnotation(org.springframework.web.bind.annotation.GetMapping.class)
        == null ? new String[0] : op.handler().getMethodAnnotation(org.springframework.web.bind.annotation.GetMapping.class)
        .produces()).anyMatch(p -> p.startsWith("text/html"));
    if (!page) {
      out.add(new Hostile("unknown query parameter", op.method(), path + "?unknownParam=1", auth, valid));
    }
    for (MethodParameter p : op.handler().getMethodParameters()) {
      RequestParam rp = p.getParameterAnnotation(RequestParam.class);
      if (rp == null) {
        continue;
      }
      String name = parameterName(p, rp);
      for (String v : badParameterValues(p)) {
        out.add(new Hostile("parameter " + name + "=" + v, op.method(), path + "?" + name + "=" + v, auth, valid));
      }
    }
    // malformed path variables
    for (String variable : variables(op.pattern())) {
      for (String v : List.of("not-a-uuid", "%00", "%E2%80%AE", "%FF", "a".repeat(3000))) {
        out.add(new Hostile("path " + variable + "=" + RawHttp.abbreviate(v), op.method(),
            path(op, f, Map.of(variable, v)), auth, valid));
      }
    }
    if (op.pattern().startsWith("/api/v1/")) {
      out.add(new Hostile("no token", op.method(), path, withoutAuth(auth), valid));
      out.add(new Hostile("unknown token", op.method(), path, with(withoutAuth(auth), "Authorization",
          "Bearer not-a-token"), valid));
    }
    if (!writes) {
      return out;
    }
    out.add(new Hostile("oversize body", op.method(), path, auth,
        ("{\"pad\": \"" + "x".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8)));
    if (op.pattern().startsWith("/api/v1/") && op.method().equals("POST")) {
      out.add(new Hostile("blank Idempotency-Key", op.method(), path, with(auth, "Idempotency-Key", "   "), valid));
      out.add(new Hostile("long Idempotency-Key", op.method(), path, with(auth, "Idempotency-Key", "k".repeat(300)),
          valid));
    }
    if (bodyType == null) {
      out.add(new Hostile("body where none is taken", op.method(), path, auth, bytes("{\"unexpected\": 1}")));
      return out;
    }
    out.add(new Hostile("text/plain body", op.method(), path, with(auth, "Content-Type", "text/plain"), valid));
    for (String malformed : List.of("{not json", "[]", "null", "\"text\"", "1", "{\"a\":", "[".repeat(60_000),
        "{\"a\": 1} trailing")) {
      out.add(new Hostile("malformed body " + RawHttp.abbreviate(malformed), op.method(), path, auth,
          bytes(malformed)));
    }
    ObjectNode base = (ObjectNode) sample(bodyType, f);
    out.add(new Hostile("unknown member", op.method(), path, auth, json(base.deepCopy().put("unknownMember", 1))));
    List<Mutation> mutations = new ArrayList<>();
    mutations(bodyType, base, base, "", mutations);
    for (Mutation m : mutations) {
      out.add(new Hostile("body " + m.what(), op.method(), path, auth, m.body()));
    }
    return out;
  }

  // ---- the console's pages and forms ------------------------------------------------------------

  /** A signed-in console session: its cookie, and the CSRF token its forms carry. */
  record ConsoleSession(String cookie, String csrf) {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** Signs in through the form, as a browser does: the sign-in page's token, then the new session's. */
    static ConsoleSession of(RawHttp http, String token) {
      RawHttp.Response page = http.send("GET", "/sign-in", Map.of(), null);
      Map<String, String> jar = new LinkedHashMap<>();
      keep(jar, page);
      RawHttp.Response signedIn = http.send("POST", "/sign-in", Map.of("Cookie", cookies(jar), "Content-Type", FORM),
          bytes("_csrf=" + csrf(page) + "&token=" + encode(token)));
      assertThat(signedIn.status()).as("console sign-in").isEqualTo(302);
      keep(jar, signedIn);
      assertThat(jar).as("a session after sign-in").containsKey("ORDERLY_SESSION");
      RawHttp.Response inbox = http.send("GET", "/console/inbox", Map.of("Cookie", cookies(jar)), null);
      keep(jar, inbox);
      return new ConsoleSession(cookies(jar), csrf(inbox));
    }

    /** The cookies a response sets (the session's, the CSRF token's), over those kept so far. */
    private static void keep(Map<String, String> jar, RawHttp.Response r) {
      r.headers().getOrDefault("set-cookie", List.of()).forEach(c -> {
        String pair = c.contains(";") ? c.substring(0, c.indexOf(';')) : c;
        jar.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
      });
    }

    private static String cookies(Map<String, String> jar) {
      return jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(java.util.stream.Collectors.joining("; "));
    }

    private static String csrf(RawHttp.Response r) {
      Matcher m = CSRF.matcher(r.body());
      if (!m.find()) {
        throw new IllegalStateException("no CSRF token on the page: " + RawHttp.abbreviate(r.body()));
      }
      return m.group(1);
    }
  }

  /**
   * A console operation's hostile inputs, sent within a signed-in session of a role it allows: malformed
   * query strings and form bodies, each declared field with values that are not what it takes (in the
   * query for a page, in the form otherwise, the other fields valid), malformed path variables, a form
   * without its CSRF token, an oversize body, a wrong method. Each must be refused with a 4xx page naming
   * the code (or a problem document from the guard in front of every request), and change nothing.
   */
  private List<Hostile> consoleHostile(Operation op, Fixture f) {
    List<Hostile> out = new ArrayList<>();
    ConsoleSession session = consoleSession(op);
    Map<String, String> auth = session == null ? Map.of() : Map.of("Cookie", session.cookie());
    String path = path(op, f, Map.of());
    boolean post = op.method().equals("POST");
    Map<String, String> headers = post ? with(auth, "Content-Type", FORM) : auth;
    Map<String, String> valid = validForm(op, f);
    String csrf = session == null ? "" : "_csrf=" + encode(session.csrf()) + "&";
    byte[] body = post ? bytes(csrf + formText(valid)) : null;

    for (String query : List.of("=x", "a=%", "a=%zz", "a=%C0%AF", "%=1", "a=%E0%A4%A")) {
      out.add(new Hostile("malformed query ?" + query, op.method(), path + "?" + query, headers, body));
    }
    out.add(new Hostile("method PATCH", "PATCH", path, auth, null));
    for (Map.Entry<String, List<String>> field : consoleFields(op).entrySet()) {
      for (String v : field.getValue()) {
        if (post) {
          Map<String, String> bad = new LinkedHashMap<>(valid);
          bad.remove(field.getKey());
          out.add(new Hostile("field " + field.getKey() + "=" + RawHttp.abbreviate(v), op.method(), path, headers,
              bytes(csrf + formText(bad) + (bad.isEmpty() ? "" : "&") + field.getKey() + "=" + v)));
        } else {
          out.add(new Hostile("parameter " + field.getKey() + "=" + RawHttp.abbreviate(v), op.method(),
              path + "?" + field.getKey() + "=" + v, headers, null));
        }
      }
    }
    for (String variable : variables(op.pattern())) {
      for (String v : List.of("not-a-uuid", "%00", "%E2%80%AE", "%FF", "a".repeat(3000), UUID.randomUUID().toString())) {
        out.add(new Hostile("path " + variable + "=" + RawHttp.abbreviate(v), op.method(),
            path(op, f, Map.of(variable, v)), headers, body));
      }
    }
    if (post) {
      out.add(new Hostile("no CSRF token", op.method(), path, headers, bytes(formText(valid))));
      out.add(new Hostile("another session's CSRF token", op.method(), path, headers,
          bytes("_csrf=" + encode(consoleSessions.get(Role.ADMIN).csrf()) + "&" + formText(valid))));
      out.add(new Hostile("malformed form body", op.method(), path, headers, bytes(csrf + "a=%zz")));
      out.add(new Hostile("oversize body", op.method(), path, headers, bytes(csrf + "pad=" + "x".repeat(70 * 1024))));
    }
    return out;
  }

  /** The session of a role the operation allows (a buyer's when it names none); none for the sign-in pages. */
  private ConsoleSession consoleSession(Operation op) {
    MethodParameter actor = actorParameter(op);
    if (actor == null) {
      return null;
    }
    Allowed allowed = actor.getParameterAnnotation(Allowed.class);
    Role role = allowed == null ? Role.BUYER : allowed.value()[0];
    return consoleSessions.get(role);
  }

  /**
   * Each field of a console operation and the values it must refuse. A page's filters may be left
   * empty (an empty filter field is no filter), so blanks are refused only in forms.
   */
  private static Map<String, List<String>> consoleFields(Operation op) {
    boolean post = op.method().equals("POST");
    Map<String, List<String>> fields = new LinkedHashMap<>();
    String text = "x".repeat(5000);
    for (MethodParameter p : op.handler().getMethodParameters()) {
      RequestParam rp = p.getParameterAnnotation(RequestParam.class);
      if (rp == null) {
        continue;
      }
      if (Map.class.isAssignableFrom(p.getParameterType())) {
        // the policy editor's fields, by name
        for (String window : POLICY_WINDOWS) {
          fields.put(window + "Amount", List.of("abc", "-1", "1.5", "9999999", "%00", ""));
          fields.put(window + "Unit", List.of("WEEKS", "%00", ""));
        }
        fields.put("cancellationFeePercent", List.of("101", "1.234", "-5", "abc", "%E2%80%AE", ""));
        continue;
      }
      String name = parameterName(p, rp);
      Class<?> type = p.getParameterType();
      List<String> values = new ArrayList<>();
      if (type == int.class || type == Integer.class) {
        values.addAll(List.of("abc", "1.5", "99999999999999999999", "-1"));
      } else if (type.isEnum()) {
        values.addAll(List.of("NOT_A_VALUE", "0"));
      } else if (type == UUID.class) {
        values.add("not-a-uuid");
      } else if (type == boolean.class || type == Boolean.class) {
        values.add("maybe");
      } else if (List.class.isAssignableFrom(type)) {
        values.addAll(List.of("NOT_A_TYPE", "%00"));
      } else if (type == String.class && post) {
        values.addAll(List.of("%00", "%E2%80%AE", "%ED%A0%80", "%07", text));
      } else {
        values.addAll(List.of("%00", "%E2%80%AE", "zz-ZZ-not-a-value", text));
      }
      if (post && rp.required() && type != boolean.class) {
        values.add(""); // an optional field left empty is just not given
      }
      fields.put(name, values);
    }
    return fields;
  }

  private static final List<String> POLICY_WINDOWS = List.of("paymentWindow", "freeCancelWindow", "cancellationWindow",
      "sellerResponseWindow", "autoCompleteWindow", "paymentReminderBefore");

  /** Valid values for a console form's fields, so that the one hostile field is what is refused. */
  private static Map<String, String> validForm(Operation op, Fixture f) {
    Map<String, String> form = new LinkedHashMap<>();
    if (!op.method().equals("POST")) {
      return form;
    }
    for (MethodParameter p : op.handler().getMethodParameters()) {
      RequestParam rp = p.getParameterAnnotation(RequestParam.class);
      if (rp == null) {
        continue;
      }
      if (Map.class.isAssignableFrom(p.getParameterType())) {
        for (String window : POLICY_WINDOWS) {
          form.put(window + "Amount", "30");
          form.put(window + "Unit", "MINUTES");
        }
        form.put("cancellationFeePercent", "0");
        continue;
      }
      String name = parameterName(p, rp);
      Class<?> type = p.getParameterType();
      if (!rp.required() || type == boolean.class) {
        continue; // optional fields are left out: what the form needs is what is swept
      }
      String value;
      if (type == int.class || type == Integer.class) {
        value = "1";
      } else if (type.isEnum()) {
        value = ((Enum<?>) type.getEnumConstants()[0]).name();
      } else if (type == UUID.class) {
        value = f.product().toString();
      } else {
        value = switch (name) {
          case "acceptedFee", "price" -> "1.00";
          case "currency" -> "USD";
          case "url" -> "https://shop.example/hook";
          default -> "fine text";
        };
      }
      form.put(name, value);
    }
    return form;
  }

  /** The name a request parameter is sent as: the annotation's, else the Java parameter's. */
  private static String parameterName(MethodParameter p, RequestParam rp) {
    return !rp.name().isEmpty() ? rp.name() : !rp.value().isEmpty() ? rp.value() : p.getParameterName();
  }

  private static String formText(Map<String, String> form) {
    return form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(java.util.stream.Collectors.joining("&"));
  }

  private static List<String> badParameterValues(MethodParameter p) {
    Class<?> type = p.getParameterType();
    List<String> values = new ArrayList<>(List.of("%00", "%E2%80%AE", "x".repeat(3000)));
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      values.addAll(List.of("abc", "1.5", "99999999999999999999", "-1", "0", ""));
      Min min = p.getParameterAnnotation(Min.class);
      Max max = p.getParameterAnnotation(Max.class);
      if (min != null) {
        values.add(String.valueOf(min.value() - 1));
      }
      if (max != null) {
        values.add(String.valueOf(max.value() + 1));
      }
      values.add("501");
    } else if (type.isEnum()) {
      values.addAll(List.of("NOT_A_VALUE", "0", ""));
    } else if (type == UUID.class) {
      values.addAll(List.of("not-a-uuid", ""));
    } else if (type == Instant.class) {
      values.addAll(List.of("yesterday", "2026-13-45T00:00:00Z"));
    } else {
      values.add("zz-ZZ-not-a-value");
    }
    return values;
  }

  // ---- body mutations --------------------------------------------------------------------------

  record Mutation(String what, byte[] body) {}

  /** Mutations of each member of {@code node} (a valid instance of {@code type}), one at a time. */
  private void mutations(Class<?> type, ObjectNode root, ObjectNode node, String prefix, List<Mutation> out) {
    for (RecordComponent c : type.getRecordComponents()) {
      String member = c.getName();
      String at = prefix + member;
      Class<?> leaf = c.getType();
      boolean required = required(type, member);
      if (required) {
        out.add(new Mutation(at + " missing", json(withReplaced(root, node, member))));
        out.add(new Mutation(at + " null", jsonText(root, node, member, "null")));
      }
      // duplicate key: the member written twice, the first time with a hostile value
      out.add(new Mutation(at + " duplicated", duplicated(root, node, member)));
      for (String raw : hostileValues(leaf, c.getGenericType())) {
        out.add(new Mutation(at + " = " + RawHttp.abbreviate(raw), jsonText(root, node, member, raw)));
      }
      JsonNode value = node.get(member);
      // money is swept as a whole (its own hostile values above): "50" is a valid amount string
      if (isRecord(leaf) && leaf != dev.orderly.common.Money.class && value instanceof ObjectNode inner) {
        mutations(leaf, root, inner, at + ".", out);
      } else if (Collection.class.isAssignableFrom(leaf) && value instanceof ArrayNode array
          && !array.isEmpty() && array.get(0) instanceof ObjectNode first) {
        Class<?> element = elementType(c.getGenericType());
        if (element != null && isRecord(element)) {
          mutations(element, root, first, at + "[0].", out);
        }
      }
    }
  }

  private static List<String> hostileValues(Class<?> type, Type generic) {
    String huge = "99999999999999999999999999";
    if (type == String.class) {
      return List.of("1", "true", "{}", "[]", "\"\"", "\"   \"", "\"x\\u0000y\"", "\"x\\u202Ey\"", "\"\\ud800\"",
          "\"x\\u0007y\"", "\"" + "x".repeat(20_000) + "\"");
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return List.of("\"1\"", "true", "1.5", "1e400", huge, "-" + huge, "{}");
    }
    if (type == BigDecimal.class) {
      return List.of("\"50\"", "true", "1e400", huge, "{}");
    }
    if (type == boolean.class || type == Boolean.class) {
      return List.of("\"true\"", "1", "{}");
    }
    if (type == Duration.class) {
      return List.of("3600", "\"1 hour\"", "\"P99999999D\"", "\"-PT1H\"", "{}");
    }
    if (type == UUID.class) {
      return List.of("1", "\"not-a-uuid\"", "{}");
    }
    if (type.isEnum()) {
      String first = ((Enum<?>) type.getEnumConstants()[0]).name();
      return List.of("0", "\"NOT_A_VALUE\"", "\"" + first.toLowerCase(Locale.ROOT) + "\"", "{}");
    }
    if (Collection.class.isAssignableFrom(type)) {
      return List.of("\"x\"", "{}", "1");
    }
    if (type == dev.orderly.common.Money.class) {
      return List.of("\"12.00\"", "12", "{\"amount\": 12.5, \"currency\": \"USD\"}",
          "{\"amount\": \"10000000000000000.00\", \"currency\": \"USD\"}",
          "{\"amount\": \"1.001\", \"currency\": \"USD\"}", "{\"amount\": \"-1.00\", \"currency\": \"USD\"}",
          "{\"amount\": \"1.00\", \"currency\": \"usd\"}", "{\"amount\": \"1.00\", \"currency\": \"ZZZ\"}",
          "{\"amount\": \"1e3\", \"currency\": \"USD\"}", "{\"amount\": \"NaN\", \"currency\": \"USD\"}",
          "{\"amount\": \"1.00\"}", "{\"amount\": \"1.00\", \"currency\": \"USD\", \"extra\": 1}");
    }
    if (isRecord(type)) {
      return List.of("\"x\"", "1", "[]");
    }
    return List.of("{}");
  }

  // ---- valid samples ---------------------------------------------------------------------------

  /** A valid instance of a request type, as JSON, with the fixture's ids where an id is asked for. */
  private JsonNode sample(Class<?> type, Fixture f) {
    ObjectNode node = Api.JSON.createObjectNode();
    for (RecordComponent c : type.getRecordComponents()) {
      node.set(c.getName(), sampleValue(c.getName(), c.getType(), c.getGenericType(), f));
    }
    return node;
  }

  private JsonNode sampleValue(String name, Class<?> type, Type generic, Fixture f) {
    var json = Api.JSON.getNodeFactory();
    if (type == dev.orderly.common.Money.class) {
      return Api.JSON.createObjectNode().put("amount", "1.00").put("currency", "USD");
    }
    if (isRecord(type)) {
      if (type.getSimpleName().equals("Amount")) {
        return Api.JSON.createObjectNode().put("amount", new BigDecimal("1.00")).put("currency", "USD");
      }
      return sample(type, f);
    }
    if (Collection.class.isAssignableFrom(type)) {
      Class<?> element = elementType(generic);
      ArrayNode array = Api.JSON.createArrayNode();
      array.add(sampleValue(name, element == null ? String.class : element, element, f));
      return array;
    }
    if (type.isEnum()) {
      return json.stringNode(((Enum<?>) type.getEnumConstants()[0]).name());
    }
    if (type == UUID.class) {
      return json.stringNode(name.equals("productId") ? f.product().toString() : UUID.randomUUID().toString());
    }
    if (type == Duration.class) {
      return json.stringNode("PT45M");
    }
    if (type == boolean.class || type == Boolean.class) {
      return json.booleanNode(false);
    }
    if (type == BigDecimal.class) {
      return json.numberNode(new BigDecimal("5"));
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return json.numberNode(name.equals("duplicateCallbacks") ? 0 : 1);
    }
    return json.stringNode(switch (name) {
      case "sku" -> "SKU-" + UUID.randomUUID().toString().substring(0, 8);
      case "name" -> "n-" + UUID.randomUUID().toString().substring(0, 8);
      case "email" -> "someone@example.com";
      case "locale" -> "en";
      case "url", "callbackUrl" -> "http://127.0.0.1:9/hook";
      case "types" -> "ORDER_PAID";
      case "method" -> "CARD";
      case "mode" -> "NORMAL";
      case "latency", "callbackDelay" -> "PT0S";
      case "currency" -> "USD";
      default -> "A few words";
    });
  }

  // ---- the fixture, through the public API -----------------------------------------------------

  private Fixture fixture() {
    Api.Principal seller = api.seller();
    Api.Principal buyer = api.buyer();
    Api.Principal support = api.support();
    api.policy(seller, Map.of("paymentWindow", "PT2H", "freeCancelWindow", "PT1H", "cancellationWindow", "PT24H",
        "sellerResponseWindow", "PT48H", "cancellationFeePercent", 10));
    UUID product = api.product(seller, "10.00", 50);

    UUID refunded = paidOrder(buyer, product); // cancelled at once inside the free window: a refund
    expect(cancel(buyer, refunded), 201);
    JsonNode refunds = api.get("/api/v1/orders/" + refunded + "/refunds", buyer.token()).body();
    UUID refundId = UUID.fromString(refunds.get(0).path("id").asString());

    api.policy(seller, Map.of("freeCancelWindow", "PT0S"));
    UUID requested = paidOrder(buyer, product); // a cancellation request waiting for the seller
    Api.Response request = cancel(buyer, requested);
    expect(request, 201);

    UUID processing = paidOrder(buyer, product);
    expect(api.post("/api/v1/orders/" + processing + "/process", seller.token(), null), 200);

    UUID unpaid = api.placeOrder(buyer, product, 1).id();
    Api.Response attempt = api.post("/api/v1/orders/" + unpaid + "/payments", buyer.token(), Map.of("method", "CARD"));
    expect(attempt, 201);

    Api.Response hook = api.post("/api/v1/webhooks", seller.token(),
        Map.of("url", "http://127.0.0.1:9/hook", "types", List.of("ORDER_PAID")));
    expect(hook, 201);
    JsonNode inbox = api.get("/api/v1/inbox", buyer.token()).body();
    assertThat(inbox.size()).isPositive();
    return new Fixture(seller, buyer, support, product, unpaid, attempt.id(), attempt.text("providerReference"),
        processing, request.id(), refundId, hook.id(), UUID.fromString(inbox.get(0).path("id").asString()));
  }

  private UUID paidOrder(Api.Principal buyer, UUID product) {
    UUID order = api.placeOrder(buyer, product, 1).id();
    Api.Response attempt = api.post("/api/v1/orders/" + order + "/payments", buyer.token(), Map.of("method", "CARD"));
    expect(attempt, 201);
    api.pay(attempt.text("providerReference"), "succeed", null);
    await().atMost(Duration.ofSeconds(20)).until(() -> "PAID".equals(api.order(order, buyer).path("status").asString()));
    // the last write of the callback, after the payment's commit: the method's health hears of it
    await().atMost(Duration.ofSeconds(20)).until(() -> JdbcClient.create(dataSource)
        .sql("SELECT COUNT(*) FROM payment_method_outcomes WHERE payment_id = ?").param(attempt.id())
        .query(Long.class).single() == 1);
    return order;
  }

  /** Asks to cancel with the fee the eligibility answer showed. */
  private Api.Response cancel(Api.Principal buyer, UUID order) {
    JsonNode eligibility = api.get("/api/v1/orders/" + order + "/cancellation-eligibility", buyer.token()).body();
    Map<String, Object> body = new LinkedHashMap<>(Map.of("reason", "CHANGED_MIND"));
    if (eligibility.has("fee")) {
      body.put("acceptedFee", Map.of("amount", eligibility.path("fee").path("amount").asString(),
          "currency", eligibility.path("fee").path("currency").asString()));
    }
    return api.post("/api/v1/orders/" + order + "/cancellations", buyer.token(), body);
  }

  private static void expect(Api.Response r, int status) {
    assertThat(r.status()).as(r.raw().body()).isEqualTo(status);
  }

  // ---- operations, paths and principals --------------------------------------------------------

  private List<Operation> operations() {
    Set<String> seen = new LinkedHashSet<>();
    List<Operation> out = new ArrayList<>();
    for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class)
        .values()) {
      for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mapping.getHandlerMethods().entrySet()) {
        RequestMappingInfo info = e.getKey();
        Set<String> methods = new LinkedHashSet<>();
        info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
        if (methods.isEmpty()) {
          methods.add("GET");
        }
        for (String pattern : info.getPatternValues()) {
          for (String method : methods) {
            if (seen.add(method + " " + pattern)) {
              out.add(new Operation(method, pattern, e.getValue()));
            }
          }
        }
      }
    }
    out.sort(java.util.Comparator.comparing(Operation::name));
    return out;
  }

  private static List<String> variables(String pattern) {
    List<String> names = new ArrayList<>();
    Matcher m = VARIABLE.matcher(pattern);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The operation's path with real ids (or the given raw values) in its variables. */
  private static String path(Operation op, Fixture f, Map<String, String> raw) {
    String pattern = op.pattern().replace("/**", "/x");
    StringBuilder out = new StringBuilder();
    Matcher m = VARIABLE.matcher(pattern);
    int last = 0;
    while (m.find()) {
      String before = pattern.substring(0, m.start());
      out.append(before.substring(last));
      String name = m.group(1);
      out.append(raw.containsKey(name) ? raw.get(name) : encode(realValue(op, before, name, f)));
      last = m.end();
    }
    out.append(pattern.substring(last));
    return out.toString();
  }

  private static String realValue(Operation op, String before, String variable, Fixture f) {
    String resource = before.substring(before.lastIndexOf('/', before.length() - 2) + 1).replace("/", "");
    boolean sandbox = before.startsWith("/sandbox/");
    return switch (resource) {
      case "orders" -> String.valueOf(allows(op, Role.BUYER) || !allowsAny(op) ? f.unpaidOrder() : f.processingOrder());
      case "payments" -> sandbox ? f.providerReference() : f.paymentId().toString();
      case "cancellations" -> f.cancellationId().toString();
      case "refunds" -> f.refundId().toString();
      case "webhooks" -> f.webhookId().toString();
      case "inbox" -> f.notificationId().toString();
      case "buyers" -> f.buyer().id().toString();
      case "products" -> f.product().toString();
      case "methods" -> "GOPAY";
      case "errors" -> "NOT_FOUND";
      case "provider-callbacks" -> "sandbox";
      default -> variable.toLowerCase(Locale.ROOT).endsWith("id") ? UUID.randomUUID().toString() : "x";
    };
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static Map<String, String> auth(Operation op, Fixture f) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (op.pattern().startsWith("/sandbox/")) {
      headers.put("X-Sandbox-Key", Api.SANDBOX_KEY);
    }
    Allowed allowed = actorParameter(op) == null ? null : actorParameter(op).getParameterAnnotation(Allowed.class);
    if (actorParameter(op) == null) {
      return headers;
    }
    String token;
    if (allowed == null) {
      token = op.pattern().startsWith("/api/v1/webhooks") ? f.seller().token() : f.buyer().token();
    } else {
      List<Role> roles = Arrays.asList(allowed.value());
      token = roles.contains(Role.BUYER) ? f.buyer().token() : roles.contains(Role.SELLER) ? f.seller().token()
          : roles.contains(Role.SUPPORT) ? f.support().token() : ADMIN_TOKEN;
    }
    headers.put("Authorization", "Bearer " + token);
    return headers;
  }

  private static MethodParameter actorParameter(Operation op) {
    return Arrays.stream(op.handler().getMethodParameters()).filter(p -> p.getParameterType() == Actor.class)
        .findFirst().orElse(null);
  }

  private static boolean allowsAny(Operation op) {
    MethodParameter actor = actorParameter(op);
    return actor != null && actor.getParameterAnnotation(Allowed.class) != null;
  }

  private static boolean allows(Operation op, Role role) {
    MethodParameter actor = actorParameter(op);
    Allowed allowed = actor == null ? null : actor.getParameterAnnotation(Allowed.class);
    return allowed != null && Arrays.asList(allowed.value()).contains(role);
  }

  private static Class<?> bodyType(Operation op) {
    return Arrays.stream(op.handler().getMethodParameters())
        .filter(p -> p.hasParameterAnnotation(RequestBody.class)).map(MethodParameter::getParameterType)
        .findFirst().orElse(null);
  }

  // ---- small JSON helpers ----------------------------------------------------------------------

  private static boolean required(Class<?> record, String member) {
    try {
      Field field = record.getDeclaredField(member);
      return field.isAnnotationPresent(NotNull.class) || field.isAnnotationPresent(NotBlank.class)
          || field.isAnnotationPresent(NotEmpty.class) || field.getType().isPrimitive();
    } catch (NoSuchFieldException e) {
      return false;
    }
  }

  private static boolean isRecord(Class<?> type) {
    return type != null && type.isRecord();
  }

  private static Class<?> elementType(Type generic) {
    if (generic instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> c) {
      return c;
    }
    return null;
  }

  /** A copy of the root with {@code member} of {@code node} removed. */
  private static ObjectNode withReplaced(ObjectNode root, ObjectNode node, String member) {
    ObjectNode copy = root.deepCopy();
    locate(root, copy, node).remove(member);
    return copy;
  }

  private static final String MARKER = "__HOSTILE_VALUE__";

  /** The root as JSON text with {@code member} of {@code node} replaced by {@code raw} JSON text. */
  private static byte[] jsonText(ObjectNode root, ObjectNode node, String member, String raw) {
    ObjectNode copy = root.deepCopy();
    locate(root, copy, node).put(member, MARKER);
    return Api.JSON.writeValueAsString(copy).replace("\"" + MARKER + "\"", raw).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] duplicated(ObjectNode root, ObjectNode node, String member) {
    ObjectNode copy = root.deepCopy();
    ObjectNode target = locate(root, copy, node);
    JsonNode value = target.get(member);
    ObjectNode reordered = Api.JSON.createObjectNode();
    reordered.put(MARKER, 0);
    reordered.setAll(target);
    target.removeAll();
    target.setAll(reordered);
    String text = Api.JSON.writeValueAsString(copy);
    String first = "\"" + member + "\":" + (value.isString() ? "\"different\"" : "null");
    return text.replace("\"" + MARKER + "\":0", first).getBytes(StandardCharsets.UTF_8);
  }

  /** The node in {@code copy} at the same place as {@code node} in {@code original}. */
  private static ObjectNode locate(JsonNode original, JsonNode copy, ObjectNode node) {
    if (original == node) {
      return (ObjectNode) copy;
    }
    if (original.isObject()) {
      for (String name : original.propertyNames()) {
        ObjectNode found = locate(original.get(name), copy.get(name), node);
        if (found != null) {
          return found;
        }
      }
    } else if (original.isArray()) {
      for (int i = 0; i < original.size(); i++) {
        ObjectNode found = locate(original.get(i), copy.get(i), node);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static byte[] json(JsonNode node) {
    return node == null ? null : Api.JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> with(Map<String, String> headers, String name, String value) {
    Map<String, String> out = new LinkedHashMap<>(headers);
    out.put(name, value);
    return out;
  }

  private static Map<String, String> withoutAuth(Map<String, String> headers) {
    Map<String, String> out = new LinkedHashMap<>(headers);
    out.remove("Authorization");
    return out;
  }
}
