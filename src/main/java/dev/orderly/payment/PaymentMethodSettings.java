package dev.orderly.payment;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Per-method settings, {@code orderly.payment.methods.<METHOD>.*}: whether it is offered, its own
 * payment window (a bank transfer needs longer than a card), its limits per payment and per buyer
 * per day (per currency), and how long its refunds take to reach the buyer.
 */
@Component
@ConfigurationProperties("orderly.payment")
public class PaymentMethodSettings {

  private final Map<PaymentMethod, Method> methods = new EnumMap<>(PaymentMethod.class);

  public Map<PaymentMethod, Method> getMethods() {
    return methods;
  }

  /** How long a refund with this method takes to reach the buyer once the provider has it. */
  public Duration refundTime(PaymentMethod method) {
    return of(method).getRefundTime();
  }

  Method of(PaymentMethod method) {
    return methods.getOrDefault(method, Method.DEFAULT);
  }

  /** One method's settings; absent limits mean no limit in that currency. */
  public static class Method {
    static final Method DEFAULT = new Method();

    private boolean enabled = true;
    private Duration paymentWindow;
    private Duration refundTime = Duration.ofDays(3);
    private Set<String> currencies = new HashSet<>();
    private Map<String, BigDecimal> maxPerPayment = new HashMap<>();
    private Map<String, BigDecimal> maxPerBuyerPerDay = new HashMap<>();

    boolean accepts(String currency) {
      return enabled && (currencies.isEmpty() || currencies.stream().anyMatch(c -> c.equalsIgnoreCase(currency)));
    }

    BigDecimal maxPerPayment(String currency) {
      return find(maxPerPayment, currency);
    }

    BigDecimal maxPerBuyerPerDay(String currency) {
      return find(maxPerBuyerPerDay, currency);
    }

    // property map keys may arrive lower-cased
    private static BigDecimal find(Map<String, BigDecimal> byCurrency, String currency) {
      BigDecimal exact = byCurrency.get(currency);
      return exact != null ? exact : byCurrency.get(currency.toLowerCase(Locale.ROOT));
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Duration getPaymentWindow() { return paymentWindow; }
    public void setPaymentWindow(Duration paymentWindow) { this.paymentWindow = paymentWindow; }
    public Duration getRefundTime() { return refundTime; }
    public void setRefundTime(Duration refundTime) { this.refundTime = refundTime; }
    public Set<String> getCurrencies() { return currencies; }
    public void setCurrencies(Set<String> currencies) { this.currencies = currencies; }
    public Map<String, BigDecimal> getMaxPerPayment() { return maxPerPayment; }
    public void setMaxPerPayment(Map<String, BigDecimal> maxPerPayment) { this.maxPerPayment = maxPerPayment; }
    public Map<String, BigDecimal> getMaxPerBuyerPerDay() { return maxPerBuyerPerDay; }
    public void setMaxPerBuyerPerDay(Map<String, BigDecimal> maxPerBuyerPerDay) { this.maxPerBuyerPerDay = maxPerBuyerPerDay; }
  }
}
