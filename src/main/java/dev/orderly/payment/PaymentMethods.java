package dev.orderly.payment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/** The catalogue of payment methods as configured, with each one's current health. */
@Component
class PaymentMethods {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record MethodInfo(PaymentMethod method, boolean enabled, PaymentOptions.Status status, Duration paymentWindow,
      Duration refundTime, Set<String> currencies, Map<String, BigDecimal> maxPerPayment,
      Map<String, BigDecimal> maxPerBuyerPerDay) {}

  private final PaymentMethodSettings settings;
  private final MethodHealth health;

  PaymentMethods(PaymentMethodSettings settings, MethodHealth health) {
    this.settings = settings;
    this.health = health;
  }

  List<MethodInfo> all() {
    Set<PaymentMethod> degraded = health.degradedMethods();
    return Arrays.stream(PaymentMethod.values()).map(m -> {
      PaymentMethodSettings.Method s = settings.of(m);
      PaymentOptions.Status status = !s.isEnabled() ? PaymentOptions.Status.UNAVAILABLE
          : degraded.contains(m) ? PaymentOptions.Status.DEGRADED : PaymentOptions.Status.AVAILABLE;
      return new MethodInfo(m, s.isEnabled(), status, s.getPaymentWindow(), s.getRefundTime(),
          s.getCurrencies().isEmpty() ? null : s.getCurrencies(), upper(s.getMaxPerPayment()),
          upper(s.getMaxPerBuyerPerDay()));
    }).toList();
  }

  private static Map<String, BigDecimal> upper(Map<String, BigDecimal> byCurrency) {
    Map<String, BigDecimal> out = new TreeMap<>();
    byCurrency.forEach((c, v) -> out.put(c.toUpperCase(java.util.Locale.ROOT), v));
    return out;
  }
}
