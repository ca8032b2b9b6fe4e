package dev.orderly.payment.internal;

import dev.orderly.payment.PaymentAttempt;
import dev.orderly.payment.PaymentGateway.ProviderResult;
import dev.orderly.payment.PaymentProviders;
import dev.orderly.payment.ProviderUnavailableException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Asking the provider where an attempt stands ("I have paid", reconciliation, the deadline check).
 * A provider that cannot be reached counts against the method's health, once per attempt.
 */
@Component
public class ProviderQueries {

  private final PaymentProviders providers;
  private final MethodHealth health;

  ProviderQueries(PaymentProviders providers, MethodHealth health) {
    this.providers = providers;
    this.health = health;
  }

  /** The provider's word; throws {@link ProviderUnavailableException} ({@code PROVIDER_UNAVAILABLE}) when unreachable. */
  public ProviderResult query(PaymentAttempt attempt) {
    try {
      return providers.of(attempt).query(attempt.providerReference());
    } catch (ProviderUnavailableException e) {
      health.record(attempt.method(), MethodHealth.Outcome.UNREACHABLE, attempt.id());
      throw e;
    }
  }

  /** The provider's word, or empty when it cannot be reached. */
  public Optional<ProviderResult> ask(PaymentAttempt attempt) {
    try {
      return Optional.of(query(attempt));
    } catch (ProviderUnavailableException e) {
      return Optional.empty();
    }
  }
}
