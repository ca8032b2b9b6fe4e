package dev.orderly.payment;

import dev.orderly.common.Money;
import java.util.Map;
import java.util.UUID;

/**
 * The provider SPI: what Orderly needs of any payment provider. Implementations speak the
 * provider's protocol; they throw {@link ProviderUnavailableException} when it cannot be reached.
 */
public interface PaymentGateway {

  String name();

  record Created(String reference, String redirectUrl) {}

  /** A provider's word on a payment, from a callback or a query. */
  record ProviderResult(String reference, AttemptStatus status) {}

  enum CloseResult { CLOSED, ALREADY_PAID, ALREADY_FAILED }

  Created create(UUID attemptId, PaymentMethod method, Money amount, String callbackUrl);

  ProviderResult query(String reference);

  /** Closes a pending payment so it can no longer succeed; a paid one answers ALREADY_PAID. */
  CloseResult close(String reference);

  /** Verifies a callback's signature and freshness and reads it; throws when forged or stale. */
  ProviderResult verifyCallback(Map<String, String> headers, byte[] body);
}
