package dev.orderly.console;

import dev.orderly.payment.PaymentMethods;
import dev.orderly.refund.RefundStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The operator dashboard's numbers, read from the same Micrometer meters Prometheus scrapes
 * ({@code /actuator/prometheus}): orders placed, paid and expired; payment outcomes by method;
 * deadline lateness; the notification outbox; refunds by status; support cases and first-response
 * breaches. Totals are read at each request; the charts' per-minute rates come from samples taken
 * every {@link #SAMPLE_SECONDS} seconds and kept for {@link #KEPT} samples (30 minutes), so that a
 * dashboard opened late still shows the last half hour.
 */
@Component
class DashboardMetrics {

  static final int SAMPLE_SECONDS = 5;
  static final int KEPT = 360;
  /** Samples per minute: a rate per minute is the difference over this many samples. */
  private static final int MINUTE = 60 / SAMPLE_SECONDS;

  /** One sample of the counters the charts draw (cumulative counts). */
  record Sample(long at, double placed, double paid, double expired) {}

  private final MeterRegistry registry;
  private final PaymentMethods methods;
  private final Clock clock;
  private final Deque<Sample> samples = new ArrayDeque<>();
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "dashboard-sampler");
    t.setDaemon(true);
    return t;
  });

  DashboardMetrics(MeterRegistry registry, PaymentMethods methods, Clock clock) {
    this.registry = registry;
    this.methods = methods;
    this.clock = clock;
    sampler.scheduleAtFixedRate(this::sample, 0, SAMPLE_SECONDS, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    sampler.shutdownNow();
  }

  private void sample() {
    Sample s = new Sample(clock.millis(), count("orderly.orders.placed"), count("orderly.orders.paid"),
        count("orderly.orders.expired"));
    synchronized (samples) {
      samples.addLast(s);
      while (samples.size() > KEPT + MINUTE) {
        samples.removeFirst();
      }
    }
  }

  /** Everything the dashboard shows now, as JSON members. */
  Map<String, Object> now() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("at", clock.millis());
    out.put("totals", Map.of("placed", count("orderly.orders.placed"), "paid", count("orderly.orders.paid"),
        "expired", count("orderly.orders.expired"), "casesOpened", count("orderly.support.cases.opened"),
        "casesUnsolved", gauge("orderly.support.cases.unsolved"),
        "firstResponseBreaches", count("orderly.support.first.response.breaches")));
    out.put("perMinute", perMinute());
    out.put("payments", payments());
    out.put("methods", methods.all().stream().map(m -> Map.of("method", m.method().name(), "status",
        m.enabled() ? m.status().name() : "OFF")).toList());
    out.put("lateness", lateness());
    out.put("outbox", Map.of("backlog", gauge("orderly.notifications.backlog"),
        "oldestAgeSeconds", gauge("orderly.notifications.oldest.age.seconds"),
        "eventsBacklog", gauge("orderly.events.amqp.backlog")));
    Map<String, Double> refunds = new LinkedHashMap<>();
    for (RefundStatus status : RefundStatus.values()) {
      refunds.put(status.name(), 0.0);
    }
    refunds.putAll(byTag("orderly.refunds", "status"));
    out.put("refunds", refunds);
    return out;
  }

  /** Per-minute rates at each sample (a minute's difference), oldest first: the charts' series. */
  private Map<String, List<Number>> perMinute() {
    List<Sample> all;
    synchronized (samples) {
      all = new ArrayList<>(samples);
    }
    Map<String, List<Number>> series = new LinkedHashMap<>();
    List<Number> at = new ArrayList<>();
    List<Number> placed = new ArrayList<>();
    List<Number> paid = new ArrayList<>();
    List<Number> expired = new ArrayList<>();
    for (int i = 1; i < all.size(); i++) {
      Sample s = all.get(i);
      // the last minute's difference; in the first minute after start, the rate so far
      Sample before = all.get(Math.max(0, i - MINUTE));
      double perMinute = 60_000.0 / Math.max(1, s.at() - before.at());
      at.add(s.at() / 1000);
      placed.add(Math.round((s.placed() - before.placed()) * perMinute));
      paid.add(Math.round((s.paid() - before.paid()) * perMinute));
      expired.add(Math.round((s.expired() - before.expired()) * perMinute));
    }
    series.put("at", at);
    series.put("placed", placed);
    series.put("paid", paid);
    series.put("expired", expired);
    return series;
  }

  /** Payments resolved per method: succeeded and failed (closed attempts are neither). */
  private Map<String, Map<String, Double>> payments() {
    Map<String, Map<String, Double>> by = new TreeMap<>();
    registry.find("orderly.payments.resolved").counters().forEach(c -> {
      String method = c.getId().getTag("method");
      String status = c.getId().getTag("status");
      by.computeIfAbsent(method, k -> new TreeMap<>()).merge(status, c.count(), Double::sum);
    });
    return by;
  }

  /** How late unpaid orders were closed, p50 and p99 in milliseconds, from the timer's histogram (since start). */
  private Map<String, Object> lateness() {
    Timer timer = registry.find("orderly.deadline.lateness").timer();
    if (timer == null || timer.count() == 0) {
      return Map.of("count", 0);
    }
    CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
    return Map.of("count", timer.count(), "p50Ms", quantile(buckets, timer.count(), 0.50),
        "p99Ms", quantile(buckets, timer.count(), 0.99), "maxMs", timer.max(TimeUnit.MILLISECONDS));
  }

  /** The upper bound of the first bucket holding the q-th of {@code total} (buckets are cumulative). */
  static double quantile(CountAtBucket[] buckets, long total, double q) {
    double wanted = Math.ceil(q * total);
    for (CountAtBucket b : buckets) {
      if (b.count() >= wanted) {
        return b.bucket(TimeUnit.MILLISECONDS);
      }
    }
    return buckets.length == 0 ? 0 : buckets[buckets.length - 1].bucket(TimeUnit.MILLISECONDS);
  }

  private double count(String name) {
    return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  private double gauge(String name) {
    return registry.find(name).gauges().stream().mapToDouble(Gauge::value).filter(v -> !Double.isNaN(v)).sum();
  }

  private Map<String, Double> byTag(String name, String tag) {
    Map<String, Double> by = new TreeMap<>();
    registry.find(name).counters().forEach(c -> by.merge(c.getId().getTag(tag), c.count(), Double::sum));
    return by;
  }
}
