package dev.orderly.web;

import org.jspecify.annotations.Nullable;
import dev.orderly.common.OrderlyException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Says which member of a JSON body was refused and why, in words for the caller rather than
 * Jackson's (which name Java types): {@code items[0].quantity: must be an integer (a JSON number)}.
 */
final class JsonProblems {
  private JsonProblems() {}

  private static final Pattern DUPLICATE = Pattern.compile("Duplicate Object property \"([^\"]*)\"");

  record Refusal(String member, String message) {}

  /** The member and message for a body Jackson could not read; the member is "" for the body itself. */
  static Refusal explain(JacksonException e) {
    String path = path(e);
    if (e instanceof UnrecognizedPropertyException u) {
      String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream().map(String::valueOf)
          .sorted().collect(Collectors.joining(", "));
      return new Refusal(path, "is not a member of this request" + (known.isEmpty() ? "" : "; its members are " + known));
    }
    if (e instanceof StrictJson.InvalidValue) {
      return new Refusal(path, e.getOriginalMessage());
    }
    if (e instanceof StreamConstraintsException) {
      return new Refusal(path, "exceeds a limit of the JSON reader: " + firstLine(e.getOriginalMessage()));
    }
    Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
    if (duplicate.find()) {
      String member = path.isEmpty() ? duplicate.group(1) : path + "." + duplicate.group(1);
      return new Refusal(member, "is given more than once");
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      String expected = expected(m.getTargetType());
      if (e instanceof InvalidFormatException f && f.getValue() != null && expected != null) {
        return new Refusal(path, "must be " + expected + "; got " + abbreviate(String.valueOf(f.getValue())));
      }
      if (expected != null) {
        return new Refusal(path, "must be " + expected);
      }
    }
    return new Refusal(path, path.isEmpty() ? "is not valid JSON of the expected shape: "
        + firstLine(e.getOriginalMessage()) : "is not valid here: " + firstLine(e.getOriginalMessage()));
  }

  /** The member an {@link OrderlyException} raised while reading a body (Money, say) was about. */
  static Map<String, Object> withMember(OrderlyException e, JacksonException where) {
    if (e.properties().containsKey("errors")) {
      return e.properties();
    }
    return OrderlyException.memberErrors(path(where), e.getMessage());
  }

  /** {@code items[0].quantity}: JSON names and array indexes, as a client wrote them. */
  static String path(JacksonException e) {
    StringBuilder out = new StringBuilder();
    for (JacksonException.Reference r : e.getPath()) {
      if (r.getPropertyName() != null) {
        if (!out.isEmpty()) {
          out.append('.');
        }
        out.append(r.getPropertyName());
      } else if (r.getIndex() >= 0) {
        out.append('[').append(r.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static @Nullable String expected(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class
        || type == Short.class || type == short.class || type == BigInteger.class) {
      return "an integer (a JSON number without quotes)";
    }
    if (type == BigDecimal.class || type == Double.class || type == double.class) {
      return "a number (a JSON number without quotes)";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == UUID.class) {
      return "a UUID string";
    }
    if (type == Instant.class) {
      return "an ISO-8601 instant string such as \"2026-01-31T12:00:00Z\"";
    }
    if (type == Duration.class) {
      return "an ISO-8601 duration string such as \"PT30M\"";
    }
    if (type.isEnum()) {
      return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name())
          .collect(Collectors.joining(", "));
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (type.isRecord() || Map.class.isAssignableFrom(type)) {
      return "an object";
    }
    return null;
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
