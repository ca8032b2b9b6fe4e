package dev.orderly.policy.web;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.Valid;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.access.Role;
import dev.orderly.policy.SellerPolicy;
import dev.orderly.policy.SellerPolicyService;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;
import java.time.Duration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Seller policy", description = "A shop's terms: payment window, cancellation windows, fee, reminders. Orders keep the terms they were placed under.")
@RestController
@RequestMapping("/api/v1/sellers/me/policy")
class SellerPolicyController {

  private final SellerPolicyService policies;

  SellerPolicyController(SellerPolicyService policies) {
    this.policies = policies;
  }

  /** Members left out keep their current value. */
  record PolicyChange(@Nullable Duration paymentWindow, @Nullable Duration freeCancelWindow,
      @Nullable Duration cancellationWindow, @Nullable Duration sellerResponseWindow,
      @Nullable Duration autoCompleteWindow,
      @DecimalMin("0") @DecimalMax("100")
      @Schema(description = "percent of the order total kept on a cancellation the seller approves; at most two decimals")
      @Nullable BigDecimal cancellationFeePercent,
      @Nullable Boolean digitalCancellable, @Nullable Duration paymentReminderBefore) {

    SellerPolicy applyTo(SellerPolicy p) {
      return new SellerPolicy(
          or(paymentWindow, p.paymentWindow()), or(freeCancelWindow, p.freeCancelWindow()),
          or(cancellationWindow, p.cancellationWindow()), or(sellerResponseWindow, p.sellerResponseWindow()),
          or(autoCompleteWindow, p.autoCompleteWindow()), or(cancellationFeePercent, p.cancellationFeePercent()),
          or(digitalCancellable, p.digitalCancellable()), or(paymentReminderBefore, p.paymentReminderBefore()));
    }

    private static <T> T or(@Nullable T value, T fallback) {
      return value != null ? value : fallback;
    }
  }

  @Operation(operationId = "getSellerPolicy", summary = "Read the shop's policy",
      description = "The calling seller's current terms, or the defaults until it sets its own.")
  @GetMapping
  SellerPolicy get(@Allowed(Role.SELLER) Actor seller) {
    return policies.current(seller.id());
  }

  @Operation(operationId = "replaceSellerPolicy", summary = "Change the shop's policy",
      description = "Members left out keep their value. Applies to orders placed from now on; a free-cancel window longer "
          + "than the cancellation window is refused.")
  @PutMapping
  SellerPolicy put(@Allowed(Role.SELLER) Actor seller, @Valid @RequestBody PolicyChange change) {
    return policies.replace(seller.id(), change.applyTo(policies.current(seller.id())));
  }
}
