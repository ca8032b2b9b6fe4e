package dev.orderly.web;

import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Refusals;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;

/**
 * The OpenAPI document at {@code /v3/api-docs}, made true of what the server does: the bearer
 * token as a security scheme (the principal is not a parameter), public operations marked public,
 * every refusal an operation can answer listed by status with its codes as an RFC 9457 problem,
 * and the text rule every request string follows ({@link dev.orderly.common.Text}) as a pattern.
 * Linted with Redocly's recommended rules and Spectral's {@code spectral:oas} in CI; the API tests
 * validate every response they receive against it.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

  static final String BEARER = "bearer";
  static final String SANDBOX_KEY = "sandboxKey";
  static final String PROBLEM = "Problem";
  static final String PROBLEM_JSON = "application/problem+json";

  /**
   * {@link dev.orderly.common.Text} as an ECMA-262 pattern: not blank; no control characters but
   * tab and line breaks; no bidirectional controls; no noncharacters U+FFFE/U+FFFF.
   */
  static final String TEXT_PATTERN =
      "^(?!\\s*$)[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069\\uFFFE\\uFFFF]*$";

  static {
    // the principal comes from the bearer token (the security scheme), not from a query parameter
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(Actor.class, Locale.class);
  }

  @Bean
  OpenAPI orderlyOpenApi() {
    return new OpenAPI()
        .info(new Info().title("Orderly API").version("v1")
            .description("""
                The order-lifecycle service: placement to completion or cancellation, with payments, \
                cancellations, refunds, notifications and webhooks. Every call under /api/v1 needs \
                `Authorization: Bearer <token>`. Every refusal is an RFC 9457 problem document \
                (`application/problem+json`) with a stable `code`, documented at /errors/{code}; a 400 \
                names the offending member in `errors`. Money is `{"amount": "12.50", "currency": "USD"}` \
                in the currency's payable unit; durations are ISO-8601; times are UTC instants. Lists \
                take `limit` (1-200, default 50). Every POST honours an `Idempotency-Key`.""")
            .contact(new Contact().name("Orderly"))
            .license(new License().name("Proprietary")))
        .components(new Components()
            .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("A principal's token (demo mode prints the demo tokens at start)."))
            .addSecuritySchemes(SANDBOX_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER).name("X-Sandbox-Key")
                .description("The sandbox provider's shared merchant key (orderly.payment.sandbox.secret)."))
            .addSchemas(PROBLEM, problemSchema()))
        .addSecurityItem(new SecurityRequirement().addList(BEARER))
        // relative: the document describes the instance that serves it, whatever its address
        .servers(List.of(new Server().url("/").description("this Orderly instance")))
        .addTagsItem(new Tag().name("Provider callbacks")
            .description("Where payment providers tell Orderly about payments, each verified the provider's own way."));
  }

  private static Schema<?> problemSchema() {
    Schema<?> error = new ObjectSchema()
        .addProperty("field", new StringSchema().description("the offending member: a body member such as "
            + "items[0].quantity, a query parameter or a header; empty for the request as a whole"))
        .addProperty("message", new StringSchema().description("what it must be"))
        .required(List.of("field", "message"));
    Schema<?> problem = new ObjectSchema()
        .description("An RFC 9457 problem document. Extension members (orderStatus, eligibility, nextSteps, "
            + "workingMethods, retryAfter...) depend on the code.")
        .addProperty("type", new StringSchema().format("uri-reference").description("/errors/{code}, or about:blank"))
        .addProperty("title", new StringSchema().description("short, in the caller's language"))
        .addProperty("status", new IntegerSchema().description("the HTTP status"))
        .addProperty("detail", new StringSchema().description("what it means, in the caller's language"))
        .addProperty("instance", new StringSchema().format("uri-reference"))
        .addProperty("code", new StringSchema().pattern("^[A-Z][A-Z0-9_]*$").description("the stable code"))
        .addProperty("reason", new StringSchema().description("why, in English, for logs and developers"))
        .addProperty("errors", new ArraySchema().items(error).description("the offending members of a 400"))
        .required(List.of("type", "title", "status", "code"));
    problem.setAdditionalProperties(Boolean.TRUE);
    return problem;
  }

  /** Security per operation, and its refusals as problem responses by status. */
  @Bean
  OperationCustomizer refusalsAndSecurity(MessageSource messages) {
    return (operation, handler) -> {
      Shape shape = Shape.of(handler);
      if (!shape.bearer()) {
        operation.setSecurity(shape.merchantKey()
            ? List.of(new SecurityRequirement().addList(SANDBOX_KEY)) : List.of());
      }
      if (shape.merchantKey() && operation.getParameters() != null) {
        operation.getParameters().removeIf(p -> "header".equals(p.getIn()) && "X-Sandbox-Key".equals(p.getName()));
      }
      ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
      shape.refusals().forEach((status, codes) -> responses.addApiResponse(String.valueOf(status),
          problemResponse(codes, shape.sandbox(), messages)));
      operation.setResponses(responses);
      return operation;
    };
  }

  private static ApiResponse problemResponse(Set<String> codes, boolean sandbox, MessageSource messages) {
    String description = codes.stream().map(code -> sandbox ? code : code + ": "
        + messages.getMessage("error." + code + ".title", null, code, Locale.ENGLISH))
        .collect(Collectors.joining("; "));
    Schema<?> schema = new Schema<>().$ref("#/components/schemas/" + PROBLEM);
    if (!sandbox) {
      // the Problem with only the codes this status carries for this operation: another code is not true
      StringSchema code = new StringSchema();
      codes.forEach(code::addEnumItem);
      schema = problemSchema().description(null);
      schema.getProperties().put("code", code.description("the stable code"));
    }
    return new ApiResponse().description(description)
        .content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(schema)));
  }

  /**
   * The contact and licence point at this instance's start page, which says who runs it and under
   * what licence: absolute, as OpenAPI 3.0 wants. The document is made on its first request, once
   * the address is known.
   */
  @Bean
  OpenApiCustomizer startPageLinks(SelfAddress self) {
    return openApi -> {
      openApi.getInfo().getContact().setUrl(self.baseUrl() + "/");
      openApi.getInfo().getLicense().setUrl(self.baseUrl() + "/#licence");
    };
  }

  /** Request strings follow the text rule; every schema a request body reaches gets the pattern. */
  @Bean
  OpenApiCustomizer requestText() {
    return openApi -> {
      Map<String, Schema> schemas = openApi.getComponents() == null ? null : openApi.getComponents().getSchemas();
      if (schemas == null || openApi.getPaths() == null) {
        return;
      }
      Set<String> requestSchemas = new HashSet<>();
      openApi.getPaths().values().forEach(path -> path.readOperations().forEach(op -> {
        if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
          op.getRequestBody().getContent().values().forEach(m -> collect(m.getSchema(), schemas, requestSchemas));
        }
      }));
      requestSchemas.forEach(name -> textRule(schemas.get(name)));
    };
  }

  private static void collect(Schema<?> schema, Map<String, Schema> schemas, Set<String> seen) {
    if (schema == null) {
      return;
    }
    if (schema.get$ref() != null) {
      String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
      if (seen.add(name)) {
        collect(schemas.get(name), schemas, seen);
      }
      return;
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(p -> collect(p, schemas, seen));
    }
    collect(schema.getItems(), schemas, seen);
  }

  private static void textRule(Schema<?> schema) {
    if (schema == null || schema.getProperties() == null) {
      return;
    }
    for (Schema<?> p : schema.getProperties().values()) {
      Schema<?> target = p.getItems() != null ? p.getItems() : p;
      boolean string = "string".equals(target.getType()) || (target.getTypes() != null && target.getTypes().contains("string"));
      if (string && target.getEnum() == null && target.getFormat() == null && target.getPattern() == null) {
        target.setPattern(TEXT_PATTERN);
        if (target.getMinLength() == null || target.getMinLength() < 1) {
          target.setMinLength(1); // blank text is refused; an optional member is left out instead
        }
      }
    }
  }

  /** What an operation's handler says about how it is called and what it can refuse. */
  record Shape(boolean bearer, boolean merchantKey, boolean sandbox, Map<Integer, Set<String>> refusals) {

    static Shape of(HandlerMethod handler) {
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
      boolean sandbox = handler.getBeanType().getPackageName().endsWith(".sandbox");
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
      return new Shape(bearer, merchantKey, sandbox, refusals);
    }

    private static String first(RequestMapping mapping) {
      return mapping == null || mapping.path().length == 0 ? "" : mapping.path()[0];
    }

    private static void add(Map<Integer, Set<String>> refusals, int status, String... codes) {
      refusals.computeIfAbsent(status, s -> new LinkedHashSet<>()).addAll(List.of(codes));
    }
  }
}
