package dev.orderly.common;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Production refuses to start with a secret anyone can read in Orderly's documentation (PRODUCT.md,
 * Access): the admin token, the sandbox provider's secret while the sandbox runs, the webhook key.
 * Checked before any bean exists, so nothing listens on a port with an unsafe setting, and
 * reported as Spring Boot's start-up failure report naming the setting.
 */
@Configuration(proxyBeanMethods = false)
class ProductionSafety {

  @Bean
  static BeanFactoryPostProcessor productionSafetyCheck(Environment environment) {
    check(environment);
    return beanFactory -> { };
  }

  static void check(Environment env) {
    if (OrderlyMode.of(env) != OrderlyMode.PRODUCTION) {
      return;
    }
    requireOwnSecret("orderly.admin-token", env.getProperty("orderly.admin-token"),
        DemoSecrets.ADMIN_TOKENS.contains(strip(env.getProperty("orderly.admin-token"))),
        "Set orderly.admin-token (env ORDERLY_ADMIN_TOKEN) to a random secret of your own, e.g. `openssl rand -hex 24`.");
    if (OrderlyMode.sandboxEnabled(env)) {
      String secret = env.getProperty("orderly.payment.sandbox.secret");
      requireOwnSecret("orderly.payment.sandbox.secret", secret, DemoSecrets.SANDBOX_SECRET.equals(strip(secret)),
          "orderly.payment.sandbox.enabled=true runs the sandbox provider in production: give it a secret of your own"
              + " in orderly.payment.sandbox.secret, or leave the sandbox off.");
    }
    String webhookKey = strip(env.getProperty("orderly.webhooks.secret-key"));
    if (DemoSecrets.WEBHOOK_SECRET_KEY.equals(webhookKey)) {
      throw new UnsafeConfigurationException("orderly.webhooks.secret-key", "is the documented demo key",
          "Set orderly.webhooks.secret-key (env ORDERLY_WEBHOOK_SECRET_KEY) to base64 of 32 random bytes of your own,"
              + " e.g. `openssl rand -base64 32`.");
    }
  }

  private static void requireOwnSecret(String setting, String value, boolean documented, String action) {
    String v = strip(value);
    if (v.isEmpty()) {
      throw new UnsafeConfigurationException(setting, "must be set when orderly.mode=production", action);
    }
    if (documented) {
      throw new UnsafeConfigurationException(setting, "is a documented default secret", action);
    }
    if (Text.length(v) < DemoSecrets.MIN_PRODUCTION_LENGTH) {
      throw new UnsafeConfigurationException(setting, "is shorter than " + DemoSecrets.MIN_PRODUCTION_LENGTH
          + " characters", action);
    }
  }

  private static String strip(String value) {
    return value == null ? "" : value.strip();
  }
}
