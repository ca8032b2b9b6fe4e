package dev.orderly.order;

import dev.orderly.common.Money;
import java.util.UUID;

public record OrderLine(UUID productId, int quantity, Money unitPrice) {}
