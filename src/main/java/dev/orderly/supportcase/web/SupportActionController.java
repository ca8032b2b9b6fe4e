package dev.orderly.supportcase.web;

import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.access.Role;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import dev.orderly.common.Refusals;
import dev.orderly.order.OrderView;
import dev.orderly.supportcase.SupportCases;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Support", description = "What support agents use: the queue, escalations, buyers' standing and restrictions, cancellations and refund retries.")
@RestController
class SupportActionController {

  private final SupportCases cases;

  SupportActionController(SupportCases cases) {
    this.cases = cases;
  }

  /**
   * {@code extendBy}: an ISO-8601 duration, positive, in whole seconds; {@code note}: why, on the order's timeline (which
   * the buyer and seller read); {@code caseId}: the case it was done from, also recorded there.
   */
  record Extension(@NotNull Duration extendBy, @NotBlank @Size(max = 1000) String note, @Nullable UUID caseId) {}

  @Operation(operationId = "extendPaymentDeadline", summary = "Extend an unpaid order's payment deadline",
      description = "Support gives the buyer more time to pay: the deadline moves to extendBy after the later of the "
          + "current deadline and now, at most orderly.support.max-deadline-extension (default P3D) in all per order. "
          + "Recorded on the order's timeline with the agent and the note, and on the case when caseId is given. "
          + "Refused once the order is no longer awaiting payment.")
  @Refusals({ErrorCode.ORDER_NOT_FOUND, ErrorCode.ORDER_NOT_AWAITING_PAYMENT, ErrorCode.DEADLINE_EXTENSION_LIMIT_EXCEEDED,
      ErrorCode.CASE_NOT_FOUND, ErrorCode.ILLEGAL_CASE_TRANSITION})
  @PostMapping("/api/v1/orders/{orderId}/payment-deadline-extension")
  OrderView extend(@Allowed(Role.SUPPORT) Actor support, @PathVariable UUID orderId,
      @Valid @RequestBody Extension body) {
    if (body.extendBy().isNegative() || body.extendBy().isZero() || body.extendBy().getNano() != 0) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "extendBy must be a positive number of whole seconds",
          Map.of("errors", List.of(Map.of("field", "extendBy",
              "message", "must be a positive duration of whole seconds such as PT2H"))));
    }
    return OrderView.of(cases.extendPaymentDeadline(support, orderId, body.extendBy(), body.note().strip(),
        body.caseId()));
  }
}
