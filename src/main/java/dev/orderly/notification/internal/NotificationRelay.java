package dev.orderly.notification.internal;

import dev.orderly.timer.Lease;
import dev.orderly.timer.LeasedWork;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox relay: claims due deliveries with a lease ({@link LeasedWork}: {@code FOR UPDATE SKIP
 * LOCKED}, then the due column moved to the lease's end), so several instances share the work
 * without sending one item twice at once, and a crash mid-send only delays it until the lease runs
 * out (at-least-once). The {@link DeliveryDispatcher} sends them; a failed send is retried as
 * {@link DeliveryRetries} says, then given up.
 *
 * <p>Why a table of our own rather than Spring Modulith's event publication registry: the registry
 * re-submits incomplete publications as a whole (at restart or on a schedule) with no claim per
 * item across instances, no per-channel retry schedule and no delivery log; this table has all
 * three, and the same claim pattern as every other timer here.
 */
@Component
public class NotificationRelay extends LeasedWork<ClaimedDelivery> {
  /** The relay's name, to wake it ({@code DueWorkRunner.dueAt}) when deliveries are written. */
  public static final String NAME = "notification-relay";
  private static final int BATCH = 200;

  private final DeliveryRepository deliveries;
  private final DeliveryDispatcher dispatcher;
  private final OutcomeRecorder outcomes;

  /** What one wake did in its transaction: the outcomes recorded and the deliveries claimed. */
  private record Wake(List<Outcome> recorded, List<ClaimedDelivery> claimed) {}

  NotificationRelay(JdbcClient jdbc, TransactionTemplate transactions, DeliveryRepository deliveries,
      DeliveryDispatcher dispatcher, OutcomeRecorder outcomes,
      @Value("${orderly.notifications.lease:PT2M}") Duration lease) {
    super(jdbc, transactions, DeliveryRepository.leasedRows(NAME, BATCH, lease));
    this.deliveries = deliveries;
    this.dispatcher = dispatcher;
    this.outcomes = outcomes;
  }

  /**
   * Records what the sends started earlier came to, then claims what is due (as much as there is
   * room for, and nothing for a lane that is full) and starts sending it without waiting: webhooks
   * asynchronously, emails on a few threads. Each finished send is queued, wakes the runner, and
   * is recorded with the others that finished meanwhile. A crash between sending and recording
   * sends those items again once their lease runs out: at least once, with the same id.
   */
  @Override
  public int runBatch(Instant now) {
    List<Outcome> finished = dispatcher.takeFinished();
    int room = dispatcher.room(BATCH);
    Set<UUID> fullLanes = dispatcher.fullWebhookLanes();
    int emailRoom = dispatcher.emailRoom();
    // what finished is recorded and the next batch claimed and read in one transaction: one commit
    // per wake (on H2 every commit writes the store out, with whatever other transactions have pending)
    Wake wake = Objects.requireNonNull(transactions.execute(tx -> {
      List<Outcome> recorded = outcomes.record(finished);
      if (room <= 0) {
        return new Wake(recorded, List.of());
      }
      // claimed in this transaction (LeasedWork's claim joins it)
      List<Lease> leases = new ArrayList<>(claim(now, room, DeliveryRepository.pendingWebhooksExcept(fullLanes)));
      if (emailRoom > 0) {
        leases.addAll(claim(now, emailRoom, DeliveryRepository.pendingEmails()));
      }
      return new Wake(recorded, leases.isEmpty() ? List.of() : load(leases));
    }));
    outcomes.recorded(wake.recorded());
    if (wake.claimed().isEmpty()) {
      return 0;
    }
    handleAll(wake.claimed(), now);
    return wake.claimed().size();
  }

  @Override
  protected List<ClaimedDelivery> load(List<Lease> leases) {
    return deliveries.load(leases);
  }

  /** Starts sending the claimed deliveries; their outcomes come back through the dispatcher. */
  @Override
  protected void handleAll(List<ClaimedDelivery> claimed, Instant now) {
    dispatcher.dispatch(claimed);
  }

  @Override
  protected void handle(ClaimedDelivery claimed, Instant now) {
    dispatcher.dispatch(List.of(claimed));
  }

  /**
   * The earliest due delivery the relay could claim now: those of full lanes are left out, so the
   * runner sleeps (woken as their sends finish) instead of polling rows it would not take.
   */
  @Override
  public Optional<Instant> nextDue() {
    return deliveries.nextDue(dispatcher.emailRoom() == 0, dispatcher.fullWebhookLanes());
  }

  /** On shutdown: lets the sends under way finish (at most their timeout) and records them. */
  @PreDestroy
  void drain() throws InterruptedException {
    dispatcher.awaitIdle(Duration.ofSeconds(12));
    List<Outcome> finished = dispatcher.takeFinished();
    List<Outcome> recorded = Objects.requireNonNull(transactions.execute(tx -> outcomes.record(finished)));
    outcomes.recorded(recorded);
  }
}
