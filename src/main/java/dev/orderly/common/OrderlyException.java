package dev.orderly.common;

import java.util.Map;

/**
 * The one exception type for refusals: a stable code, a detail for logs and the problem's
 * {@code detail} when no localized text exists, and extra members for the problem document.
 */
public class OrderlyException extends RuntimeException {

  private final ErrorCode code;
  private final transient Map<String, Object> properties;

  public OrderlyException(ErrorCode code, String detail) {
    this(code, detail, Map.of());
  }

  public OrderlyException(ErrorCode code, String detail, Map<String, Object> properties) {
    super(detail);
    this.code = code;
    this.properties = Map.copyOf(properties);
  }

  public ErrorCode code() {
    return code;
  }

  public Map<String, Object> properties() {
    return properties;
  }
}
