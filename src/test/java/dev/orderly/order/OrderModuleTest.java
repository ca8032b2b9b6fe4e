package dev.orderly.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.access.Actor;
import dev.orderly.access.PrincipalService;
import dev.orderly.access.Role;
import dev.orderly.common.Money;
import dev.orderly.inventory.InventoryService;
import dev.orderly.inventory.Product;
import dev.orderly.support.TestEnvironment;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The order module bootstrapped with only the modules it depends on (inventory, policy, access,
 * timer, …): placing an order publishes {@link OrderPlaced} in the placing transaction. The timers
 * do not run here: this context shares the test database with the HTTP tests' server, whose
 * timers own it.
 */
// the shared parts (common: the clock), the principals the test creates (access) and the problem writer access
// refuses with (web) are used, not referenced as beans
@ApplicationModuleTest(mode = ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES, extraIncludes = {"common", "access", "web"})
@TestPropertySource(properties = {"orderly.mode=demo", "orderly.demo.seed=false", "orderly.timers.enabled=false"})
// a context of its own: closed after the class, so its connections do not stay open while other tests run
@DirtiesContext
class OrderModuleTest {

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestEnvironment.configure(registry);
  }

  @Autowired
  OrderPlacement placement;
  @Autowired
  OrderService orders;
  @Autowired
  InventoryService inventory;
  @Autowired
  PrincipalService principals;

  @Test
  void placingAnOrderPublishesOrderPlacedAndReservesTheStock(Scenario scenario) {
    Actor seller = actor(Role.SELLER);
    Actor buyer = actor(Role.BUYER);
    Product tea = inventory.create(new InventoryService.NewProduct(seller.id(), "TEA-" + UUID.randomUUID(), "Tea",
        Money.of("4.50", "EUR"), 5, false));

    scenario.stimulate(() -> placement.place(buyer, List.of(new OrderPlacement.Item(tea.id(), 2)), null))
        .andWaitForEventOfType(OrderPlaced.class)
        .matching(placed -> orders.find(placed.orderId()).map(o -> o.buyerId().equals(buyer.id())).orElse(false))
        .toArriveAndVerify((placed, order) -> {
          assertThat(placed.orderId()).isEqualTo(order.id());
          assertThat(orders.get(buyer, order.id()).status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
          assertThat(orders.get(buyer, order.id()).total()).isEqualTo(Money.of("9.00", "EUR"));
          assertThat(inventory.find(tea.id()).orElseThrow().stock()).isEqualTo(new Product.Stock(3, 2));
        });
  }

  private Actor actor(Role role) {
    return TestEnvironment.newActor(principals, role);
  }
}
