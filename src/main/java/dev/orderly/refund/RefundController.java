package dev.orderly.refund;

import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.access.Role;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class RefundController {
  private final RefundService refunds;

  RefundController(RefundService refunds) {
    this.refunds = refunds;
  }

  @GetMapping("/api/v1/orders/{orderId}/refunds")
  List<Refund> ofOrder(Actor actor, @PathVariable UUID orderId) {
    return refunds.ofOrder(actor, orderId);
  }

  @GetMapping("/api/v1/refunds/{id}")
  Refund get(Actor actor, @PathVariable UUID id) {
    return refunds.get(actor, id);
  }

  /** Support sends a failed refund to the provider again. */
  @PostMapping("/api/v1/refunds/{id}/retry")
  Refund retry(@Allowed(Role.SUPPORT) Actor support, @PathVariable UUID id) {
    return refunds.retry(support, id);
  }
}
