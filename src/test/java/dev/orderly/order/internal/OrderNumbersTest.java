package dev.orderly.order.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Property checks of the order-number scramble without a property-testing library: the counter
 * comes from a database sequence, so encode must never give two counters the same eight chars.
 */
class OrderNumbersTest {

  /** Crockford base 32: digits and upper-case letters without I, L, O and U. */
  static final Pattern CROCKFORD_8 = Pattern.compile("[0-9A-HJKMNP-TV-Z]{8}");
  static final long COUNTER_SPACE = 1L << 40; // the scramble is a bijection on 40 bits

  @Test
  void twoMillionConsecutiveCountersGetDistinctNumbers() {
    int n = 2_000_000;
    Set<String> seen = new HashSet<>(n * 2);
    for (long counter = 0; counter < n; counter++) {
      String code = OrderNumbers.encode(counter);
      if (!seen.add(code)) {
        fail("counter %d collides with an earlier counter: %s", counter, code);
      }
    }
    assertThat(seen).hasSize(n);
  }

  @Test
  void consecutiveCountersDeepInTheSequenceGetDistinctNumbers() {
    int n = 250_000;
    long start = COUNTER_SPACE - n; // the top of the 40-bit range
    Set<String> seen = new HashSet<>(n * 2);
    for (long counter = start; counter < COUNTER_SPACE; counter++) {
      if (!seen.add(OrderNumbers.encode(counter))) {
        fail("counter %d collides with an earlier counter", counter);
      }
    }
    assertThat(seen).hasSize(n);
  }

  @Test
  void largeRandomCountersGetDistinctNumbers() {
    Random random = new Random(20260302L);
    Map<String, Long> counterByCode = new HashMap<>();
    for (int i = 0; i < 500_000; i++) {
      long counter = random.nextLong(1L << 30, COUNTER_SPACE); // large, within the 40-bit space
      String code = OrderNumbers.encode(counter);
      Long earlier = counterByCode.putIfAbsent(code, counter);
      if (earlier != null && earlier != counter) {
        fail("counters %d and %d both encode to %s", earlier, counter, code);
      }
    }
    assertThat(counterByCode).hasSizeGreaterThan(499_000);
  }

  @Test
  void numbersAreAlwaysEightCrockfordCharacters() {
    Random random = new Random(42L);
    for (int i = 0; i < 200_000; i++) {
      long counter = i < 100_000 ? i : random.nextLong(COUNTER_SPACE);
      String code = OrderNumbers.encode(counter);
      if (!CROCKFORD_8.matcher(code).matches()) {
        fail("counter %d encodes to %s, not eight Crockford characters", counter, code);
      }
    }
    assertThat(OrderNumbers.encode(COUNTER_SPACE - 1)).matches(CROCKFORD_8);
    assertThat(OrderNumbers.encode(0)).matches(CROCKFORD_8);
  }

  @Test
  void encodeIsDeterministic() {
    for (long counter : new long[] {0, 1, 100, 123_456_789, COUNTER_SPACE - 1}) {
      assertThat(OrderNumbers.encode(counter)).isEqualTo(OrderNumbers.encode(counter));
    }
  }

  @Test
  void neighbouringCountersDoNotLookSequential() {
    // the point of the scramble: order 101 does not reveal that order 100 exists
    String a = OrderNumbers.encode(100);
    String b = OrderNumbers.encode(101);
    int samePositions = 0;
    for (int i = 0; i < 8; i++) {
      if (a.charAt(i) == b.charAt(i)) {
        samePositions++;
      }
    }
    assertThat(samePositions).as("%s vs %s", a, b).isLessThan(6);
    assertThat(OrderNumbers.encode(1)).isNotEqualTo("00000001");
  }
}
