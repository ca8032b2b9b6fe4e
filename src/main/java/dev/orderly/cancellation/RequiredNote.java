package dev.orderly.cancellation;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Notes that must say something: refused with {@code 400 VALIDATION_FAILED} naming the field. */
final class RequiredNote {
  private RequiredNote() {}

  static void require(@Nullable String text, String field, String why) {
    if (text == null || text.isBlank()) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, why,
          Map.of("errors", List.of(Map.of("field", field, "message", why))));
    }
  }

  /** A reason of OTHER (the buyer's or the seller's) must say why. */
  static void requireForOther(boolean other, @Nullable String note) {
    if (other) {
      require(note, "note", "reason OTHER needs a note saying why");
    }
  }
}
