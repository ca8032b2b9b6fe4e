package dev.orderly.payment;

import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.common.UnsafeConfigurationException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Per-method settings, {@code orderly.payment.methods.<METHOD>.*}: whether it is offered, its own
 * payment window (a bank transfer needs longer than a card), its limits per payment and per buyer
 * per day (per currency), and how long its refunds take to reach the buyer.
 */
@Component
@ConfigurationProperties("orderly.payment")
public class PaymentMethodSettings implements InitializingBean {

  private final Map<PaymentMethod, Method> methods = new EnumMap<>(PaymentMethod.class);

  public Map<PaymentMethod, Method> getMethods() {
    return methods;
  }

  /**
   * Refuses to start with a limit Orderly could not charge or store: each must be money in the
   * currency's payable unit ({@code max-per-payment.IDR=75000000.5} is refused), and a daily limit
   * needs a per-payment limit in the same currency (without one the currency is not taken at all).
   */
  @Override
  public void afterPropertiesSet() {
    methods.forEach((method, m) -> {
      String prefix = "orderly.payment.methods." + method + ".";
      m.maxPerPayment.forEach((currency, limit) -> requireMoney(prefix + "max-per-payment." + currency, limit, currency));
      m.maxPerBuyerPerDay.forEach((currency, limit) -> {
        requireMoney(prefix + "max-per-buyer-per-day." + currency, limit, currency);
        if (m.maxPerPayment(currency.toUpperCase(Locale.ROOT)) == null) {
          throw new UnsafeConfigurationException(prefix + "max-per-buyer-per-day." + currency,
              "is set, but " + prefix + "max-per-payment." + currency + " is not",
              "Set a per-payment limit in " + currency + " too, or remove the daily one.");
        }
      });
    });
  }

  private static void requireMoney(String setting, BigDecimal limit, String currency) {
    try {
      new Money(limit, currency.toUpperCase(Locale.ROOT));
    } catch (OrderlyException e) {
      throw new UnsafeConfigurationException(setting, "is not a payable amount: " + e.getMessage(),
          "Write the limit as an amount in the currency's payable unit (whole units for IDR).");
    }
  }

  /** How long a refund with this method takes to reach the buyer once the provider has it. */
  public Duration refundTime(PaymentMethod method) {
    return of(method).getRefundTime();
  }

  public Method of(PaymentMethod method) {
    return methods.getOrDefault(method, Method.DEFAULT);
  }

  /** One method's settings; absent limits mean no limit in that currency. */
  public static class Method {
    static final Method DEFAULT = new Method();

    private boolean enabled = true;
    private String provider = "sandbox";
    private Duration paymentWindow;
    private Duration refundTime = Duration.ofDays(3);
    private Set<String> currencies = new HashSet<>();
    private Map<String, BigDecimal> maxPerPayment = new HashMap<>();
    private Map<String, BigDecimal> maxPerBuyerPerDay = new HashMap<>();

    /**
     * Whether the method takes payments in this currency: it is on, it has a per-payment limit in
     * the currency (a currency without limits is not one the method takes: no order escapes every
     * limit by being in EUR or KWD), and {@code currencies}, when set, lists it.
     */
    boolean accepts(String currency) {
      return enabled && maxPerPayment(currency) != null
          && (currencies.isEmpty() || currencies.stream().anyMatch(c -> c.equalsIgnoreCase(currency)));
    }

    /** The currencies the method takes, upper case, sorted. */
    SortedSet<String> acceptedCurrencies() {
      SortedSet<String> out = new TreeSet<>();
      maxPerPayment.keySet().stream().map(c -> c.toUpperCase(Locale.ROOT)).filter(this::accepts).forEach(out::add);
      return out;
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

    public String getProvider() { return provider; }
    public void setProvider(String provider) { this.provider = provider; }
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
