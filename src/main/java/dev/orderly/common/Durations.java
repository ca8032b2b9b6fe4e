package dev.orderly.common;

import java.time.Duration;

/** How Orderly writes a duration everywhere (JSON, problem members, messages): ISO-8601, whole days as days. */
public final class Durations {
  private Durations() {}

  /** {@code P7D} rather than {@code PT168H}: whole days as days, the rest as Java writes it ({@code P1DT2H}). */
  public static String iso(Duration d) {
    if (d.isNegative() || d.toDays() == 0) {
      return d.toString();
    }
    Duration rest = d.minusDays(d.toDays());
    return "P" + d.toDays() + "D" + (rest.isZero() ? "" : rest.toString().substring(1));
  }
}
