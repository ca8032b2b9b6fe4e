package dev.orderly.common;

import java.util.Set;

/**
 * Secrets that are written in Orderly's own documentation, README and tests: fine for a demo on
 * one's own machine, and for that reason never acceptable in production ({@link ProductionSafety}).
 * One place, so that the demo defaults and the production refusal cannot drift apart.
 */
public final class DemoSecrets {
  private DemoSecrets() {}

  /** The sandbox provider's shared secret in demo mode ({@code orderly.payment.sandbox.secret}). */
  public static final String SANDBOX_SECRET = "sandbox-demo-secret";

  /**
   * The key webhook signing secrets are stored under in demo mode when none is configured
   * ({@code orderly.webhooks.secret-key}, base64 of 32 bytes), so that demo webhooks survive a restart.
   */
  public static final String WEBHOOK_SECRET_KEY = "b3JkZXJseS1kZW1vLXdlYmhvb2stc2VjcmV0LWtleSE=";

  /** Admin tokens shown in examples, and the demo principals' tokens. */
  public static final Set<String> ADMIN_TOKENS = Set.of("change-me", "changeme", "admin", "secret", "password",
      "demo-buyer-alice", "demo-buyer-budi", "demo-buyer-li", "demo-seller-acme",
      "demo-seller-toko", "demo-support-sam");

  /** Shortest secret accepted in production, in characters. */
  public static final int MIN_PRODUCTION_LENGTH = 16;
}
