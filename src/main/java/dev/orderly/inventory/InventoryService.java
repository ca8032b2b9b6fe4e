package dev.orderly.inventory;

import dev.orderly.common.Cursor;
import dev.orderly.common.Page;
import org.jspecify.annotations.Nullable;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Ids;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.inventory.internal.ProductRepository;
import dev.orderly.inventory.internal.StockRepository;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The inventory module's API: products (the catalogue) and their stock. Stock moves take
 * quantities per product id, sorted, so that concurrent transactions lock products in one order;
 * they run inside the caller's transaction.
 */
@Service
public class InventoryService {

  private final ProductRepository products;
  private final StockRepository stock;
  private final Clock clock;

  InventoryService(ProductRepository products, StockRepository stock, Clock clock) {
    this.products = products;
    this.stock = stock;
    this.clock = clock;
  }

  /**
   * A product to list: {@code price} per unit in the currency's payable unit (greater than zero),
   * {@code stock} units available at once.
   */
  public record NewProduct(UUID sellerId, String sku, String title, Money price, int stock, boolean digital) {}

  /** Lists a product in the seller's shop; refuses a SKU the shop already uses with {@code 409 DUPLICATE_SKU}. */
  @Transactional
  public Product create(NewProduct p) {
    Product product = new Product(Ids.next(), p.sku(), p.sellerId(), p.title(), p.price(), p.digital(),
        new Product.Stock(p.stock(), 0));
    try {
      products.insert(product, clock.instant());
    } catch (DuplicateKeyException e) {
      throw new OrderlyException(ErrorCode.DUPLICATE_SKU, "this shop already has a product with SKU " + p.sku());
    }
    return product;
  }

  public Optional<Product> find(UUID id) {
    return products.find(id);
  }

  /** The products of these ids that exist, in no particular order. */
  public List<Product> findAll(Collection<UUID> ids) {
    return products.findAll(ids);
  }

  /** One shop's products, oldest first, at most {@code limit}. */
  /** One page of one shop's products ({@code sellerId}) or of the whole catalogue (null), oldest first. */
  public Page<Product> list(@Nullable UUID sellerId, @Nullable Cursor after, int limit) {
    return products.list(sellerId, after, limit);
  }

  /**
   * Moves quantities from available to reserved, all or nothing: the first product short of stock
   * refuses the whole reservation with {@code 409 INSUFFICIENT_STOCK} (the caller's transaction
   * rolls back the others).
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void reserve(SortedMap<UUID, Integer> quantities) {
    for (Map.Entry<UUID, Integer> line : quantities.entrySet()) {
      if (!stock.reserve(line.getKey(), line.getValue())) {
        int available = find(line.getKey()).map(p -> p.stock().available()).orElse(0);
        throw new OrderlyException(ErrorCode.INSUFFICIENT_STOCK,
            "only " + available + " available of product " + line.getKey() + ", " + line.getValue() + " requested",
            Map.of("productId", line.getKey(), "requested", line.getValue(), "available", available));
      }
    }
  }

  /** Returns reserved quantities to available (an unpaid order closed). */
  @Transactional(propagation = Propagation.MANDATORY)
  public void release(SortedMap<UUID, Integer> quantities) {
    stock.release(quantities);
  }

  /** Turns reservations into sales (an order paid). */
  @Transactional(propagation = Propagation.MANDATORY)
  public void sell(SortedMap<UUID, Integer> quantities) {
    stock.sell(quantities);
  }

  /** Returns sold quantities to available (a paid order cancelled before it shipped). */
  @Transactional(propagation = Propagation.MANDATORY)
  public void restock(SortedMap<UUID, Integer> quantities) {
    stock.restock(quantities);
  }
}
