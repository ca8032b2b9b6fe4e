package dev.orderly.restriction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PRODUCT.md rule 9, row by row, with the default settings: 3 orders expired unpaid within 30 days
 * restrict the buyer for 7 days from the third. Times are days (fractions allowed) after day 0.
 */
class RestrictionRulesTest {

  static final Instant DAY_0 = Instant.parse("2026-03-01T00:00:00Z");
  static final RestrictionRules RULES = new RestrictionRules(3, Duration.ofDays(30), Duration.ofDays(7), 5);

  static Instant day(double d) {
    return DAY_0.plus(Duration.ofMillis(Math.round(d * 86_400_000)));
  }

  static List<Instant> days(double... ds) {
    return Arrays.stream(ds).mapToObj(RestrictionRulesTest::day).toList();
  }

  static final Double NOT_LIFTED = null;
  static final Double NOT_RESTRICTED = null;

  /** case | expiries (days) | last lift (day) | now (day) | restricted until (day) | expired in window */
  static Stream<Arguments> table() {
    return Stream.of(
        row("no expiries", days(), NOT_LIFTED, 10, NOT_RESTRICTED, 0),
        row("one expiry", days(1), NOT_LIFTED, 10, NOT_RESTRICTED, 1),
        row("two expiries: one short of the limit", days(1, 2), NOT_LIFTED, 10, NOT_RESTRICTED, 2),
        row("three within the window: restricted from the third", days(1, 2, 3), NOT_LIFTED, 3, 10.0, 3),
        row("the same, a day later", days(1, 2, 3), NOT_LIFTED, 4, 10.0, 3),
        row("listed in any order", days(3, 1, 2), NOT_LIFTED, 4, 10.0, 3),
        row("until is exclusive: free again at the end", days(1, 2, 3), NOT_LIFTED, 10, NOT_RESTRICTED, 3),
        row("a moment before the end", days(1, 2, 3), NOT_LIFTED, 9.999, 10.0, 3),
        row("the third falls just inside the window", days(0, 1, 29.999), NOT_LIFTED, 30, 36.999, 2),
        row("the third falls exactly one window later: too far apart", days(0, 1, 30), NOT_LIFTED, 30, NOT_RESTRICTED, 2),
        row("three spread wider than the window", days(0, 20, 40), NOT_LIFTED, 41, NOT_RESTRICTED, 2),
        row("sliding window: the 2nd, 3rd and 4th are close", days(0, 20, 40, 45), NOT_LIFTED, 46, 52.0, 3),
        row("sliding window: old expiries have left it", days(0, 1, 2, 40), NOT_LIFTED, 41, NOT_RESTRICTED, 1),
        row("restricted long ago, over since", days(0, 1, 2), NOT_LIFTED, 9, NOT_RESTRICTED, 3),
        row("an expiry during the restriction extends it", days(1, 2, 3, 6), NOT_LIFTED, 7, 13.0, 4),
        row("five close together: the last one counts", days(1, 1.5, 2, 2.5, 3), NOT_LIFTED, 4, 10.0, 5),
        row("an expiry later than now is not counted yet", days(1, 2, 3.5), NOT_LIFTED, 3, NOT_RESTRICTED, 2),
        row("lift: earlier expiries no longer count", days(1, 2, 3), 4.0, 5, NOT_RESTRICTED, 0),
        row("lift: two after it are not enough", days(1, 2, 3, 5, 6), 4.0, 7, NOT_RESTRICTED, 2),
        row("lift: three after it restrict again", days(1, 2, 3, 5, 6, 7), 4.0, 8, 14.0, 3),
        row("lift: an expiry at the lift's moment does not count", days(1, 2, 3, 4, 5), 3.0, 6, NOT_RESTRICTED, 2),
        row("lift before the expiries changes nothing", days(5, 6, 7), 4.0, 8, 14.0, 3),
        row("expiredCount counts the window ending now", days(1, 2, 3, 40), NOT_LIFTED, 41, NOT_RESTRICTED, 1));
  }

