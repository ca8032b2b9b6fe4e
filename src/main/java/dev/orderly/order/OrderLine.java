package dev.orderly.order;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** One line of an order: {@code quantity} units of a product at its unit price when the order was placed. */
public record OrderLine(UUID productId, int quantity, Money unitPrice) {

  /**
   * What the lines cost together; refuses no lines, or a total beyond what Orderly stores
   * ({@link Money#MAX_DIGITS} digits before the decimal point), with {@code 400 VALIDATION_FAILED}.
   */
  static Money total(List<OrderLine> lines) {
    if (lines.isEmpty()) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "an order needs at least one item");
    }
    // summed as plain numbers first: a line or total beyond what Orderly stores is the buyer's 400, not a 500
    BigDecimal sum = lines.stream()
        .map(l -> l.unitPrice().amount().multiply(BigDecimal.valueOf(l.quantity())))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    if (!Money.storable(sum)) {
      throw OrderlyException.invalid("items", "make a total of " + sum.toPlainString() + " "
          + lines.get(0).unitPrice().currency() + ", more than the largest amount an order may have ("
          + Money.MAX_DIGITS + " digits before the decimal point); order fewer");
    }
    return lines.stream().map(l -> l.unitPrice().times(l.quantity())).reduce(Money::plus).orElseThrow();
  }
}
