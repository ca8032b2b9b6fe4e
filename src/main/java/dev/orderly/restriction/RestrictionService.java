package dev.orderly.restriction;

import dev.orderly.supportcase.SupportCases;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderly.access.Actor;
import dev.orderly.access.PrincipalService;
import dev.orderly.access.Role;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import dev.orderly.order.BuyerOrderHistory;
import dev.orderly.order.PlacementGuard;
import dev.orderly.restriction.internal.RestrictionRepository;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Repeat non-payers and stock hoarding (PRODUCT.md rule 9 of "Unpaid orders"): refuses a placement
 * by a restricted buyer ({@code 422 BUYER_RESTRICTED}) or by one already holding
 * {@code max-unpaid-orders} unpaid orders ({@code 422 TOO_MANY_UNPAID_ORDERS}); lets support see a
 * buyer's standing and lift a restriction.
 *
 * <p><b>Evaluated lazily, at placement.</b> Nothing is counted or stored when an order expires: the
 * deadline sweep closes thousands of orders per batch and must not get slower or wider for this.
 * Instead, the placing transaction (this is a {@link PlacementGuard}, called by the order module
 * before stock is reserved) reads the buyer's few recent {@code PAYMENT_TIMEOUT} expiry times
 * ({@link BuyerOrderHistory}, index {@code orders_buyer_status}) and the last lift from {@code buyer_audit},
 * and asks {@link RestrictionRules} — one pure, table-tested function — whether a restriction is in
 * force. So a restriction needs no timer to start or to end, there is no derived state that could
 * drift from the orders, a changed setting applies at once, and a lift is one audit row (expiries
 * up to it no longer count).
 *
 * <p><b>One buyer's placements queue up.</b> The guard first locks the buyer's {@code principals}
 * row ({@code SELECT … FOR UPDATE}; nothing else locks it), then counts the unpaid orders, so
 * concurrent placements by one buyer see each other's orders and cannot slip past the cap; other
 * buyers are not affected. Lifts take the same lock. (A table that referenced a buyer's principal
 * row with a foreign key would have its inserts wait for that lock; none does.)
 */
@Service
public class RestrictionService implements PlacementGuard {

  /** Audit entries shown to support, newest first. */
  static final int HISTORY_LIMIT = 100;

  private final RestrictionRepository repository;
  private final BuyerOrderHistory orders;
  private final PrincipalService principals;
  private final RestrictionRules rules;
  private final SupportCases cases;
  private final Clock clock;

  RestrictionService(RestrictionRepository repository, BuyerOrderHistory orders, PrincipalService principals,
      SupportCases cases, Clock clock,
      @Value("${orderly.restrictions.max-expired:3}") int maxExpired,
      @Value("${orderly.restrictions.window:P30D}") Duration window,
      @Value("${orderly.restrictions.duration:P7D}") Duration duration,
      @Value("${orderly.restrictions.max-unpaid-orders:5}") int maxUnpaidOrders) {
    this.repository = repository;
    this.orders = orders;
    this.principals = principals;
    this.cases = cases;
    this.clock = clock;
    this.rules = new RestrictionRules(maxExpired, window, duration, maxUnpaidOrders);
  }

  /**
   * What support sees of a buyer: the end of the restriction in force (null when none), expiries
   * counted in the current window, orders awaiting payment, the last lift (left out when never
   * lifted) and the audit trail, newest first.
   */
  public record Standing(UUID buyerId, @Schema(nullable = true) @Nullable Instant restrictedUntil, int expiredCount,
      long unpaidCount,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Instant liftedAt, List<AuditEntry> history) {}

  /**
   * One entry of a buyer's audit trail: when, who ({@link Actor#label()}), what, the note, and the
   * end of the restriction that was in force then (left out when none).
   */
  public record AuditEntry(Instant at, String actor, BuyerAuditAction action,
      @Schema(nullable = true) @Nullable String note,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Instant restrictedUntil) {}

