package dev.orderly.common;

import java.util.Locale;
import org.springframework.core.env.Environment;

/**
 * How this instance runs ({@code orderly.mode}). {@code demo} (the default) seeds demo principals
 * and products, generates an admin token when none is set, and runs the sandbox payment provider
 * with its buyer actions and pay page. {@code production} seeds nothing, runs no sandbox unless
 * {@code orderly.payment.sandbox.enabled=true} (and never its buyer actions), and refuses to start
 * with a missing or documented default secret ({@link ProductionSafety}).
 */
public enum OrderlyMode {
  DEMO, PRODUCTION;

  public static final String PROPERTY = "orderly.mode";

  public static OrderlyMode of(Environment environment) {
    String value = environment.getProperty(PROPERTY, "demo").strip();
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "demo" -> DEMO;
      case "production" -> PRODUCTION;
      default -> throw new UnsafeConfigurationException(PROPERTY, "is '" + value + "'",
          "Set " + PROPERTY + " to demo or production.");
    };
  }

  /**
   * Whether the sandbox payment provider runs: in demo mode unless switched off, in production
   * only when switched on ({@code orderly.payment.sandbox.enabled}).
   */
  public static boolean sandboxEnabled(Environment environment) {
    return environment.getProperty("orderly.payment.sandbox.enabled", Boolean.class, of(environment) == DEMO);
  }
}
