package dev.orderly.inventory;

import dev.orderly.common.Money;
import java.util.UUID;

/**
 * A product of one shop: its SKU (unique in the shop), title, unit price and stock; a digital
 * product cannot be cancelled once paid unless the seller's policy allows it.
 */
public record Product(UUID id, String sku, UUID sellerId, String title, Money price, boolean digital, Stock stock) {

  /** {@code available} can be bought now; {@code reserved} is held by unpaid orders. Units, not money. */
  public record Stock(int available, int reserved) {}
}
