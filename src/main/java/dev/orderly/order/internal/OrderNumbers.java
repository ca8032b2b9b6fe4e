package dev.orderly.order.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/**
 * Human-readable order numbers such as {@code 261123-7K3F9Q2M}: the UTC date, then a counter from a
 * database sequence scrambled into eight Crockford base-32 characters. The scramble is a bijection
 * on 40 bits, so numbers are unique across instances without looking sequential. Blocks of 100
 * counter values are taken per round trip (the sequence increments by 100).
 */
@Component
public class OrderNumbers {
  private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  private static final long MASK_40 = (1L << 40) - 1;
  private static final long MULTIPLIER = 0x9E3779B97FL | 1; // odd, so invertible mod 2^40
  private static final int BLOCK = 100;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyMMdd").withZone(ZoneOffset.UTC);

  private final OrderRepository orders;
  private long next;
  private long limit;

  OrderNumbers(OrderRepository orders) {
    this.orders = orders;
  }

  /** A new number for an order placed at {@code placedAt}. */
  public String next(Instant placedAt) {
    return DAY.format(placedAt) + "-" + encode(nextCounter());
  }

  private synchronized long nextCounter() {
    if (next >= limit) {
      long start = orders.nextNumberBlock();
      next = start;
      limit = start + BLOCK;
    }
    return next++;
  }

  static String encode(long counter) {
    long x = (counter * MULTIPLIER) & MASK_40;
    x ^= x >>> 17;
    char[] out = new char[8];
    for (int i = 7; i >= 0; i--) {
      out[i] = CROCKFORD.charAt((int) (x & 31));
      x >>>= 5;
    }
    return new String(out);
  }
}
