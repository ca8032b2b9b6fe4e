package dev.orderly.console;

import dev.orderly.common.Money;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How one viewer sees values: money in the viewer's locale's format (the amount's own currency,
 * with the digits Orderly keeps for it), times in the viewer's time zone with the zone named.
 * Templates reach it as {@code fmt}. Plain Java: the console's only formatting rules, unit-tested.
 */
public final class ConsoleFormat {

  private final Locale locale;
  private final ZoneId zone;
  private final DateTimeFormatter dateTime;
  private final DateTimeFormatter date;

  public ConsoleFormat(Locale locale, ZoneId zone) {
    this.locale = locale;
    this.zone = zone;
    this.dateTime = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale)
        .withZone(zone);
    this.date = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).withZone(zone);
  }

  public ZoneId zone() {
    return zone;
  }

  /** {@code US$12.50} for en, {@code US$12.50} for zh-CN, {@code Rp185.000} for id; "" for none. */
  public String money(@Nullable Money money) {
    if (money == null) {
      return "";
    }
    NumberFormat format = NumberFormat.getCurrencyInstance(locale);
    try {
      format.setCurrency(Currency.getInstance(money.currency()));
    } catch (IllegalArgumentException notIso) {
      return money.amount().toPlainString() + " " + money.currency();
    }
    // the digits the amount is kept with: 12.50 USD, 185000 IDR (paid in whole rupiah), 1500 JPY
    int digits = Math.min(Math.max(0, money.amount().scale()), 4);
    format.setMinimumFractionDigits(digits);
    format.setMaximumFractionDigits(digits);
    return format.format(money.amount());
  }

  /** A moment in the viewer's zone, with the zone: {@code Dec 1, 2026, 9:30 AM (Asia/Jakarta)}. */
  public String time(@Nullable Instant at) {
    return at == null ? "" : dateTime.format(at) + " (" + zone.getId() + ")";
  }

  /** A day in the viewer's zone: {@code Dec 8, 2026}. */
  public String date(@Nullable Instant at) {
    return at == null ? "" : date.format(at);
  }

  /** For {@code <time datetime>} and the countdown script: the instant in ISO-8601, UTC. */
  public String iso(@Nullable Instant at) {
    return at == null ? "" : at.toString();
  }

  /** Milliseconds since the epoch, for the countdown script. */
  public long millis(Instant at) {
    return at.toEpochMilli();
  }

  private static final java.util.Set<String> ACTOR_KINDS =
      java.util.Set.of("buyer", "seller", "support", "admin", "system", "provider");

  /**
   * Who acted, by kind, from a timeline's actor label ({@code buyer:<id>}, {@code system:<name>},
   * {@code provider:<name>}, {@code admin}; see {@code SystemActor}): the {@code actor.<kind>} text
   * buyers and sellers read instead of ids.
   */
  public String actorKind(String label) {
    int colon = label.indexOf(':');
    String kind = colon < 0 ? label : label.substring(0, colon);
    return ACTOR_KINDS.contains(kind) ? kind : "other";
  }

  /** What is left until {@code at}, as the countdown shows it without JavaScript: {@code 1:02:03}, or 0:00. */
  public String left(Instant at, Instant now) {
    Duration d = Duration.between(now, at);
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    long h = d.toHours();
    return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, d.toMinutesPart(), d.toSecondsPart())
        : String.format(Locale.ROOT, "%d:%02d", d.toMinutes(), d.toSecondsPart());
  }
}
