package dev.orderly.notification.internal;

import dev.orderly.timer.DueWorkRunner;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Starts the sends of claimed deliveries without waiting for them, each in its {@link DeliveryLanes
 * lane} (one per webhook subscription, one for email), and collects their {@link Outcome}s for the
 * relay to record. Webhooks are sent asynchronously; emails on a few threads. It tells the relay
 * how much it may claim: nothing more for a lane that is full.
 */
@Component
class DeliveryDispatcher {
  /**
   * Claimed deliveries held at once (sending or waiting for a slot in their lane), in all and per
   * lane. A webhook lane sends 64 at a time and a held delivery waits at most (held / 64) rounds
   * of the 11 s worst case before it is sent, well inside the lease (2 min by default): a
   * subscriber that stops answering cannot make the relay send anything twice.
   */
  private static final int MAX_HELD = 2048;
  private static final int WEBHOOK_LANE_HELD = 192;
  private static final int WEBHOOK_LANE_IN_FLIGHT = 64;
  /** Emails: a few SMTP sessions at once (each at most ~25 s with the configured timeouts). */
  private static final String EMAIL_LANE = "EMAIL";
  private static final int EMAIL_THREADS = 4;
  private static final int EMAIL_LANE_HELD = 8;
  /** Finished sends that wake the runner to record them while others are still under way. */
  private static final int WAKE_EVERY = 64;
  /** Emails go out a few at a time (each opens an SMTP session); webhooks need no threads of their own. */
  private static final ExecutorService EMAIL_POOL = Executors.newFixedThreadPool(EMAIL_THREADS, r -> {
    Thread t = new Thread(r, "email-sender");
    t.setDaemon(true);
    return t;
  });

  private final DeliverySender sender;
  private final WebhookSubscriptionRepository subscriptions;
  private final WebhookSecrets secrets;
  private final DueWorkRunner timers;
  private final Clock clock;
  private final DeliveryLanes lanes = new DeliveryLanes();
  private final Queue<Outcome> finished = new ConcurrentLinkedQueue<>();

  DeliveryDispatcher(DeliverySender sender, WebhookSubscriptionRepository subscriptions, WebhookSecrets secrets,
      DueWorkRunner timers, Clock clock) {
    this.sender = sender;
    this.subscriptions = subscriptions;
    this.secrets = secrets;
    this.timers = timers;
    this.clock = clock;
  }

  /** How many deliveries may be claimed now, at most {@code batch}: the room left of {@link #MAX_HELD}. */
  int room(int batch) {
    return Math.min(batch, MAX_HELD - lanes.held());
  }

  /** How many emails may be claimed now. */
  int emailRoom() {
    return Math.max(0, EMAIL_LANE_HELD - lanes.held(EMAIL_LANE));
  }

  /** The subscriptions whose lanes are full: none of their deliveries is to be claimed for now. */
  Set<UUID> fullWebhookLanes() {
    return lanes.full(WEBHOOK_LANE_HELD).stream().filter(l -> !EMAIL_LANE.equals(l)).map(UUID::fromString)
        .collect(Collectors.toSet());
  }

  /**
   * Starts sending: emails on the email threads; webhooks to their subscriptions (read in one go,
   * each secret decrypted once), unless the subscription was deleted or disabled meanwhile: then
   * the delivery is discarded.
   */
  void dispatch(List<ClaimedDelivery> due) {
    Map<UUID, WebhookTarget> targets = subscriptions.targets(due.stream().filter(ClaimedDelivery::isWebhook)
        .map(d -> UUID.fromString(d.delivery().target())).collect(Collectors.toSet()));
    Map<UUID, String> secretOf = new HashMap<>();
    for (ClaimedDelivery d : due) {
      if (!d.isWebhook()) {
        lanes.submit(EMAIL_LANE, EMAIL_THREADS, () -> CompletableFuture.supplyAsync(() -> sender.sendEmail(d), EMAIL_POOL)
            .whenComplete((o, e) -> finished(d, o, e)));
        continue;
      }
      WebhookTarget target = targets.get(UUID.fromString(d.delivery().target()));
      if (target == null || !target.isActive()) {
        finished(d, sender.discarded(d), null);
        continue;
      }
      String secret = secretOf.computeIfAbsent(target.id(), id -> secrets.decrypt(id, target.encryptedSecret()));
      lanes.submit(d.delivery().target(), WEBHOOK_LANE_IN_FLIGHT, () -> sender.sendWebhook(d, target, secret)
          .whenComplete((o, e) -> finished(d, o, e)));
    }
  }

  /**
   * Queues the outcome and wakes the runner to record it and claim more: when the relay has gone
   * quiet (this was the last send under way) or enough have finished to be worth a transaction.
   * Waking on every finished send made a busy relay claim and record a handful at a time.
   */
  private void finished(ClaimedDelivery d, @Nullable Outcome outcome, @Nullable Throwable error) {
    finished.add(outcome != null ? outcome : sender.crashed(d, error));
    // the lane lets go of this send only after this method returns: 1 held means it was the last
    if (lanes.held() <= 1 || finished.size() >= WAKE_EVERY) {
      timers.dueAt(NotificationRelay.NAME, clock.instant());
    }
  }

  /** The outcomes of the sends that finished since the last call, to be recorded. */
  List<Outcome> takeFinished() {
    List<Outcome> outcomes = new ArrayList<>();
    for (Outcome o; (o = finished.poll()) != null; ) {
      outcomes.add(o);
    }
    return outcomes;
  }

  /** Waits until no send is under way or {@code limit} has passed; true when none is. */
  boolean awaitIdle(Duration limit) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (lanes.held() > 0 && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    return lanes.held() == 0;
  }
}
