package dev.orderly.payment;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.order.Order;
import dev.orderly.payment.internal.MethodHealth;
import dev.orderly.payment.internal.PaymentAttemptRepository;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What each payment method would mean for an order before the buyer picks one: whether it can be
 * used (switched on, accepts the currency, within its limits), whether it is degraded, and the
 * payment deadline it gives. The same rules refuse an attempt, so the answer never disagrees with
 * what happens on "pay": {@code PAYMENT_METHOD_NOT_AVAILABLE} (off, currency not taken by the method
 * or its provider, provider not configured here) or {@code PAYMENT_LIMIT_EXCEEDED} (with the {@link LimitWindow}), 422.
 */
@Component
public class PaymentOptions {

  /** Daily limits count a rolling day. */
  static final Duration DAY = Duration.ofHours(24);

  /** A method for an order: usable and healthy, usable but degraded, or refused ({@code refusal}). */
  public enum Status { AVAILABLE, DEGRADED, UNAVAILABLE }

  /** Which limit refused the amount: one payment's, or the buyer's rolling day's. */
  public enum LimitWindow { PER_PAYMENT, PER_DAY }

  /**
   * One method's answer for an order: its deadline when usable; its limits as money in the order's
   * currency ({@code remainingToday} counts the buyer's other orders of the last 24 hours); the
   * refusal and, for a limit, its window when not usable.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Option(PaymentMethod method, Status status, @Nullable Instant paymentDeadline,
      @Nullable Money maxPerPayment, @Nullable Money remainingToday, @Nullable ErrorCode refusal,
      @Nullable LimitWindow limitWindow) {
    /** Whether the method can pay the order. */
    public boolean usable() {
      return refusal == null;
    }
  }

  private final PaymentMethodSettings settings;
  private final PaymentProviders providers;
  private final MethodHealth health;
  private final PaymentAttemptRepository attempts;
  private final Clock clock;

  PaymentOptions(PaymentMethodSettings settings, PaymentProviders providers, MethodHealth health,
      PaymentAttemptRepository attempts, Clock clock) {
    this.settings = settings;
    this.providers = providers;
    this.health = health;
    this.attempts = attempts;
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
    Map<PaymentMethod, BigDecimal> usedToday = attempts.usedSince(order.buyerId(), order.total().currency(),
        clock.instant().minus(DAY), order.id());
    Set<PaymentMethod> degraded = health.degradedMethods();
    return Arrays.stream(PaymentMethod.values())
        .map(m -> option(order, m, usedToday.getOrDefault(m, BigDecimal.ZERO), degraded.contains(m)))
        .toList();
  }

  /**
   * Refuses a method the order cannot be paid with, naming the methods that would work
   * ({@code workingMethods}; for a limit also its {@code window} and {@code limit}).
   */
  public Option requireUsable(Order order, PaymentMethod method) {
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
      properties.put("limit", chosen.limitWindow() == LimitWindow.PER_PAYMENT ? chosen.maxPerPayment()
          : Money.of(settings.of(method).maxPerBuyerPerDay(order.total().currency()).toPlainString(),
              order.total().currency()));
    }
    throw new OrderlyException(chosen.refusal(), method + " cannot pay " + order.total()
        + (chosen.limitWindow() == null ? "" : " (limit " + chosen.limitWindow() + ")"), properties);
  }

  /** The deadline an order gets when paid with this method: a slower method may give more time, never less. */
  public Instant deadlineWith(Order order, PaymentMethod method) {
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
    LimitWindow window = null;
    if (!s.accepts(currency) || providers.forMethod(method, currency).isEmpty()) {
      refusal = ErrorCode.PAYMENT_METHOD_NOT_AVAILABLE;
    } else if (perPayment != null && amount.compareTo(perPayment) > 0) {
      refusal = ErrorCode.PAYMENT_LIMIT_EXCEEDED;
      window = LimitWindow.PER_PAYMENT;
    } else if (perDay != null && usedToday.add(amount).compareTo(perDay) > 0) {
      refusal = ErrorCode.PAYMENT_LIMIT_EXCEEDED;
      window = LimitWindow.PER_DAY;
    }
    Status status = refusal != null ? Status.UNAVAILABLE : degraded ? Status.DEGRADED : Status.AVAILABLE;
    return new Option(method, status, refusal == null ? deadlineWith(order, method) : null, maxPerPayment, remaining,
        refusal, window);
  }
}
