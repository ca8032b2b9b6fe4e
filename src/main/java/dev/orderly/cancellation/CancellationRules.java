package dev.orderly.cancellation;

import static dev.orderly.cancellation.NextStep.CONTACT_SELLER;
import static dev.orderly.cancellation.NextStep.CONTACT_SUPPORT;
import static dev.orderly.cancellation.NextStep.ESCALATE_TO_SUPPORT;
import static dev.orderly.cancellation.NextStep.REFUSE_DELIVERY;
import static dev.orderly.cancellation.NextStep.REQUEST_RETURN;
import static dev.orderly.cancellation.NextStep.TRACK_REFUND;
import static dev.orderly.cancellation.NextStep.WAIT_FOR_SELLER;
import static dev.orderly.cancellation.NextStep.WITHDRAW_REQUEST;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.Money;
import dev.orderly.order.CancelReason;
import dev.orderly.order.Order;
import dev.orderly.order.OrderStatus;
import dev.orderly.policy.SellerPolicy;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * PRODUCT.md's cancellation table as one pure function of the order (with the seller's policy as
 * it was at placement), the order's latest cancellation request and the time. The eligibility
 * endpoint, the cancellation command and the console all ask it, so they cannot disagree.
 *
 * <p>Windows count from payment: the free-cancel window, then the cancellation window in which
 * the seller decides. A buyer whose request was rejected takes it to support rather than asking
 * again; a withdrawn request does not count.
 */
public final class CancellationRules {
  private CancellationRules() {}

  /**
   * The answer for {@code order} at {@code now}, given the status of its latest request (null when
   * none): allowed (immediate, or through the seller with fee, refund and the seller's deadline) or
   * refused with one of {@code ALREADY_CANCELLED}, {@code ALREADY_SHIPPED}, {@code ALREADY_DELIVERED},
   * {@code CANCELLATION_ALREADY_REQUESTED}, {@code DIGITAL_GOODS_NOT_CANCELLABLE},
   * {@code CANCELLATION_WINDOW_PASSED} and the next steps.
   */
  public static Eligibility evaluate(Order order, @Nullable CancellationStatus latestRequest, Instant now) {
    SellerPolicy policy = order.policy();
    // the statuses a buyer may cancel from are the order's rule; here only what to do instead
    Optional<ErrorCode> finished = order.whyNotCancellable(CancelReason.BUYER_CANCELLED);
    if (finished.isPresent()) {
      return switch (finished.get()) {
        case ALREADY_CANCELLED -> Eligibility.refused(ErrorCode.ALREADY_CANCELLED, TRACK_REFUND);
        case ALREADY_SHIPPED ->
            Eligibility.refused(ErrorCode.ALREADY_SHIPPED, REFUSE_DELIVERY, REQUEST_RETURN, CONTACT_SUPPORT);
        case ALREADY_DELIVERED -> Eligibility.refused(ErrorCode.ALREADY_DELIVERED, REQUEST_RETURN, CONTACT_SUPPORT);
        default -> throw new IllegalStateException("not an order's refusal to be cancelled: " + finished.get());
      };
    }
    if (latestRequest != null) {
      switch (latestRequest) {
        case PENDING_SELLER:
          return Eligibility.refused(ErrorCode.CANCELLATION_ALREADY_REQUESTED, WAIT_FOR_SELLER, WITHDRAW_REQUEST);
        case ESCALATED:
          return Eligibility.refused(ErrorCode.CANCELLATION_ALREADY_REQUESTED, CONTACT_SUPPORT);
        case REJECTED:
          return Eligibility.refused(ErrorCode.CANCELLATION_ALREADY_REQUESTED, ESCALATE_TO_SUPPORT);
        case RESOLVED_REJECTED:
          return Eligibility.refused(ErrorCode.CANCELLATION_ALREADY_REQUESTED, CONTACT_SUPPORT);
        default:
          break; // withdrawn: the buyer may ask again; granted ones cancelled the order (handled above)
      }
    }
    Money total = order.total();
    if (order.status() == OrderStatus.AWAITING_PAYMENT) {
      return Eligibility.immediate(Money.zero(total.currency()));
    }
    if (order.digital() && !policy.digitalCancellable()) {
      return Eligibility.refused(ErrorCode.DIGITAL_GOODS_NOT_CANCELLABLE, CONTACT_SELLER, CONTACT_SUPPORT);
    }
    Instant paidAt = order.paidAt();
    if (order.status() == OrderStatus.PAID && now.isBefore(paidAt.plus(policy.freeCancelWindow()))) {
      return Eligibility.immediate(total);
    }
    if (now.isBefore(paidAt.plus(policy.cancellationWindow()))) {
      Money fee = total.percent(policy.cancellationFeePercent());
      return Eligibility.sellerApproval(fee, total.minus(fee), now.plus(policy.sellerResponseWindow()));
    }
    return Eligibility.refused(ErrorCode.CANCELLATION_WINDOW_PASSED, CONTACT_SELLER, REFUSE_DELIVERY, REQUEST_RETURN);
  }
}
