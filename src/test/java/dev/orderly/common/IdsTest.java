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
  void consecutiveIdsIncreaseAndNeverRepeat() {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      ids.add(Ids.next());
    }
    Set<UUID> distinct = new HashSet<>(ids);
    assertThat(distinct).hasSize(ids.size());
    for (int i = 1; i < ids.size(); i++) {
      // unsigned order of the 128 bits: the order of a B-tree on a uuid column (PostgreSQL, H2)
      assertThat(unsignedCompare(ids.get(i - 1), ids.get(i))).as("id %d after id %d", i, i - 1).isNegative();
    }
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

  private static int unsignedCompare(UUID a, UUID b) {
    int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }
}
