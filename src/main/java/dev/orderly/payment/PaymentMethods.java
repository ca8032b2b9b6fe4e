package dev.orderly.payment;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Money;
import dev.orderly.payment.internal.MethodHealth;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** The catalogue of payment methods as configured, with each one's current health. */
@Component
public class PaymentMethods {

  /**
   * One method: {@code UNAVAILABLE} (with {@code refusal}) when switched off, its provider is not
   * configured here or takes none of its currencies; the currencies it takes (those it has a
   * per-payment limit in, and its provider takes) and its limits
   * as money; its window and refund time as ISO-8601 durations.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MethodInfo(PaymentMethod method, boolean enabled, String provider, PaymentOptions.Status status,
      @Nullable ErrorCode refusal, @Nullable Duration paymentWindow, Duration refundTime, Set<String> currencies,
      List<Money> maxPerPayment, List<Money> maxPerBuyerPerDay) {}

  private final PaymentMethodSettings settings;
  private final PaymentProviders providers;
  private final MethodHealth health;

  PaymentMethods(PaymentMethodSettings settings, PaymentProviders providers, MethodHealth health) {
    this.settings = settings;
    this.providers = providers;
    this.health = health;
  }

  /** Every method, in {@link PaymentMethod} order. */
  public List<MethodInfo> all() {
    Set<PaymentMethod> degraded = health.degradedMethods();
    return Arrays.stream(PaymentMethod.values()).map(m -> {
      PaymentMethodSettings.Method s = settings.of(m);
      Optional<PaymentGateway> provider = providers.forMethod(m);
      // the currencies both the method's settings and its provider take
      Set<String> currencies = new TreeSet<>(s.acceptedCurrencies());
      currencies.removeIf(c -> provider.isEmpty() || !provider.get().takes(m, c));
      boolean usable = s.isEnabled() && !currencies.isEmpty();
      PaymentOptions.Status status = !usable ? PaymentOptions.Status.UNAVAILABLE
          : degraded.contains(m) ? PaymentOptions.Status.DEGRADED : PaymentOptions.Status.AVAILABLE;
      return new MethodInfo(m, s.isEnabled(), s.getProvider(), status,
          usable ? null : ErrorCode.PAYMENT_METHOD_NOT_AVAILABLE, s.getPaymentWindow(), s.getRefundTime(),
          currencies, money(s.getMaxPerPayment(), currencies), money(s.getMaxPerBuyerPerDay(), currencies));
    }).toList();
  }

  /** The limits in the currencies the method takes, as money, by currency code. */
  private static List<Money> money(Map<String, BigDecimal> byCurrency, Set<String> currencies) {
    return byCurrency.entrySet().stream()
        .map(e -> new Money(e.getValue(), e.getKey().toUpperCase(Locale.ROOT)))
        .filter(limit -> currencies.contains(limit.currency()))
        .sorted(Comparator.comparing(Money::currency)).toList();
  }
}
