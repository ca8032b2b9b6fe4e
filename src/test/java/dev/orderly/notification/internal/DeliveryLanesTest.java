package dev.orderly.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeliveryLanesTest {

  private final DeliveryLanes lanes = new DeliveryLanes();
  private final List<CompletableFuture<?>> started = new ArrayList<>();
  private final AtomicInteger startedInB = new AtomicInteger();

  private void submit(String lane, int limit) {
    lanes.submit(lane, limit, () -> {
      CompletableFuture<Void> send = new CompletableFuture<>();
      synchronized (started) {
        started.add(send);
      }
      if (lane.equals("b")) {
        startedInB.incrementAndGet();
      }
      return send;
    });
  }

  @Test
  void aLaneSendsUpToItsLimitAndStartsTheNextWhenOneFinishes() {
    for (int i = 0; i < 5; i++) {
      submit("a", 2);
    }
    assertThat(started).hasSize(2);
    assertThat(lanes.held("a")).isEqualTo(5);
    assertThat(lanes.held()).isEqualTo(5);

    started.get(0).complete(null);
    assertThat(started).hasSize(3);
    assertThat(lanes.held("a")).isEqualTo(4);

    // a failed send frees its slot too
    started.get(1).completeExceptionally(new IllegalStateException("receiver gone"));
    assertThat(started).hasSize(4);
    new ArrayList<>(started).forEach(f -> f.complete(null));
    started.get(4).complete(null);
    assertThat(started).hasSize(5);
    assertThat(lanes.held()).isZero();
  }

  @Test
  void aFullLaneDoesNotHoldBackAnother() {
    for (int i = 0; i < 4; i++) {
      submit("a", 1);
    }
    submit("b", 1);
    assertThat(startedInB.get()).isEqualTo(1);
    assertThat(lanes.full(4)).containsExactly("a");
    assertThat(lanes.full(1)).containsExactlyInAnyOrder("a", "b");
    assertThat(lanes.held("nobody")).isZero();
  }

  @Test
  void aSendThatThrowsBeforeStartingFreesItsSlot() {
    lanes.submit("a", 1, () -> {
      throw new IllegalStateException("cannot even start");
    });
    submit("a", 1);
    assertThat(started).hasSize(1);
    assertThat(lanes.held("a")).isEqualTo(1);
  }
}
