package dev.orderly.access;

import dev.orderly.common.OrderlyMode;
import dev.orderly.common.UnsafeConfigurationException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The admin token: configured ({@code orderly.admin-token} / {@code ORDERLY_ADMIN_TOKEN}); in demo
 * mode one is generated when none is set, and printed with the demo tokens at start; in
 * production mode start-up fails without one (see {@code ProductionSafety}).
 */
@Component
class AccessProperties {

  private final String adminTokenHash;
  private final String generated;

  AccessProperties(@Value("${orderly.admin-token:}") String adminToken, Environment environment) {
    String token = adminToken;
    String made = null;
    if (token == null || token.isBlank()) {
      if (OrderlyMode.of(environment) != OrderlyMode.DEMO) {
        throw new UnsafeConfigurationException("orderly.admin-token", "must be set when orderly.mode=production",
            "Set orderly.admin-token (env ORDERLY_ADMIN_TOKEN) to a random secret of your own.");
      }
      byte[] bytes = new byte[18];
      new SecureRandom().nextBytes(bytes);
      made = "admin_" + HexFormat.of().formatHex(bytes);
      token = made;
    }
    this.generated = made;
    this.adminTokenHash = Tokens.hash(token.strip());
  }

  String adminTokenHash() {
    return adminTokenHash;
  }

  /** The token generated for this run (demo mode without a configured one). */
  Optional<String> generatedAdminToken() {
    return Optional.ofNullable(generated);
  }
}
