package dev.orderly.payment;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Jdbc;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.order.Order;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What each payment method would mean for an order before the buyer picks one: whether it can be
 * used (switched on, accepts the currency, within its limits), whether it is degraded, and the
 * payment deadline it gives. The same rules refuse an attempt, so the answer never disagrees with
 * what happens on "pay".
 */
@Component
public class PaymentOptions {

  /** Daily limits count a rolling day. */
  static final Duration DAY = Duration.ofHours(24);

  public enum Status { AVAILABLE, DEGRADED, UNAVAILABLE }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Option(PaymentMethod method, Status status, Instant paymentDeadline, Money maxPerPayment,
      Money remainingToday, ErrorCode refusal, String limitWindow) {
    boolean usable() {
      return refusal == null;
    }
  }

  private final PaymentMethodSettings settings;
  private final PaymentProviders providers;
  private final MethodHealth health;
  private final JdbcClient jdbc;
  private final Clock clock;

  PaymentOptions(PaymentMethodSettings settings, PaymentProviders providers, MethodHealth health, JdbcClient jdbc,
      Clock clock) {
    this.settings = settings;
    this.providers = providers;
    this.health = health;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Every method's answer for this order. An order that cannot be paid at all (paid, cancelled,
   * past its deadline) has every method {@code UNAVAILABLE} with the reason as the refusal.
   */
  public List<Option> forOrder(Order order) {
    Optional<ErrorCode> notPayable = order.whyNotPayable(clock.instant());
    if (notPayable.isPresent()) {
      return Arrays.stream(PaymentMethod.values())
          .map(m -> new Option(m, Status.UNAVAILABLE, null, null, null, notPayable.get(), null)).toList();
    }
    Map<PaymentMethod, BigDecimal> usedToday = usedToday(order.buyerId(), order.total().currency(), order.id());
    Set<PaymentMethod> degraded = health.degradedMethods();
    return Arrays.stream(PaymentMethod.values())
        .map(m -> option(order, m, usedToday.getOrDefault(m, BigDecimal.ZERO), degraded.contains(m)))
        .toList();
  }

  /** Refuses a method the order cannot be paid with, naming the methods that would work. */
  Option requireUsable(Order order, PaymentMethod method) {
    List<Option> options = forOrder(order);
    Option chosen = options.stream().filter(o -> o.method() == method).findFirst().orElseThrow();
    if (chosen.usable()) {
      return chosen;
    }
    List<PaymentMethod> working = options.stream().filter(Option::usable).filter(o -> o.status() == Status.AVAILABLE)
        .map(Option::method).toList();
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("method", method);
    properties.put("workingMethods", working);
    if (chosen.refusal() == ErrorCode.PAYMENT_LIMIT_EXCEEDED) {
      properties.put("window", chosen.limitWindow());
      properties.put("limit", "PER_PAYMENT".equals(chosen.limitWindow()) ? chosen.maxPerPayment()
          : Money.of(settings.of(method).maxPerBuyerPerDay(order.total().currency()).toPlainString(),
              order.total().currency()));
    }
    throw new OrderlyException(chosen.refusal(), method + " cannot pay " + order.total()
        + (chosen.limitWindow() == null ? "" : " (limit " + chosen.limitWindow() + ")"), properties);
  }

  /** The deadline an order gets when paid with this method: a slower method may give more time, never less. */
  Instant deadlineWith(Order order, PaymentMethod method) {
    Duration window = settings.of(method).getPaymentWindow();
    if (window == null) {
      return order.paymentDeadline();
    }
    Instant withMethod = order.placedAt().plus(window);
    return withMethod.isAfter(order.paymentDeadline()) ? withMethod : order.paymentDeadline();
  }

  private Option option(Order order, PaymentMethod method, BigDecimal usedToday, boolean degraded) {
    PaymentMethodSettings.Method s = settings.of(method);
    String currency = order.total().currency();
    BigDecimal amount = order.total().amount();
    BigDecimal perPayment = s.maxPerPayment(currency);
    BigDecimal perDay = s.maxPerBuyerPerDay(currency);
    Money maxPerPayment = perPayment == null ? null : new Money(perPayment, currency);
    Money remaining = perDay == null ? null : new Money(perDay.subtract(usedToday).max(BigDecimal.ZERO), currency);
    ErrorCode refusal = null;
    String window = null;
    if (!s.accepts(currency) || providers.forMethod(method).isEmpty()) {
      refusal = ErrorCode.PAYMENT_METHOD_NOT_AVAILABLE;
    } else if (perPayment != null && amount.compareTo(perPayment) > 0) {
      refusal = ErrorCode.PAYMENT_LIMIT_EXCEEDED;
      window = "PER_PAYMENT";
    } else if (perDay != null && usedToday.add(amount).compareTo(perDay) > 0) {
      refusal = ErrorCode.PAYMENT_LIMIT_EXCEEDED;
      window = "PER_DAY";
    }
    Status status = refusal != null ? Status.UNAVAILABLE : degraded ? Status.DEGRADED : Status.AVAILABLE;
    return new Option(method, status, refusal == null ? deadlineWith(order, method) : null, maxPerPayment, remaining,
        refusal, window);
  }

  /** Money the buyer has paid or is paying with each method in the last day, other orders only. */
  private Map<PaymentMethod, BigDecimal> usedToday(UUID buyerId, String currency, UUID exceptOrder) {
    Instant since = clock.instant().minus(DAY);
    Map<PaymentMethod, BigDecimal> used = new EnumMap<>(PaymentMethod.class);
    jdbc.sql("""
            SELECT method, SUM(amount) FROM payment_attempts
            WHERE buyer_id = ? AND created_at > ? AND currency = ? AND order_id <> ?
              AND (status = 'PENDING' OR (status = 'SUCCEEDED' AND applied_as = 'PAID'))
            GROUP BY method""")
        .params(buyerId, Jdbc.ts(since), currency, exceptOrder)
        .query(rs -> {
          used.put(PaymentMethod.valueOf(rs.getString(1)), rs.getBigDecimal(2));
        });
    return used;
  }
}
