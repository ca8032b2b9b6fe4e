package dev.orderly.restriction.web;

import org.jspecify.annotations.Nullable;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Refusals;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.access.Role;
import dev.orderly.restriction.RestrictionService;
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
@Tag(name = "Support", description = "What support agents use: the queue, escalations, buyers' standing and restrictions, cancellations and refund retries.")
@RestController
class RestrictionController {

  private final RestrictionService restrictions;

  RestrictionController(RestrictionService restrictions) {
    this.restrictions = restrictions;
  }

  /** {@code caseId}: the support case the lift is done from (about one of the buyer's orders), also recorded there. */
  record Lift(@NotBlank @Size(max = 1000) String note, @Nullable UUID caseId) {}

  @Operation(operationId = "getBuyerStanding", summary = "Read a buyer's standing",
      description = "Whether the buyer is restricted from placing orders and until when, its expired and unpaid orders, and "
          + "its audit trail.")
  @Refusals({ErrorCode.NOT_FOUND})
  @GetMapping("/api/v1/support/buyers/{buyerId}")
  RestrictionService.Standing standing(@Allowed(Role.SUPPORT) Actor support, @PathVariable UUID buyerId) {
    return restrictions.standing(buyerId);
  }

  @Operation(operationId = "liftRestriction", summary = "Lift a buyer's restriction",
      description = "Support lifts a restriction with a note, recorded with the agent on the buyer's audit trail, and on "
          + "the case when caseId is given.")
  @Refusals({ErrorCode.NOT_FOUND, ErrorCode.CASE_NOT_FOUND, ErrorCode.ILLEGAL_CASE_TRANSITION})
  @PostMapping("/api/v1/support/buyers/{buyerId}/lift-restriction")
  RestrictionService.Standing lift(@Allowed(Role.SUPPORT) Actor support, @PathVariable UUID buyerId,
      @Valid @RequestBody Lift body) {
    return restrictions.lift(support, buyerId, body.note(), body.caseId());
  }
}
