package dev.orderly.notification.internal;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Where the relay's claimed deliveries wait for a sending slot: one lane per webhook subscription
 * and one for email, each with its own number of sends in flight. A subscriber that answers
 * slowly fills only its own lane; the relay stops claiming for a lane that holds its limit, so
 * the others keep going. Pure Java, no database: the relay decides what to claim from
 * {@link #held} and {@link #full}.
 */
final class DeliveryLanes {

  private static final class Lane {
    final int inFlightLimit;
    final Queue<Supplier<CompletableFuture<?>>> waiting = new ArrayDeque<>();
    int inFlight;
    int held;

    Lane(int inFlightLimit) {
      this.inFlightLimit = inFlightLimit;
    }
  }

  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  private final AtomicInteger held = new AtomicInteger();

  /**
   * Starts {@code send} now when the lane has fewer than {@code inFlightLimit} sends under way,
   * otherwise as soon as one of them finishes.
   */
  void submit(String lane, int inFlightLimit, Supplier<CompletableFuture<?>> send) {
    Lane l = lanes.computeIfAbsent(lane, k -> new Lane(inFlightLimit));
    boolean start;
    synchronized (l) {
      l.held++;
      start = l.inFlight < l.inFlightLimit;
      if (start) {
        l.inFlight++;
      } else {
        l.waiting.add(send);
      }
    }
    held.incrementAndGet();
    if (start) {
      launch(l, send);
    }
  }

  private void launch(Lane lane, Supplier<CompletableFuture<?>> send) {
    CompletableFuture<?> sending;
    try {
      sending = send.get();
    } catch (RuntimeException e) {
      sending = CompletableFuture.failedFuture(e);
    }
    sending.whenComplete((result, error) -> {
      Supplier<CompletableFuture<?>> next;
      synchronized (lane) {
        lane.held--;
        next = lane.waiting.poll();
        if (next == null) {
          lane.inFlight--;
        }
      }
      held.decrementAndGet();
      if (next != null) {
        launch(lane, next);
      }
    });
  }

  /** Deliveries held (sending or waiting), in all lanes. */
  int held() {
    return held.get();
  }

  /** Deliveries held in one lane. */
  int held(String lane) {
    Lane l = lanes.get(lane);
    if (l == null) {
      return 0;
    }
    synchronized (l) {
      return l.held;
    }
  }

  /** The lanes holding {@code limit} or more deliveries: not to be claimed for now. */
  Set<String> full(int limit) {
    return lanes.entrySet().stream().filter(e -> {
      synchronized (e.getValue()) {
        return e.getValue().held >= limit;
      }
    }).map(Map.Entry::getKey).collect(Collectors.toSet());
  }
}
