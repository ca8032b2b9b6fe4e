package dev.orderly.timer;

import java.time.Instant;
import java.util.Optional;

/**
 * A kind of durable deadline: rows in the database whose due time has come. The runner calls
 * {@link #runBatch} whenever something may be due; an implementation claims up to a batch of due
 * rows ({@code FOR UPDATE SKIP LOCKED}), does all their work in one transaction, and says how many
 * it did. Because the due time lives on the row itself, a deadline survives restarts, and several
 * instances share the work without acting twice on one row.
 */
public interface DueWork {

  String name();

  /** Rows handled per transaction; a full batch means more may be waiting. */
  int batchSize();

  /** Threads that claim batches of this kind concurrently in one instance. */
  default int workers() {
    return 1;
  }

  int runBatch(Instant now);

  /** The earliest due time among rows not yet done, if any: an index-served query. */
  Optional<Instant> nextDue();
}
