package dev.orderly.refund.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.RequestBody;
import dev.orderly.common.Cursor;
import dev.orderly.common.Keyset;
import dev.orderly.common.Page;
import dev.orderly.common.PageLimit;
import dev.orderly.common.Paged;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestParam;
import org.jspecify.annotations.Nullable;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Refusals;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.access.Role;
import dev.orderly.refund.RefundService;
import dev.orderly.refund.RefundView;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Refunds over HTTP: reads for whoever may see the order, retries for support. */
@Tag(name = "Refunds", description = "Money going back to buyers, tracked until it arrives; support retries the ones needing attention.")
@RestController
class RefundController {
  private final RefundService refunds;

  RefundController(RefundService refunds) {
    this.refunds = refunds;
  }

  @Operation(operationId = "listOrderRefunds", summary = "List an order's refunds",
      description = "Every refund of the order with its cause, status, attempts and the date the money is expected; oldest "
          + "first, paged like every list (limit, cursor, Link).")
  @Refusals({ErrorCode.ORDER_NOT_FOUND})
  @GetMapping("/api/v1/orders/{orderId}/refunds")
  ResponseEntity<List<RefundView>> ofOrder(Actor actor, @PathVariable UUID orderId,
      @RequestParam(required = false) @Nullable Cursor cursor,
      @RequestParam(defaultValue = PageLimit.DEFAULT) @Min(PageLimit.MIN) @Max(PageLimit.MAX) int limit) {
    return Paged.answer(Page.slice(refunds.ofOrder(actor, orderId), limit, cursor, r -> new Cursor(r.createdAt(), r.id()),
        Keyset.Direction.OLDEST_FIRST));
  }

  @Operation(operationId = "getRefund", summary = "Read a refund",
      description = "A refund the caller may see.")
  @Refusals({ErrorCode.REFUND_NOT_FOUND})
  @GetMapping("/api/v1/refunds/{id}")
  RefundView get(Actor actor, @PathVariable UUID id) {
    return refunds.get(actor, id);
  }

  /** Support sends a failed refund to the provider again. */
  @Operation(operationId = "retryRefund", summary = "Retry a refund", tags = "Support",
      description = "Support sends a failed refund, or one needing attention, to the provider again, with a note (on the "
          + "order's timeline with the agent, and on the case when caseId is given).")
  @Refusals({ErrorCode.REFUND_NOT_FOUND, ErrorCode.ILLEGAL_REFUND_TRANSITION, ErrorCode.CASE_NOT_FOUND,
      ErrorCode.ILLEGAL_CASE_TRANSITION})
  @PostMapping("/api/v1/refunds/{id}/retry")
  RefundView retry(@Allowed(Role.SUPPORT) Actor support, @PathVariable UUID id, @Valid @RequestBody Retry body) {
    return refunds.retry(support, id, body.note().strip(), body.caseId());
  }

  /** {@code note}: why (required); {@code caseId}: the support case it is done from. */
  record Retry(@NotBlank @Size(max = 1000) String note, @Nullable UUID caseId) {}
}
