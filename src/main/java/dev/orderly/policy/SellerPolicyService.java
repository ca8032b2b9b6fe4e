package dev.orderly.policy;

import dev.orderly.policy.internal.SellerPolicyRepository;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The policy module's API: a shop's current terms, and changing them for orders placed from now on. */
@Service
public class SellerPolicyService {

  private final SellerPolicyRepository policies;
  private final Clock clock;

  SellerPolicyService(SellerPolicyRepository policies, Clock clock) {
    this.policies = policies;
    this.clock = clock;
  }

  /** The seller's current policy, or {@link SellerPolicy#defaults()} when it has not set one. */
  public SellerPolicy current(UUID sellerId) {
    return policies.find(sellerId).orElseGet(SellerPolicy::defaults);
  }

  /**
   * Sets the seller's policy for orders placed from now on; orders already placed keep theirs.
   * Refuses contradictory terms with {@code 400 VALIDATION_FAILED} ({@link SellerPolicy#requireConsistent()}).
   */
  @Transactional
  public SellerPolicy replace(UUID sellerId, SellerPolicy policy) {
    policy.requireConsistent();
    policies.save(sellerId, policy, clock.instant());
    return policy;
  }
}
