package dev.orderly.order.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import dev.orderly.order.CancelReason;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** orderly_orders_* counters and the lateness of deadline handling. */
@Component
public class OrderMetrics {
  private final MeterRegistry registry;
  private final Counter placed;
  private final Counter paid;
  private final Counter expired;
  private final Timer deadlineLateness;

  OrderMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.placed = Counter.builder("orderly.orders.placed").description("Orders placed").register(registry);
    this.paid = Counter.builder("orderly.orders.paid").description("Orders paid").register(registry);
    this.expired = Counter.builder("orderly.orders.expired")
        .description("Orders cancelled because their payment deadline passed").register(registry);
    this.deadlineLateness = Timer.builder("orderly.deadline.lateness")
        .description("How long after its payment deadline an unpaid order was closed")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(5))
        .register(registry);
  }

  public void placed() {
    placed.increment();
  }

  public void paid() {
    paid.increment();
  }

  /** An order closed for non-payment: counted as expired and as cancelled with that reason. */
  public void expired(Duration lateness) {
    expired.increment();
    cancelled(CancelReason.PAYMENT_TIMEOUT);
    deadlineLateness.record(lateness.isNegative() ? Duration.ZERO : lateness);
  }

  public void cancelled(CancelReason reason) {
    registry.counter("orderly.orders.cancelled", "reason", reason.name()).increment();
  }
}
