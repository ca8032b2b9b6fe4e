package dev.orderly.access;

import dev.orderly.common.UnsafeConfigurationException;
import java.util.Locale;
import org.springframework.core.env.Environment;

/**
 * How callers of {@code /api/v1} authenticate ({@code orderly.access.mode}). {@code tokens} (the
 * default): Orderly's own opaque bearer tokens, the admin's from configuration and the principals'
 * the admin created. {@code oidc}: those, and also the JWTs of the shop platform's OpenID Connect
 * provider ({@link JwtActors}). Any other value refuses to start.
 */
enum AccessMode {
  TOKENS, OIDC;

  static final String PROPERTY = "orderly.access.mode";

  static AccessMode of(Environment environment) {
    String value = environment.getProperty(PROPERTY, "tokens").strip();
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "tokens" -> TOKENS;
      case "oidc" -> OIDC;
      default -> throw new UnsafeConfigurationException(PROPERTY, "is '" + value + "'",
          "Set " + PROPERTY + " to tokens (Orderly's own bearer tokens) or oidc (also the shop platform's JWTs).");
    };
  }
}
