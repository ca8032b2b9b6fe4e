package dev.orderly.cancellation.internal;

import dev.orderly.cancellation.CancellationRequests;
import dev.orderly.timer.DueWork;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Approves requests the seller did not answer by their deadline. Due rows are read without a row
 * lock: each approval then locks the order and the request in that order, like every other step,
 * and re-checks; an instance that comes second finds the request no longer pending.
 */
@Component
public class SellerResponseTimer implements DueWork {
  public static final String NAME = "seller-response";
  private static final Logger log = LoggerFactory.getLogger(SellerResponseTimer.class);
  private static final int BATCH = 50;

  private final CancellationRepository requests;
  private final CancellationRequests cancellations;

  SellerResponseTimer(CancellationRepository requests, CancellationRequests cancellations) {
    this.requests = requests;
    this.cancellations = cancellations;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int batchSize() {
    return BATCH;
  }

  @Override
  public int runBatch(Instant now) {
    List<UUID> due = requests.pendingPastDeadline(now, BATCH);
    int done = 0;
    RuntimeException failure = null;
    for (UUID id : due) {
      try {
        if (cancellations.autoApprove(id)) {
          done++;
        }
      } catch (RuntimeException e) {
        log.warn("auto-approval of cancellation {} failed; retrying", id, e);
        failure = e;
      }
    }
    if (failure != null && done == 0) {
      throw failure; // the runner backs off instead of retrying a failing row at once
    }
    // a full batch of rows another instance took first must not look like "nothing more to do"
    return due.size() == BATCH ? BATCH : done;
  }

  @Override
  public Optional<Instant> nextDue() {
    return requests.nextResponseDeadline();
  }
}
