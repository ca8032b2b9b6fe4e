package dev.orderly.policy;

import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.access.Role;
import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/sellers/me/policy")
class SellerPolicyController {

  private final SellerPolicyService policies;

  SellerPolicyController(SellerPolicyService policies) {
    this.policies = policies;
  }

  /** Members left out keep their current value. */
  record PolicyChange(Duration paymentWindow, Duration freeCancelWindow, Duration cancellationWindow,
      Duration sellerResponseWindow, Duration autoCompleteWindow, BigDecimal cancellationFeePercent,
      Boolean digitalCancellable, Duration paymentReminderBefore) {

    SellerPolicy applyTo(SellerPolicy p) {
      return new SellerPolicy(
          or(paymentWindow, p.paymentWindow()), or(freeCancelWindow, p.freeCancelWindow()),
          or(cancellationWindow, p.cancellationWindow()), or(sellerResponseWindow, p.sellerResponseWindow()),
          or(autoCompleteWindow, p.autoCompleteWindow()), or(cancellationFeePercent, p.cancellationFeePercent()),
          or(digitalCancellable, p.digitalCancellable()), or(paymentReminderBefore, p.paymentReminderBefore()));
    }

    private static <T> T or(T value, T fallback) {
      return value != null ? value : fallback;
    }
  }

  @GetMapping
  SellerPolicy get(@Allowed(Role.SELLER) Actor seller) {
    return policies.current(seller.id());
  }

  @PutMapping
  SellerPolicy put(@Allowed(Role.SELLER) Actor seller, @RequestBody PolicyChange change) {
    return policies.replace(seller.id(), change.applyTo(policies.current(seller.id())));
  }
}
