package dev.orderly.inventory;

import dev.orderly.common.Money;
import java.util.UUID;

public record Product(UUID id, String sku, UUID sellerId, String title, Money price, boolean digital, Stock stock) {

  /** {@code available} can be bought now; {@code reserved} is held by unpaid orders. */
  public record Stock(int available, int reserved) {}
}
