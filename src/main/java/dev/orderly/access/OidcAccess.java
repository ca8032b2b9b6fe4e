package dev.orderly.access;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.UnsafeConfigurationException;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.Locale;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * {@code orderly.access.mode=oidc}: the shop platform's OpenID Connect provider vouches for buyers,
 * sellers and support agents with JWTs, besides Orderly's own tokens. The token is checked by
 * Spring Security's resource-server JWT support, configured with Spring Boot's settings
 * ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, required, and optionally
 * {@code jwk-set-uri}, {@code audiences}, {@code jws-algorithms}): its signature against the
 * provider's keys, its issuer, its expiry. A token failing any of them is {@code 401
 * UNAUTHENTICATED}, like an unknown token. {@link JwtActors} turns a valid one into an actor.
 *
 * <p>The admin stays the configured admin token in this mode too (a provider's token is never the
 * admin), so production still refuses to start without one of the operator's own.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = AccessMode.PROPERTY, havingValue = "oidc")
class OidcAccess {

  static final String ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";
  static final String JWK_SET_URI = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri";

  /** The JWT provider, or a refused start when the provider is not configured. */
  static AuthenticationProvider provider(PrincipalService principals, Environment environment,
      ObjectProvider<JwtDecoder> jwtDecoder) {
    JwtDecoder decoder = jwtDecoder.getIfAvailable();
    if (decoder == null || environment.getProperty(ISSUER_URI, "").isBlank()) {
      throw new UnsafeConfigurationException(ISSUER_URI, "must be set when " + AccessMode.PROPERTY + "=oidc",
          "Set " + ISSUER_URI + " to the shop platform's OpenID Connect issuer (and " + JWK_SET_URI
              + " if its keys are not found from the issuer's discovery document).");
    }
    JwtAuthenticationProvider jwts = new JwtAuthenticationProvider(decoder);
    jwts.setJwtAuthenticationConverter(new JwtActors(principals,
        environment.getProperty("orderly.access.oidc.principal-claim", "sub"),
        environment.getProperty("orderly.access.oidc.role-claim", "orderly_role")));
    return jwts;
  }

  /**
   * The API document tells the truth in this mode: a provider's token naming no Orderly role is
   * refused with {@code 403 FORBIDDEN} by every operation that takes a token, not only by the ones
   * restricted to some roles.
   */
  @Bean
  OpenApiCustomizer forbiddenWithoutRole(MessageSource messages) {
    String forbidden = ErrorCode.FORBIDDEN.name();
    String description = forbidden + ": " + messages.getMessage("error." + forbidden + ".title", null, forbidden,
        Locale.ENGLISH);
    return openApi -> openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
      if (operation.getResponses() != null && operation.getResponses().containsKey("401")
          && !operation.getResponses().containsKey("403")) {
        operation.getResponses().addApiResponse("403", new ApiResponse().description(description)
            .content(new Content().addMediaType("application/problem+json",
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")))));
      }
    }));
  }
}