  static Arguments row(String name, List<Instant> expiries, Double liftedAt, double now, Double until, int inWindow) {
    return Arguments.of(name, expiries, liftedAt == null ? null : day(liftedAt), day(now),
        until == null ? null : day(until), inWindow);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void restriction(String name, List<Instant> expiries, Instant liftedAt, Instant now, Instant until, int inWindow) {
    assertThat(RULES.restrictedUntil(expiries, liftedAt, now)).as("restricted until").isEqualTo(until);
    assertThat(RULES.expiredInWindow(expiries, liftedAt, now)).as("expired in the window").isEqualTo(inWindow);
  }

  /** max-expired | expiries (days) | now (day) | restricted until (day) */
  static Stream<Arguments> limits() {
    return Stream.of(
        Arguments.of(1, days(5), day(5), day(12)),
        Arguments.of(1, days(5), day(12), null),
        Arguments.of(2, days(5), day(6), null),
        Arguments.of(2, days(5, 6), day(6), day(13)),
        Arguments.of(4, days(1, 2, 3), day(4), null),
        Arguments.of(4, days(1, 2, 3, 4), day(4), day(11)));
  }

  @ParameterizedTest(name = "max-expired {0}, expiries {1}, now {2}")
  @MethodSource("limits")
  void otherLimits(int maxExpired, List<Instant> expiries, Instant now, Instant until) {
    RestrictionRules rules = new RestrictionRules(maxExpired, Duration.ofDays(30), Duration.ofDays(7), 5);
    assertThat(rules.restrictedUntil(expiries, null, now)).isEqualTo(until);
  }

  @Test
  void onlyExpiriesAfterTheLookbackCanRestrictNow() {
    Instant now = day(100);
    assertThat(RULES.lookback(now)).isEqualTo(day(63));
    // the earliest restriction still in force: its third expiry just after now - duration, the first
    // just inside the window before it
    List<Instant> earliest = List.of(day(63).plusMillis(2), day(80), day(93).plusMillis(1));
    assertThat(RULES.restrictedUntil(earliest, null, now)).isEqualTo(day(100).plusMillis(1));

    // leaving out what the lookback leaves out never changes the answer
    java.util.Random random = new java.util.Random(42);
    for (int round = 0; round < 2_000; round++) {
      List<Instant> expiries = Stream.generate(() -> day(50 + random.nextDouble() * 50)).limit(random.nextInt(10)).toList();
      Instant lookback = RULES.lookback(now);
      List<Instant> recent = expiries.stream().filter(t -> t.isAfter(lookback)).toList();
      assertThat(RULES.restrictedUntil(recent, null, now)).as("expiries %s", expiries)
          .isEqualTo(RULES.restrictedUntil(expiries, null, now));
    }
  }

  @Test
  void withTooFewExpiriesTheLiftNeedNotBeRead() {
    // placement reads the last lift only when couldBeRestricted: whatever the lift, fewer expiries
    // than max-expired never restrict
    java.util.Random random = new java.util.Random(7);
    Instant now = day(100);
    for (int round = 0; round < 2_000; round++) {
      List<Instant> expiries = Stream.generate(() -> day(60 + random.nextDouble() * 40)).limit(random.nextInt(6)).toList();
      Instant liftedAt = random.nextBoolean() ? null : day(60 + random.nextDouble() * 40);
      if (!RULES.couldBeRestricted(expiries.size())) {
        assertThat(RULES.restrictedUntil(expiries, liftedAt, now)).as("expiries %s, lifted %s", expiries, liftedAt)
            .isNull();
        assertThat(RULES.restrictedUntil(expiries, null, now)).isNull();
      }
    }
    assertThat(RULES.couldBeRestricted(2)).isFalse();
    assertThat(RULES.couldBeRestricted(3)).isTrue();
    // three within the window restrict, and a lift after them is what frees the buyer
    List<Instant> three = days(95, 96, 97);
    assertThat(RULES.couldBeRestricted(three.size())).isTrue();
    assertThat(RULES.restrictedUntil(three, null, now)).isEqualTo(day(104));
    assertThat(RULES.restrictedUntil(three, day(98), now)).isNull();
  }

  /** unpaid orders held | may place another (cap 5) */
  @ParameterizedTest(name = "{0} unpaid → cap reached: {1}")
  @MethodSource("caps")
  void unpaidCap(long unpaid, boolean reached) {
    assertThat(RULES.unpaidCapReached(unpaid)).isEqualTo(reached);
  }

  static Stream<Arguments> caps() {
    return Stream.of(Arguments.of(0L, false), Arguments.of(4L, false), Arguments.of(5L, true), Arguments.of(6L, true));
  }

  @Test
  void settingsMustMakeSense() {
    assertThatThrownBy(() -> new RestrictionRules(0, Duration.ofDays(30), Duration.ofDays(7), 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RestrictionRules(3, Duration.ZERO, Duration.ofDays(7), 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RestrictionRules(3, Duration.ofDays(30), Duration.ofDays(-1), 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RestrictionRules(3, Duration.ofDays(30), Duration.ofDays(7), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
