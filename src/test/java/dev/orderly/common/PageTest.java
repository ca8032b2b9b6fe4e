package dev.orderly.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Cursors and pages without a database: tokens round-trip, and paging any list visits it exactly once. */
class PageTest {

  @Test
  void aCursorSurvivesItsTokenToTheNanosecondAndABrokenTokenIsRefused() {
    Cursor c = new Cursor(Instant.parse("2026-12-01T03:04:05.123456789Z"), UUID.fromString("01a22fae-c80a-7db8-9053-f47b34b3202c"));
    assertThat(c.token()).matches("[A-Za-z0-9_-]+");
    assertThat(Cursor.parse(c.token())).isEqualTo(c);
    Cursor early = new Cursor(Instant.parse("1969-12-31T23:59:59.5Z"), new UUID(-1, -1));
    assertThat(Cursor.parse(early.token())).isEqualTo(early);
    for (String bad : List.of("", "x", "!!!!", "a".repeat(129), b64("2:0:0:" + UUID.randomUUID()), b64("1:0:0"),
        b64("1:x:0:" + UUID.randomUUID()), b64("1:0:-1:" + UUID.randomUUID()), b64("1:0:1000000000:" + UUID.randomUUID()),
        b64("1:0:0:0-0-0-0-0"), b64("1:99999999999999999999:0:" + UUID.randomUUID()),
        b64("1:0:0:" + UUID.randomUUID() + ":extra"))) {
      assertThatThrownBy(() -> Cursor.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  /** Random lists with many equal times, paged at random limits, by slice and by a two-part merge. */
  @Test
  void pagingVisitsEveryItemOnceInOrderWhateverTheLimitAndTies() {
    Random random = new Random(20261201);
    for (int round = 0; round < 500; round++) {
      Keyset.Direction direction = random.nextBoolean() ? Keyset.Direction.NEWEST_FIRST : Keyset.Direction.OLDEST_FIRST;
      Comparator<Cursor> order = direction.comparator();
      List<Cursor> a = randomItems(random, random.nextInt(30));
      List<Cursor> b = randomItems(random, random.nextInt(30));
      a.sort(order);
      b.sort(order);
      List<Cursor> both = new ArrayList<>(a);
      both.addAll(b);
      both.sort(order);
      int limit = 1 + random.nextInt(12);

      assertThat(pageThrough(after -> Page.slice(a, limit, after, c -> c, direction), limit)).isEqualTo(a);
      // the merge reads each part as a keyset query would: strictly after the cursor, limit + 1 rows
      assertThat(pageThrough(after -> Page.merge(limit, c -> c, direction,
          Page.slice(a, limit, after, c -> c, direction), Page.slice(b, limit, after, c -> c, direction)), limit))
          .isEqualTo(both);
    }
  }

  private static List<Cursor> pageThrough(java.util.function.Function<@Nullable Cursor, Page<Cursor>> read, int limit) {
    List<Cursor> seen = new ArrayList<>();
    Cursor after = null;
    for (int pages = 0; pages < 1_000; pages++) {
      Page<Cursor> page = read.apply(after);
      assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
      seen.addAll(page.items());
      if (page.next() == null) {
        return seen;
      }
      assertThat(page.items()).hasSize(limit);
      after = page.next();
    }
    throw new AssertionError("did not end");
  }

  private static List<Cursor> randomItems(Random random, int n) {
    List<Cursor> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // few distinct times, so ties are common; ids with the top bit set too (unsigned order)
      items.add(new Cursor(Instant.ofEpochSecond(1_800_000_000L + random.nextInt(4)), new UUID(random.nextLong(), random.nextLong())));
    }
    return items;
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
  }
}
