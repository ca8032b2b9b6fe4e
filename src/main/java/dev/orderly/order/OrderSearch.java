package dev.orderly.order;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The filters of an order list (API.md, Orders → filters), all optional and combined with AND,
 * always inside the caller's {@link ListScope}: a buyer filtering by another buyer finds nothing.
 *
 * @param number an exact order number, as printed ({@code 261123-7K3F9Q2M}); case, blanks and the
 *     dash do not matter, and Crockford base-32's look-alikes are read as the digits they stand for
 *     ({@code O} as 0, {@code I} and {@code L} as 1), so a number read out on the phone is found
 * @param buyerId the buyer's principal id (seller, support)
 * @param status the order's status
 * @param placedFrom placed at or after this instant
 * @param placedTo placed before this instant (exclusive), after {@code placedFrom}
 */
public record OrderSearch(@Nullable String number, @Nullable UUID buyerId, @Nullable OrderStatus status,
    @Nullable Instant placedFrom, @Nullable Instant placedTo) {

  /** The longest number accepted as a filter (a real one has 15 characters). */
  public static final int MAX_NUMBER = 32;

  public static final OrderSearch ALL = new OrderSearch(null, null, null, null, null);

  /** The shape of an order number once normalized: the UTC day, a dash, eight characters. */
  private static final Pattern NUMBER = Pattern.compile("[0-9]{6}-[0-9A-Z]{8}");

  /**
   * Refuses, with 400 {@code VALIDATION_FAILED} naming the member, a number that cannot be an order
   * number and a time range that is empty by construction.
   */
  public OrderSearch {
    if (placedFrom != null && placedTo != null && !placedTo.isAfter(placedFrom)) {
      throw invalid("placedTo", "must be after placedFrom");
    }
    number = number == null ? null : normalize(number);
    if (number != null && !NUMBER.matcher(number).matches()) {
      throw invalid("number", "must be an order number such as 261123-7K3F9Q2M");
    }
  }

  private static OrderlyException invalid(String member, String message) {
    return new OrderlyException(ErrorCode.VALIDATION_FAILED, member + " " + message,
        Map.of("errors", List.of(Map.of("field", member, "message", message))));
  }

  public static OrderSearch byStatus(@Nullable OrderStatus status) {
    return new OrderSearch(null, null, status, null, null);
  }

  /**
   * A number as typed or read out by a person, in the form numbers are stored: blanks anywhere and
   * the dash do not matter ({@code 261123 7k3f 9q2m}, {@code 2611237K3F9Q2M}), nor do case and
   * Crockford's look-alikes (no stored number has O, I or L).
   */
  static String normalize(String typed) {
    String compact = typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT)
        .replace('O', '0').replace('I', '1').replace('L', '1');
    return compact.length() == 14 ? compact.substring(0, 6) + "-" + compact.substring(6) : compact;
  }
}
