package dev.orderly.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void idsAreVersion7WithTheCurrentTimeInTheirFirst48Bits() {
    long before = System.currentTimeMillis();
    UUID id = Ids.next();
    long after = System.currentTimeMillis();

    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2); // RFC 9562's variant (binary 10)
    long millis = id.getMostSignificantBits() >>> 16;
    assertThat(millis).isBetween(before, after);
  }

  @Test
  void idsFollowTheClockAndNeverRepeat() {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      ids.add(Ids.next());
    }
    assertThat(new HashSet<>(ids)).hasSize(ids.size());
    for (int i = 1; i < ids.size(); i++) {
      // the time part never goes back, so in the database's order later ids sort after earlier ones
      assertThat(millis(ids.get(i))).as("id %d", i).isGreaterThanOrEqualTo(millis(ids.get(i - 1)));
      if (millis(ids.get(i)) > millis(ids.get(i - 1))) {
        assertThat(Ids.DATABASE_ORDER.compare(ids.get(i - 1), ids.get(i))).isNegative();
      }
    }
  }

  @Test
  void idsOfOneMillisecondDoNotGiveAwayTheNextOne() {
    // the random form: no counter, so the next id is not the previous one plus 1
    UUID a = Ids.next();
    UUID b = Ids.next();
    assertThat(b.getLeastSignificantBits() - a.getLeastSignificantBits()).isNotEqualTo(1L);
    assertThat(Long.bitCount(a.getLeastSignificantBits() ^ b.getLeastSignificantBits())).isGreaterThan(8);
  }

  @Test
  void idsTakenByManyThreadsAtOnceAreDistinct() throws InterruptedException {
    Set<UUID> all = java.util.concurrent.ConcurrentHashMap.newKeySet();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 25_000; i++) {
          all.add(Ids.next());
        }
      });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(all).hasSize(200_000);
  }

  private static long millis(UUID id) {
    return id.getMostSignificantBits() >>> 16;
  }
}
