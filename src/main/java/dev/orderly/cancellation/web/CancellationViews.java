package dev.orderly.cancellation.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderly.cancellation.CancellationReason;
import dev.orderly.cancellation.CancellationRequest;
import dev.orderly.cancellation.CancellationStatus;
import dev.orderly.cancellation.Eligibility;
import dev.orderly.common.Explained;
import dev.orderly.common.Money;
import dev.orderly.order.CancelReason;
import dev.orderly.order.Order;
import dev.orderly.order.OrderStatus;
import dev.orderly.refund.RefundView;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** The cancellation answers as the API shows them, with codes explained in the caller's language. */
@Component
class CancellationViews {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record EligibilityView(boolean allowed, Eligibility.@Nullable Mode mode, @Nullable Money fee,
      @Nullable Money refundAmount, @Nullable Instant sellerRespondBy, @Nullable Explained reason,
      List<Explained> nextSteps) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RequestView(UUID id, UUID orderId, CancellationStatus status, Eligibility.Mode mode,
      CancellationReason reason, @Nullable String note, Money fee, Money refundAmount, @Nullable Instant respondBy,
      Instant createdAt, @Nullable Instant decidedAt, @Nullable String decidedBy, @Nullable String decisionNote,
      @Nullable Instant escalatedAt, @Nullable String escalationNote, @Nullable Instant resolvedAt,
      @Nullable String resolvedBy, @Nullable String resolutionNote, @Nullable String confirmationNumber,
      @Nullable Instant confirmedAt, @Nullable String confirmation) {}

  record OrderCancelled(UUID orderId, String number, OrderStatus status, @Nullable CancelReason cancelReason,
      @Nullable Instant cancelledAt, List<RefundView> refunds) {}

  private final MessageSource messages;

  CancellationViews(MessageSource messages) {
    this.messages = messages;
  }

  OrderCancelled cancelled(Order order, List<RefundView> refunds) {
    return new OrderCancelled(order.id(), order.number(), order.status(), order.cancelReason(), order.cancelledAt(),
        refunds);
  }

  EligibilityView of(Eligibility e) {
    Locale locale = LocaleContextHolder.getLocale();
    Explained reason = e.refusal() == null ? null : Explained.error(e.refusal(), messages, locale);
    List<Explained> steps = e.nextSteps().stream()
        .map(s -> new Explained(s.name(), messages.getMessage("next-step." + s.name(), null, s.name(), locale)))
        .toList();
    return new EligibilityView(e.allowed(), e.mode(), e.fee(), e.refundAmount(), e.sellerRespondBy(), reason, steps);
  }

  RequestView of(CancellationRequest r) {
    String confirmation = r.confirmationNumber() == null ? null : messages.getMessage("cancellation.confirmation",
        new Object[] {r.confirmationNumber(), String.valueOf(r.confirmedAt())}, r.confirmationNumber(),
        LocaleContextHolder.getLocale());
    return new RequestView(r.id(), r.orderId(), r.status(), r.mode(), r.reason(), r.note(), r.fee(), r.refundAmount(),
        r.respondBy(), r.createdAt(), r.decidedAt(), r.decidedBy(), r.decisionNote(), r.escalatedAt(),
        r.escalationNote(), r.resolvedAt(), r.resolvedBy(), r.resolutionNote(), r.confirmationNumber(),
        r.confirmedAt(), confirmation);
  }
}
