package dev.orderly.cancellation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.access.Actor;
import dev.orderly.access.PrincipalService;
import dev.orderly.access.Role;
import dev.orderly.common.Money;
import dev.orderly.inventory.InventoryService;
import dev.orderly.inventory.Product;
import dev.orderly.order.CancelReason;
import dev.orderly.order.Order;
import dev.orderly.order.OrderCancelled;
import dev.orderly.order.OrderPlacement;
import dev.orderly.order.OrderService;
import dev.orderly.order.OrderStatus;
import dev.orderly.support.TestEnvironment;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.AssertablePublishedEvents;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The cancellation module bootstrapped with only the modules it depends on (order, payment,
 * refund, inventory, …): a buyer's cancellation of an order awaiting payment is granted at once
 * and publishes {@link OrderCancelled} and the request's steps. The timers do not run here: this
 * context shares the test database with the HTTP tests' server, whose timers own it.
 */
// the shared parts (common: the clock), the principals the test creates (access) and the problem writer access
// refuses with (web) are used, not referenced as beans
@ApplicationModuleTest(mode = ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES, extraIncludes = {"common", "access", "web"})
@TestPropertySource(properties = {"orderly.mode=demo", "orderly.demo.seed=false", "orderly.timers.enabled=false"})
// a context of its own: closed after the class, so its connections do not stay open while other tests run
@DirtiesContext
class CancellationModuleTest {

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestEnvironment.configure(registry);
  }

  @Autowired
  CancellationRequests requests;
  @Autowired
  OrderPlacement placement;
  @Autowired
  OrderService orders;
  @Autowired
  InventoryService inventory;
  @Autowired
  PrincipalService principals;

  @Test
  void cancellingAnOrderAwaitingPaymentPublishesOrderCancelled(Scenario scenario) {
    Actor buyer = actor(Role.BUYER);
    Order order = unpaidOrder(buyer);

    scenario.stimulate(() -> requests.request(buyer, order.id(), CancellationReason.CHANGED_MIND, null, null))
        .andWaitForEventOfType(OrderCancelled.class)
        .matchingMappedValue(OrderCancelled::orderId, order.id())
        .toArriveAndVerify((cancelled, request) -> {
          assertThat(cancelled.reason()).isEqualTo(CancelReason.BUYER_CANCELLED);
          assertThat(request.status()).isEqualTo(CancellationStatus.APPROVED);
          assertThat(request.confirmationNumber()).isEqualTo("CX-" + order.number());
          assertThat(orders.get(buyer, order.id()).status()).isEqualTo(OrderStatus.CANCELLED);
        });
  }

  @Test
  void aRequestGrantedAtOnceIsAnnouncedAsRequestedThenDecided(AssertablePublishedEvents events) {
    Actor buyer = actor(Role.BUYER);
    Order order = unpaidOrder(buyer);

    CancellationRequest request = requests.request(buyer, order.id(), CancellationReason.DUPLICATE_ORDER, null, null);

    assertThat(events.ofType(CancellationEvent.class).matching(e -> e.cancellationId().equals(request.id())))
        .extracting(CancellationEvent::step)
        .containsExactly(CancellationStep.REQUESTED, CancellationStep.DECIDED);
    assertThat(events).contains(OrderCancelled.class)
        .matchingValue(OrderCancelled::orderId, order.id())
        .matchingValue(OrderCancelled::reason, CancelReason.BUYER_CANCELLED);
  }

  private Order unpaidOrder(Actor buyer) {
    Actor seller = actor(Role.SELLER);
    Product mug = inventory.create(new InventoryService.NewProduct(seller.id(), "MUG-" + UUID.randomUUID(), "Mug",
        Money.of("12.00", "EUR"), 3, false));
    return placement.place(buyer, List.of(new OrderPlacement.Item(mug.id(), 1)), null);
  }

  private Actor actor(Role role) {
    return TestEnvironment.newActor(principals, role);
  }
}
