package dev.orderly.payment;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import dev.orderly.payment.internal.PaymentAttemptRepository;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The payment providers this instance can talk to, by name, and which one serves each method
 * ({@code orderly.payment.methods.<METHOD>.provider}, default {@code sandbox}). A provider that is
 * not configured (its required {@code orderly.payment.providers.<name>.*} settings are not all set)
 * simply has no gateway: its methods are {@code UNAVAILABLE} with
 * {@code PAYMENT_METHOD_NOT_AVAILABLE}, its callback address answers 404, and work left on its
 * attempts (a check, a close, a refund) waits as if it were unreachable.
 */
@Component
public class PaymentProviders {

  private static final Logger log = LoggerFactory.getLogger(PaymentProviders.class);

  private final Map<String, PaymentGateway> byName;
  private final PaymentMethodSettings settings;
  private final PaymentAttemptRepository attempts;

  PaymentProviders(List<PaymentGateway> gateways, PaymentMethodSettings settings, PaymentAttemptRepository attempts) {
    this.byName = gateways.stream().collect(Collectors.toUnmodifiableMap(PaymentGateway::name, Function.identity()));
    this.settings = settings;
    this.attempts = attempts;
    // say at start what takes money, and which methods are routed to a provider that is not there
    log.info("payment providers configured here: {}", byName.keySet().stream().sorted().toList());
    Arrays.stream(PaymentMethod.values())
        .filter(m -> settings.of(m).isEnabled() && !byName.containsKey(settings.of(m).getProvider()))
        .collect(Collectors.groupingBy(m -> settings.of(m).getProvider(), TreeMap::new, Collectors.toList()))
        .forEach((provider, methods) -> log.warn("payment methods {} are routed to provider '{}', which is not "
            + "configured here (its required orderly.payment.providers.{}.* settings are not all set): they are "
            + "UNAVAILABLE", methods, provider, provider));
  }


  /** The configured provider with this name (as in {@code /provider-callbacks/{name}}). */
  public Optional<PaymentGateway> named(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The provider that takes new payments with this method, when it is configured. */
  public Optional<PaymentGateway> forMethod(PaymentMethod method) {
    return named(settings.of(method).getProvider());
  }

  /** The provider that takes new payments with this method in this currency, when it is configured and can. */
  public Optional<PaymentGateway> forMethod(PaymentMethod method, String currency) {
    return forMethod(method).filter(gateway -> gateway.takes(method, currency));
  }

  /** Whether the buyer pays this attempt by scanning a code with the provider's app (its redirect address is that code). */
  public boolean paysByQrCode(PaymentAttempt attempt) {
    return named(attempt.provider()).map(PaymentGateway::paysByQrCode).orElse(false);
  }

  /** The provider an attempt was made with; "unreachable" when it is no longer configured. */
  public PaymentGateway of(PaymentAttempt attempt) {
    return named(attempt.provider()).orElseThrow(() -> notConfigured(attempt.provider()));
  }

  /**
   * The provider that took a payment, for giving its money back. Refuses an unknown payment with
   * {@code PAYMENT_NOT_FOUND}; throws {@link ProviderUnavailableException} when it is not configured.
   */
  public PaymentGateway ofPayment(UUID paymentId) {
    String provider = attempts.providerOf(paymentId)
        .orElseThrow(() -> new OrderlyException(ErrorCode.PAYMENT_NOT_FOUND, "no payment " + paymentId));
    return named(provider).orElseThrow(() -> notConfigured(provider));
  }

  private static ProviderUnavailableException notConfigured(String provider) {
    return new ProviderUnavailableException("payment provider '" + provider + "' is not configured in this instance");
  }
}
