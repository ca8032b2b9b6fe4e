package dev.orderly.timer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs every {@link DueWork} continuously: claim a batch, and when the batch was not full sleep
 * until the next row falls due (asked of the database) or {@code orderly.timers.max-idle} passes,
 * whichever is sooner. A process that schedules an earlier deadline wakes the runner through
 * {@link #dueAt}; other instances' deadlines are seen within the max idle time. There is no
 * minute-long sweep: a deadline is acted on within milliseconds of passing.
 */
@Component
public class DueWorkRunner implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(DueWorkRunner.class);

  // resolved at start: the works depend on services that tell this runner about new deadlines
  private final ObjectProvider<DueWork> works;
  private final Clock clock;
  private final Duration maxIdle;
  private final boolean enabled;
  private final Map<String, Loop> loops = new ConcurrentHashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;

  DueWorkRunner(ObjectProvider<DueWork> works, Clock clock,
      @Value("${orderly.timers.max-idle:PT0.5S}") Duration maxIdle,
      @Value("${orderly.timers.enabled:true}") boolean enabled) {
    this.works = works;
    this.clock = clock;
    this.maxIdle = maxIdle;
    this.enabled = enabled;
  }

  /** Tells the runner that a row of this kind falls due at {@code due}, so it wakes in time. */
  public void dueAt(String workName, Instant due) {
    Loop loop = loops.get(workName);
    if (loop != null) {
      loop.wakeBy(due);
    }
  }

  @Override
  public synchronized void start() {
    if (running || !enabled) {
      return;
    }
    running = true;
    for (DueWork work : works.orderedStream().toList()) {
      Loop loop = new Loop(work);
      loops.put(work.name(), loop);
      for (int i = 0; i < work.workers(); i++) {
        Thread t = new Thread(loop::run, "due-" + work.name() + "-" + i);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
    }
  }

  @Override
  public synchronized void stop() {
    running = false;
    loops.values().forEach(Loop::wakeNow);
    for (Thread t : threads) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    threads.clear();
    loops.clear();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stops before the web server and the data source go away. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 2048;
  }

  private final class Loop {
    private final DueWork work;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    /** The earliest due time told through {@link #wakeBy} since the loop last woke. */
    private long hintMillis = Long.MAX_VALUE;

    Loop(DueWork work) {
      this.work = work;
    }

    void wakeBy(Instant due) {
      lock.lock();
      try {
        if (due.toEpochMilli() < hintMillis) {
          hintMillis = due.toEpochMilli();
          wake.signalAll();
        }
      } finally {
        lock.unlock();
      }
    }

    void wakeNow() {
      wakeBy(Instant.EPOCH);
    }

    void run() {
      Duration failureBackoff = Duration.ofMillis(100);
      while (running) {
        try {
          int done = work.runBatch(clock.instant());
          failureBackoff = Duration.ofMillis(100);
          if (done >= work.batchSize()) {
            continue;
          }
          Instant now = clock.instant();
          Instant next = work.nextDue().orElse(Instant.MAX);
          if (!next.isAfter(now)) {
            // due rows exist but are held by another worker or instance: look again shortly
            next = now.plusMillis(done > 0 ? 0 : 10);
          }
          sleepUntil(min(next, now.plus(maxIdle)));
        } catch (RuntimeException e) {
          log.warn("{}: batch failed, retrying in {} ms", work.name(), failureBackoff.toMillis(), e);
          sleepUntil(clock.instant().plus(failureBackoff));
          failureBackoff = min(failureBackoff.multipliedBy(2), Duration.ofSeconds(10));
        }
      }
    }

    private void sleepUntil(Instant until) {
      lock.lock();
      try {
        long waitMillis;
        while (running && (waitMillis = Math.min(until.toEpochMilli(), hintMillis) - clock.millis()) > 0) {
          wake.await(waitMillis, TimeUnit.MILLISECONDS);
        }
        hintMillis = Long.MAX_VALUE;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      } finally {
        lock.unlock();
      }
    }
  }

  private static <T extends Comparable<T>> T min(T a, T b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
