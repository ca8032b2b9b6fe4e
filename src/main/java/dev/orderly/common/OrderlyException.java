package dev.orderly.common;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one exception type for refusals: a stable code, a detail for logs and the problem's
 * {@code detail} when no localized text exists, and extra members for the problem document.
 */
public class OrderlyException extends RuntimeException {

  /**
   * Names a problem document's extension members must not take (RFC 9457 §3.1, and our own
   * {@code code} and {@code reason}): with two members of one name, parsers keep the last, so an
   * order's {@code "status": "PAID"} would be read as the HTTP status. Say {@code orderStatus}.
   */
  public static final Set<String> RESERVED_MEMBERS =
      Set.of("type", "title", "status", "detail", "instance", "code", "reason");

  private final ErrorCode code;
  private final transient Map<String, Object> properties;

  public OrderlyException(ErrorCode code, String detail) {
    this(code, detail, Map.of());
  }

  public OrderlyException(ErrorCode code, String detail, Map<String, Object> properties) {
    super(detail);
    for (String name : properties.keySet()) {
      if (RESERVED_MEMBERS.contains(name)) {
        throw new IllegalArgumentException("problem member '" + name + "' is reserved; name it after what it is");
      }
    }
    this.code = code;
    this.properties = Map.copyOf(properties);
  }

  /**
   * A {@code VALIDATION_FAILED} that names the offending member ({@code items[0].quantity}, a
   * query parameter, a header) in the problem's {@code errors}, as every 400 should.
   */
  public static OrderlyException invalid(String member, String message) {
    return new OrderlyException(ErrorCode.VALIDATION_FAILED, member.isEmpty() ? message : member + " " + message,
        memberErrors(member, message));
  }

  /** The {@code errors} member of a problem naming one offending member. */
  public static Map<String, Object> memberErrors(String member, String message) {
    return Map.of("errors", List.of(Map.of("field", member, "message", message)));
  }

  public ErrorCode code() {
    return code;
  }

  public Map<String, Object> properties() {
    return properties;
  }
}