  /**
   * Inside the placing transaction: refuses a restricted buyer ({@code 422 BUYER_RESTRICTED}, with
   * {@code restrictedUntil}), or one at the unpaid-orders cap ({@code 422 TOO_MANY_UNPAID_ORDERS}).
   */
  @Override
  public void check(Actor buyer) {
    if (buyer.id() == null || principals.lock(buyer.id()).isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    BuyerOrderHistory.PlacementHistory history =
        orders.forPlacement(buyer.id(), rules.lookback(now), rules.maxUnpaidOrders());
    // the last lift matters only to a buyer with enough expiries to be restricted at all: most
    // buyers have none, and their placement skips that read
    Instant liftedAt = rules.couldBeRestricted(history.paymentTimeouts().size())
        ? repository.lastLift(buyer.id()).orElse(null) : null;
    Instant until = rules.restrictedUntil(history.paymentTimeouts(), liftedAt, now);
    if (until != null) {
      throw new OrderlyException(ErrorCode.BUYER_RESTRICTED,
          "too many orders expired unpaid; placing orders is restricted until " + until,
          Map.of("restrictedUntil", until));
    }
    // count exactly (for the refusal's unpaidCount) only once the bounded count reached the cap
    if (rules.unpaidCapReached(history.awaitingPaymentUpTo())) {
      long unpaid = orders.awaitingPayment(buyer.id());
      throw new OrderlyException(ErrorCode.TOO_MANY_UNPAID_ORDERS,
          unpaid + " orders await payment; at most " + rules.maxUnpaidOrders() + " at once",
          Map.of("unpaidCount", unpaid, "maxUnpaidOrders", rules.maxUnpaidOrders()));
    }
  }

  @Transactional(readOnly = true)
  public Standing standing(UUID buyerId) {
    requireBuyer(principals.role(buyerId), buyerId);
    return standingNow(buyerId);
  }

  /**
   * Support lifts the buyer's restriction (if one is in force) and forgives the expiries so far:
   * only later ones count towards a new restriction. Recorded on the buyer's audit trail with the
   * actor, the note and the restriction that was lifted, and on the support case {@code caseId}
   * when given (one about an order of this buyer's: {@code 404 CASE_NOT_FOUND} otherwise).
   */
  @Transactional
  public Standing lift(Actor support, UUID buyerId, String note, @Nullable UUID caseId) {
    if (note == null || note.isBlank()) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "note must not be blank");
    }
    requireBuyer(principals.lock(buyerId), buyerId);
    Instant now = clock.instant();
    Instant liftedAt = repository.lastLift(buyerId).orElse(null);
    Instant lifted = rules.restrictedUntil(expiries(buyerId, liftedAt, now), liftedAt, now);
    repository.record(buyerId, new AuditEntry(now, support.label(), BuyerAuditAction.RESTRICTION_LIFTED,
        note.strip(), lifted));
    cases.recordBuyerAction(caseId, support, buyerId, BuyerAuditAction.RESTRICTION_LIFTED.name(), note.strip());
    return standingNow(buyerId);
  }

  private Standing standingNow(UUID buyerId) {
    Instant now = clock.instant();
    Instant liftedAt = repository.lastLift(buyerId).orElse(null);
    List<Instant> expiries = expiries(buyerId, liftedAt, now);
    return new Standing(buyerId, rules.restrictedUntil(expiries, liftedAt, now),
        rules.expiredInWindow(expiries, liftedAt, now), orders.awaitingPayment(buyerId), liftedAt,
        repository.audit(buyerId, HISTORY_LIMIT));
  }

  /** The expiries that can still matter: after the lookback and after the last lift. */
  private List<Instant> expiries(UUID buyerId, @Nullable Instant liftedAt, Instant now) {
    Instant after = rules.lookback(now);
    if (liftedAt != null && liftedAt.isAfter(after)) {
      after = liftedAt;
    }
    return orders.paymentTimeoutsAfter(buyerId, after);
  }

  private static void requireBuyer(Optional<Role> role, UUID id) {
    if (!role.map(Role.BUYER::equals).orElse(false)) {
      throw new OrderlyException(ErrorCode.NOT_FOUND, "no buyer " + id, Map.of("buyerId", id));
    }
  }
}
