package dev.orderly.inventory.web;

import dev.orderly.common.Cursor;
import dev.orderly.common.Paged;
import org.springframework.http.ResponseEntity;
import org.jspecify.annotations.Nullable;
import dev.orderly.common.Refusals;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.access.Role;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Money;
import dev.orderly.common.PageLimit;
import dev.orderly.common.OrderlyException;
import dev.orderly.inventory.InventoryService;
import dev.orderly.inventory.Product;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Products", description = "Sellers list products with their stock; everyone reads the catalogue.")
@RestController
@RequestMapping("/api/v1/products")
class ProductController {

  private final InventoryService inventory;

  ProductController(InventoryService inventory) {
    this.inventory = inventory;
  }

  record CreateProduct(
      @NotBlank @Size(max = 64) String sku,
      @NotBlank @Size(max = 200) String title,
      @NotNull Money price,
      @NotNull @PositiveOrZero @Max(1_000_000) Integer stock,
      @org.jspecify.annotations.Nullable Boolean digital) {}

  @Operation(operationId = "createProduct", summary = "List a product",
      description = "Adds a product to the calling seller's shop with its price (in the currency's payable unit) and stock.")
  @Refusals({ErrorCode.DUPLICATE_SKU})
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Product create(@Allowed(Role.SELLER) Actor seller, @Valid @RequestBody CreateProduct body) {
    if (body.price().amount().signum() <= 0) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "price must be greater than zero");
    }
    return inventory.create(new InventoryService.NewProduct(seller.id(), body.sku().strip(), body.title().strip(),
        body.price(), body.stock(), Boolean.TRUE.equals(body.digital())));
  }

  @Operation(operationId = "getProduct", summary = "Read a product",
      description = "A product with its price and stock (available and reserved by unpaid orders).")
  @Refusals({ErrorCode.PRODUCT_NOT_FOUND})
  @GetMapping("/{id}")
  Product get(Actor actor, @PathVariable UUID id) {
    return inventory.find(id)
        .orElseThrow(() -> new OrderlyException(ErrorCode.PRODUCT_NOT_FOUND, "no product " + id));
  }

  /** A seller sees its own products; others see the catalogue. */
  @Operation(operationId = "listProducts", summary = "List products",
      description = "A seller sees its own products; others see the catalogue, optionally one shop's (sellerId); oldest "
          + "first. Paged like every list: limit, cursor, and the next page in the Link header (rel=\"next\").")
  @GetMapping
  ResponseEntity<List<Product>> list(Actor actor, @RequestParam(required = false) @Nullable UUID sellerId,
      @RequestParam(required = false) @Nullable Cursor cursor,
      @RequestParam(defaultValue = PageLimit.DEFAULT) @Min(PageLimit.MIN) @Max(PageLimit.MAX) int limit) {
    UUID shop = actor.is(Role.SELLER) ? actor.id() : sellerId;
    return Paged.answer(inventory.list(shop, cursor, limit));
  }
}
