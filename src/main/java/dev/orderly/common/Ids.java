package dev.orderly.common;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochRandomGenerator;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.UUID;

/**
 * New row ids: UUID version 7 (RFC 9562 §5.7), 48 bits of Unix milliseconds then 74 bits from a
 * {@link SecureRandom}, fresh for every id (Java UUID Generator's random form, not its monotonic
 * one, whose next id within a millisecond is the previous one plus 1). Ids of one millisecond are
 * therefore in no particular order among themselves; ids of different milliseconds sort by time.
 *
 * <p>Why not {@link UUID#randomUUID()}: rows written together (an order, its lines and timeline;
 * the 500 orders a deadline batch closes, their notifications and events) then sit on the same index
 * pages, so a batch touches a few pages at the right edge of each primary-key index instead of one
 * random page per row. That is fewer pages for PostgreSQL to read and log, and fewer for H2 to write
 * at every commit. The ids still carry 74 random bits, so they cannot be guessed; the time they reveal
 * (the row's creation, to the millisecond) is shown to the same readers in the row itself.
 */
public final class Ids {

  private static final TimeBasedEpochRandomGenerator GENERATOR =
      Generators.timeBasedEpochRandomGenerator(new SecureRandom());

  /**
   * The order of {@code uuid} values in PostgreSQL's and H2's indexes and {@code ORDER BY}: the 128
   * bits as an unsigned number. {@link UUID#compareTo} compares signed halves and disagrees with it
   * for ids whose top bit is set. Code that locks several rows of one table locks them in this order,
   * in Java loops and in {@code ORDER BY id FOR UPDATE} alike, so that two transactions cannot each
   * hold a row the other waits for.
   */
  public static final Comparator<UUID> DATABASE_ORDER = (a, b) -> {
    int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  };

  private Ids() {}

  /** A new, time-ordered id. Thread-safe. */
  public static UUID next() {
    return GENERATOR.generate();
  }
}
