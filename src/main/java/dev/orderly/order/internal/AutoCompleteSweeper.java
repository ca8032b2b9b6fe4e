package dev.orderly.order.internal;

import dev.orderly.order.OrderFulfilment;
import dev.orderly.timer.DueWork;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Completes delivered orders whose buyer did not confirm receipt within the auto-complete window:
 * a batch of due orders locked ({@code FOR UPDATE SKIP LOCKED}) and completed in one transaction.
 */
@Component
public class AutoCompleteSweeper implements DueWork {

  public static final String NAME = "auto-complete";
  private static final int BATCH = 100;

  private final DueOrderRepository due;
  private final OrderFulfilment fulfilment;
  private final TransactionTemplate transactions;

  AutoCompleteSweeper(DueOrderRepository due, OrderFulfilment fulfilment, TransactionTemplate transactions) {
    this.due = due;
    this.fulfilment = fulfilment;
    this.transactions = transactions;
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
    Integer done = transactions.execute(tx -> {
      List<UUID> batch = due.lockDueForAutoCompletion(now, BATCH);
      batch.forEach(fulfilment::autoComplete);
      return batch.size();
    });
    return done == null ? 0 : done;
  }

  @Override
  public Optional<Instant> nextDue() {
    return due.nextAutoCompletion();
  }
}
