package dev.orderly.restriction;

import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.access.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Support's view of a buyer's standing (restriction, expiries, unpaid orders) and the lift. */
@RestController
class RestrictionController {

  private final RestrictionService restrictions;

  RestrictionController(RestrictionService restrictions) {
    this.restrictions = restrictions;
  }

  record Lift(@NotBlank @Size(max = 1000) String note) {}

  @GetMapping("/api/v1/support/buyers/{buyerId}")
  RestrictionService.Standing standing(@Allowed(Role.SUPPORT) Actor support, @PathVariable UUID buyerId) {
    return restrictions.standing(buyerId);
  }

  @PostMapping("/api/v1/support/buyers/{buyerId}/lift-restriction")
  RestrictionService.Standing lift(@Allowed(Role.SUPPORT) Actor support, @PathVariable UUID buyerId,
      @Valid @RequestBody Lift body) {
    return restrictions.lift(support, buyerId, body.note());
  }
}
