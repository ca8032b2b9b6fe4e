package dev.orderly.supportcase.internal;

import dev.orderly.supportcase.SupportCase;
import dev.orderly.supportcase.SupportCases;
import dev.orderly.timer.DueWork;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Closes solved cases whose reopen window has ended ({@code close_at}, on the row: it survives
 * restarts). A batch is taken with its rows locked ({@code FOR UPDATE SKIP LOCKED}) and closed in
 * one transaction, so two instances never close one case twice, and a crash closes none of the batch.
 */
@Component
public class CaseCloseTimer implements DueWork {
  public static final String NAME = "support-case-close";
  private static final int BATCH = 100;

  private final CaseRepository cases;
  private final SupportCases supportCases;
  private final TransactionTemplate transactions;

  CaseCloseTimer(CaseRepository cases, @Lazy SupportCases supportCases, TransactionTemplate transactions) {
    this.cases = cases;
    this.supportCases = supportCases;
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
    Integer closed = transactions.execute(tx -> {
      List<SupportCase> due = cases.lockDueToClose(now, BATCH);
      int n = 0;
      for (SupportCase c : due) {
        if (supportCases.closeSolved(c, now)) {
          n++;
        }
      }
      // a full batch means more may wait, even if some were reopened meanwhile
      return due.size() == BATCH ? BATCH : n;
    });
    return closed == null ? 0 : closed;
  }

  @Override
  public Optional<Instant> nextDue() {
    return cases.nextClose();
  }
}
