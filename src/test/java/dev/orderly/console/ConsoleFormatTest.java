package dev.orderly.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.common.Money;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Money in the viewer's locale with the digits Orderly keeps; times in the viewer's zone, named. */
class ConsoleFormatTest {

  private static final Locale ID = Locale.forLanguageTag("id");

  @Test
  void moneyIsWrittenTheWayEachLanguageWritesIt() {
    assertThat(new ConsoleFormat(Locale.ENGLISH, ZoneOffset.UTC).money(Money.of("1234.50", "USD"))).isEqualTo("$1,234.50");
    assertThat(new ConsoleFormat(ID, ZoneOffset.UTC).money(Money.of("185000", "IDR")))
        .isEqualTo("Rp185.000");
    assertThat(new ConsoleFormat(Locale.SIMPLIFIED_CHINESE, ZoneOffset.UTC).money(Money.of("88.00", "CNY")))
        .isEqualTo("¥88.00");
    assertThat(new ConsoleFormat(ID, ZoneOffset.UTC).money(Money.of("12.50", "USD"))).isEqualTo("US$12,50");
    assertThat(new ConsoleFormat(Locale.ENGLISH, ZoneOffset.UTC).money(Money.of("1500", "JPY"))).isEqualTo("¥1,500");
    assertThat(new ConsoleFormat(Locale.ENGLISH, ZoneOffset.UTC).money(null)).isEmpty();
  }

  @Test
  void timesAreInTheViewersZoneAndSayWhichZone() {
    Instant at = Instant.parse("2026-12-01T17:30:00Z");
    assertThat(new ConsoleFormat(Locale.ENGLISH, ZoneId.of("Asia/Jakarta")).time(at))
        .contains("Dec 2, 2026").contains("12:30").endsWith("(Asia/Jakarta)");
    assertThat(new ConsoleFormat(Locale.ENGLISH, ZoneId.of("America/New_York")).date(at)).isEqualTo("Dec 1, 2026");
  }

  @Test
  void theCountdownWithoutJavaScriptShowsWhatIsLeftAndNeverANegative() {
    ConsoleFormat f = new ConsoleFormat(Locale.ENGLISH, ZoneOffset.UTC);
    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    assertThat(f.left(now.plusSeconds(29 * 60 + 59), now)).isEqualTo("29:59");
    assertThat(f.left(now.plusSeconds(3 * 3600 + 62), now)).isEqualTo("3:01:02");
    assertThat(f.left(now.minusSeconds(5), now)).isEqualTo("0:00");
  }

  @Test
  void actorsAreNamedByKindForThoseWhoDoNotReadIds() {
    ConsoleFormat f = new ConsoleFormat(Locale.ENGLISH, ZoneOffset.UTC);
    assertThat(f.actorKind("buyer:01a2-…")).isEqualTo("buyer");
    assertThat(f.actorKind("system:payment-deadline")).isEqualTo("system");
    assertThat(f.actorKind("admin")).isEqualTo("admin");
    assertThat(f.actorKind("robot:x")).isEqualTo("other");
  }
}
