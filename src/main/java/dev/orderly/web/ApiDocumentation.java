package dev.orderly.web;

import dev.orderly.access.Actor;
import dev.orderly.common.SelfAddress;
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
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs}, made true of what the server does: the bearer
 * token as a security scheme (the principal is not a parameter), public operations marked public,
 * every refusal an operation can answer listed by status with its codes as an RFC 9457 problem
 * ({@link OperationShape}), and the text rule as a pattern ({@link RequestTextRule}).
 * Linted with Redocly's recommended rules and Spectral's {@code spectral:oas} in CI; the API tests
 * validate every response they receive against it.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

  static final String BEARER = "bearer";
  static final String SANDBOX_KEY = "sandboxKey";
  static final String PROBLEM = "Problem";
  static final String PROBLEM_JSON = "application/problem+json";

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
      OperationShape shape = OperationShape.of(handler);
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
   * The contact and licence point at this instance's sign-in page ({@code /}), which says who runs it and under
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

}
