package dev.orderly.payment;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;

/** The provider did not answer, or answered with a server error: {@code PROVIDER_UNAVAILABLE} (503), worth retrying. */
public class ProviderUnavailableException extends OrderlyException {
  public ProviderUnavailableException(String detail) {
    super(ErrorCode.PROVIDER_UNAVAILABLE, detail);
  }
}
