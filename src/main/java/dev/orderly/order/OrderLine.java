package dev.orderly.order;

import dev.orderly.common.Money;
import java.util.UUID;

/** One line of an order: {@code quantity} units of a product at its unit price when the order was placed. */
public record OrderLine(UUID productId, int quantity, Money unitPrice) {}
