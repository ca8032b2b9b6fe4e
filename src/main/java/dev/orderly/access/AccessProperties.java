package dev.orderly.access;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The admin token: configured ({@code orderly.admin-token} / {@code ORDERLY_ADMIN_TOKEN}); in demo
 * mode one is generated and printed when none is set; in production mode start-up fails without it.
 */
@Component
class AccessProperties {
  private static final Logger log = LoggerFactory.getLogger(AccessProperties.class);

  private final String adminTokenHash;

  AccessProperties(@Value("${orderly.admin-token:}") String adminToken, @Value("${orderly.mode:demo}") String mode) {
    String token = adminToken;
    if (token == null || token.isBlank()) {
      if (!"demo".equals(mode)) {
        throw new IllegalStateException(
            "orderly.admin-token (env ORDERLY_ADMIN_TOKEN) must be set when orderly.mode=" + mode);
      }
      byte[] bytes = new byte[18];
      new SecureRandom().nextBytes(bytes);
      token = "admin_" + HexFormat.of().formatHex(bytes);
      log.warn("No orderly.admin-token set; demo admin token for this run: {}", token);
    }
    this.adminTokenHash = Tokens.hash(token);
  }

  String adminTokenHash() {
    return adminTokenHash;
  }
}
