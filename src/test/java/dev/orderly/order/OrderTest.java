package dev.orderly.order;

import static dev.orderly.order.OrderStatus.AWAITING_PAYMENT;
import static dev.orderly.order.OrderStatus.CANCELLED;
import static dev.orderly.order.OrderStatus.COMPLETED;
import static dev.orderly.order.OrderStatus.DELIVERED;
import static dev.orderly.order.OrderStatus.PAID;
import static dev.orderly.order.OrderStatus.PROCESSING;
import static dev.orderly.order.OrderStatus.SHIPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.Ids;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyException;
import dev.orderly.policy.SellerPolicy;
import dev.orderly.support.ActionTable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The order lifecycle as a table: every (status, action) pair is either a legal move to exactly one
 * status or a refusal that changes nothing. Plain JUnit, no Spring.
 */
class OrderTest {

  // ---------------------------------------------------------------------------------------------
  // Fixture: one order, driven through the lifecycle with fixed, distinct instants.
  // ---------------------------------------------------------------------------------------------

  static final Duration PAYMENT_WINDOW = Duration.ofMinutes(30);
  static final Duration AUTO_COMPLETE_WINDOW = Duration.ofDays(7);
  static final SellerPolicy POLICY = policy(PAYMENT_WINDOW, AUTO_COMPLETE_WINDOW);

  static final Instant PLACED_AT = Instant.parse("2026-03-02T09:00:00Z");
  static final Instant DEADLINE = PLACED_AT.plus(PAYMENT_WINDOW);
  static final Instant PAID_AT = PLACED_AT.plusSeconds(10 * 60);
  static final Instant PROCESSING_AT = PLACED_AT.plusSeconds(3_600);
  static final Instant SHIPPED_AT = PLACED_AT.plus(Duration.ofDays(1));
  static final Instant DELIVERED_AT = PLACED_AT.plus(Duration.ofDays(3));
  static final Instant COMPLETED_AT = PLACED_AT.plus(Duration.ofDays(4));
  static final Instant CANCELLED_AT = PLACED_AT.plusSeconds(2 * 3_600);
  /** When the action under test happens: after every step above and after the payment deadline. */
  static final Instant ACTION_AT = PLACED_AT.plus(Duration.ofDays(20));

  static final UUID ORDER_ID = UUID.fromString("0e9a6f4c-0000-4000-8000-000000000001");
  static final UUID BUYER = UUID.fromString("b0000000-0000-4000-8000-000000000001");
  static final UUID SELLER = UUID.fromString("5e000000-0000-4000-8000-000000000001");
  // natural UUID order (signed) is A, C, B
  static final UUID PRODUCT_A = UUID.fromString("a0000000-0000-4000-8000-00000000000a");
  static final UUID PRODUCT_B = UUID.fromString("0b000000-0000-4000-8000-00000000000b");
  static final UUID PRODUCT_C = UUID.fromString("c0000000-0000-4000-8000-00000000000c");

  static SellerPolicy policy(Duration paymentWindow, Duration autoCompleteWindow) {
    return new SellerPolicy(paymentWindow, Duration.ofMinutes(30), Duration.ofHours(24), Duration.ofHours(48),
        autoCompleteWindow, BigDecimal.ZERO, false, Duration.ofMinutes(15));
  }

  static OrderLine line(UUID product, int quantity, String unitPrice) {
    return new OrderLine(product, quantity, Money.of(unitPrice, "USD"));
  }

  static Order placed(SellerPolicy policy) {
    return Order.place(ORDER_ID, "260302-TESTTEST", BUYER, SELLER,
        List.of(line(PRODUCT_A, 2, "10.00"), line(PRODUCT_B, 1, "5.50")), false, policy, PLACED_AT);
  }

  static Order placed() {
    return placed(POLICY);
  }

  /** An order in the given status, reached only through the transitions. */
  static Order orderIn(OrderStatus status) {
    Order o = placed();
    switch (status) {
      case AWAITING_PAYMENT -> { }
      case PAID -> o.markPaid(PAID_AT);
      case PROCESSING -> {
        o.markPaid(PAID_AT);
        o.startProcessing(PROCESSING_AT);
      }
      case SHIPPED -> {
        o.markPaid(PAID_AT);
        o.startProcessing(PROCESSING_AT);
        o.ship("DHL", "JD0001", SHIPPED_AT);
      }
      case DELIVERED -> {
        o.markPaid(PAID_AT);
        o.startProcessing(PROCESSING_AT);
        o.ship("DHL", "JD0001", SHIPPED_AT);
        o.deliver(DELIVERED_AT);
      }
      case COMPLETED -> {
        o.markPaid(PAID_AT);
        o.startProcessing(PROCESSING_AT);
        o.ship("DHL", "JD0001", SHIPPED_AT);
        o.deliver(DELIVERED_AT);
        o.complete(COMPLETED_AT);
      }
      case CANCELLED -> {
        o.markPaid(PAID_AT);
        o.startProcessing(PROCESSING_AT);
        o.cancel(CancelReason.SELLER_CANCELLED, CANCELLED_AT);
      }
    }
    assertThat(o.status()).as("fixture reached %s", status).isEqualTo(status);
    return o;
  }

  /** Every observable field, so "changes nothing" can be checked in one comparison. */
  static Map<String, Object> snapshot(Order o) {
    Map<String, Object> m = new LinkedHashMap<>(); // allows null values
    m.put("id", o.id());
    m.put("number", o.number());
    m.put("status", o.status());
    m.put("cancelReason", o.cancelReason());
    m.put("placedAt", o.placedAt());
    m.put("paymentDeadline", o.paymentDeadline());
    m.put("paidAt", o.paidAt());
    m.put("processingAt", o.processingAt());
    m.put("shippedAt", o.shippedAt());
    m.put("deliveredAt", o.deliveredAt());
    m.put("completedAt", o.completedAt());
    m.put("cancelledAt", o.cancelledAt());
    m.put("autoCompleteAt", o.autoCompleteAt());
    m.put("carrier", o.carrier());
    m.put("trackingNumber", o.trackingNumber());
    m.put("paymentPending", o.paymentPending());
    m.put("wasPaid", o.wasPaid());
    m.put("total", o.total());
    m.put("lines", o.lines());
    m.put("quantities", o.quantities());
    return m;
  }

  static void assertRefused(ThrowingCallable move, ErrorCode code) {
    assertThatThrownBy(move).isInstanceOfSatisfying(OrderlyException.class,
        e -> assertThat(e.code()).isEqualTo(code));
  }

  // ---------------------------------------------------------------------------------------------
  // The lifecycle table (PRODUCT.md "Order lifecycle"): action, legal from, target, refusal code.
  // ---------------------------------------------------------------------------------------------

  enum Action {
    MARK_PAID(EnumSet.of(AWAITING_PAYMENT), PAID, ErrorCode.ORDER_NOT_AWAITING_PAYMENT,
        (o, now) -> o.markPaid(now)),
    START_PROCESSING(EnumSet.of(PAID), PROCESSING, ErrorCode.ILLEGAL_ORDER_TRANSITION,
        (o, now) -> o.startProcessing(now)),
    SHIP(EnumSet.of(PROCESSING), SHIPPED, ErrorCode.ILLEGAL_ORDER_TRANSITION,
        (o, now) -> o.ship("UPS", "1Z999", now)),
    DELIVER(EnumSet.of(SHIPPED), DELIVERED, ErrorCode.ILLEGAL_ORDER_TRANSITION,
        (o, now) -> o.deliver(now)),
    COMPLETE(EnumSet.of(DELIVERED), COMPLETED, ErrorCode.ILLEGAL_ORDER_TRANSITION,
        (o, now) -> o.complete(now)),
    CANCEL(EnumSet.of(AWAITING_PAYMENT, PAID, PROCESSING), CANCELLED, ErrorCode.ILLEGAL_ORDER_TRANSITION,
        (o, now) -> o.cancel(CancelReason.BUYER_CANCELLED, now)),
    /** Always tried at/after the payment deadline here, so only the status decides. */
    EXPIRE(EnumSet.of(AWAITING_PAYMENT), CANCELLED, ErrorCode.ILLEGAL_ORDER_TRANSITION,
        (o, now) -> o.expire(now));

    final Set<OrderStatus> legalFrom;
    final OrderStatus target;
    final ErrorCode refusal;
    final BiConsumer<Order, Instant> move;

    Action(Set<OrderStatus> legalFrom, OrderStatus target, ErrorCode refusal, BiConsumer<Order, Instant> move) {
      this.legalFrom = legalFrom;
      this.target = target;
      this.refusal = refusal;
      this.move = move;
    }

    void apply(Order o, Instant now) {
      move.accept(o, now);
    }
  }

  static Stream<Arguments> legalMoves() {
    return ActionTable.legalMoves(Action.values(), a -> a.legalFrom);
  }

  static Stream<Arguments> illegalMoves() {
    return ActionTable.illegalMoves(Action.values(), a -> a.legalFrom);
  }

  @Test
  void lifecycleTableClassifiesEveryStatusActionPairExactlyOnce() {
    List<Arguments> legal = legalMoves().toList();
    List<Arguments> illegal = illegalMoves().toList();
    assertThat(legal).hasSize(9);
    assertThat(legal.size() + illegal.size())
        .isEqualTo(OrderStatus.values().length * Action.values().length);
    ActionTable.assertEveryPairOnce(legal, illegal, OrderStatus.values().length, Action.values().length);
  }

  @ParameterizedTest(name = "{0} --{1}--> allowed")
  @MethodSource("legalMoves")
  void legalMoveReachesItsTargetStatus(OrderStatus from, Action action) {
    Order order = orderIn(from);

    action.apply(order, ACTION_AT);

    assertThat(order.status()).isEqualTo(action.target);
  }

  @ParameterizedTest(name = "{0} --{1}--> refused")
  @MethodSource("illegalMoves")
  void illegalMoveIsRefusedWithItsCodeAndChangesNothing(OrderStatus from, Action action) {
    Order order = orderIn(from);
    Map<String, Object> before = snapshot(order);

    assertThatThrownBy(() -> action.apply(order, ACTION_AT))
        .isInstanceOfSatisfying(OrderlyException.class, e -> {
          assertThat(e.code()).isEqualTo(action.refusal);
          assertThat(e.properties()).containsEntry("orderStatus", from);
          assertThat(e.getMessage()).contains(order.number()).contains(from.name());
        });
    assertThat(snapshot(order)).isEqualTo(before);
  }

  /** A cancelled order is terminal however it got there. */
  static Stream<Arguments> cancelRoutesAndActions() {
    return Stream.of("unpaid", "paid", "processing", "expired").flatMap(route ->
        Arrays.stream(Action.values()).map(a -> Arguments.of(route, a)));
  }

  static Order cancelledVia(String route) {
    Order o = placed();
    switch (route) {
      case "unpaid" -> o.cancel(CancelReason.BUYER_CANCELLED, PAID_AT);
      case "paid" -> {
        o.markPaid(PAID_AT);
        o.cancel(CancelReason.BUYER_CANCELLED, CANCELLED_AT);
      }
      case "processing" -> {
        o.markPaid(PAID_AT);
        o.startProcessing(PROCESSING_AT);
        o.cancel(CancelReason.SUPPORT_CANCELLED, CANCELLED_AT);
      }
      case "expired" -> o.expire(DEADLINE);
      default -> throw new IllegalArgumentException(route);
    }
    assertThat(o.status()).isEqualTo(CANCELLED);
    return o;
  }

  @ParameterizedTest(name = "cancelled ({0}) --{1}--> refused")
  @MethodSource("cancelRoutesAndActions")
  void cancelledOrderRefusesEveryMoveWhicheverWayItWasCancelled(String route, Action action) {
    Order order = cancelledVia(route);
    Map<String, Object> before = snapshot(order);

    assertRefused(() -> action.apply(order, ACTION_AT), action.refusal);
    assertThat(snapshot(order)).isEqualTo(before);
  }

  // ---------------------------------------------------------------------------------------------
  // The refusals people ask about, by name.
  // ---------------------------------------------------------------------------------------------

  @Test
  void shippedOrderCannotBeCancelled() {
    Order order = orderIn(SHIPPED);
    assertRefused(() -> order.cancel(CancelReason.BUYER_CANCELLED, ACTION_AT), ErrorCode.ILLEGAL_ORDER_TRANSITION);
    assertThat(order.status()).isEqualTo(SHIPPED);
    assertThat(order.cancelReason()).isNull();
    assertThat(order.cancelledAt()).isNull();
  }

  @Test
  void supportCanStillCancelAShippedOrderButNotADeliveredOne() {
    Order shipped = orderIn(SHIPPED);
    shipped.cancel(CancelReason.SUPPORT_CANCELLED, ACTION_AT);
    assertThat(shipped.status()).isEqualTo(CANCELLED);
    assertThat(shipped.cancelReason()).isEqualTo(CancelReason.SUPPORT_CANCELLED);
    Order otherShipped = orderIn(SHIPPED);
    assertRefused(() -> otherShipped.cancel(CancelReason.SELLER_CANCELLED, ACTION_AT),
        ErrorCode.ILLEGAL_ORDER_TRANSITION);
  }

  @Test
  void deliveredOrderCannotBeCancelled() {
    Order order = orderIn(DELIVERED);
    assertRefused(() -> order.cancel(CancelReason.SUPPORT_CANCELLED, ACTION_AT), ErrorCode.ILLEGAL_ORDER_TRANSITION);
    assertThat(order.status()).isEqualTo(DELIVERED);
    assertThat(order.autoCompleteAt()).isEqualTo(DELIVERED_AT.plus(AUTO_COMPLETE_WINDOW));
  }

  @Test
  void completedOrderCannotBeCancelled() {
    Order order = orderIn(COMPLETED);
    assertRefused(() -> order.cancel(CancelReason.SUPPORT_CANCELLED, ACTION_AT), ErrorCode.ILLEGAL_ORDER_TRANSITION);
    assertThat(order.status()).isEqualTo(COMPLETED);
  }

  @Test
  void paidOrderCannotBePaidTwice() {
    Order order = orderIn(PAID);
    assertRefused(() -> order.markPaid(ACTION_AT), ErrorCode.ORDER_NOT_AWAITING_PAYMENT);
    assertThat(order.paidAt()).isEqualTo(PAID_AT);
  }

  @Test
  void latePaymentCannotReviveACancelledOrder() {
    Order order = cancelledVia("expired");
    assertRefused(() -> order.markPaid(ACTION_AT), ErrorCode.ORDER_NOT_AWAITING_PAYMENT);
    assertThat(order.status()).isEqualTo(CANCELLED);
    assertThat(order.paidAt()).isNull();
    assertThat(order.wasPaid()).isFalse();
  }

  @Test
  void unpaidOrderCannotBeShipped() {
    Order order = orderIn(AWAITING_PAYMENT);
    assertRefused(() -> order.ship("DHL", "X", ACTION_AT), ErrorCode.ILLEGAL_ORDER_TRANSITION);
    assertThat(order.shippedAt()).isNull();
    assertThat(order.carrier()).isNull();
    assertThat(order.trackingNumber()).isNull();
  }

  @Test
  void paidOrderCannotSkipProcessingAndBeShipped() {
    Order order = orderIn(PAID);
    assertRefused(() -> order.ship("DHL", "X", ACTION_AT), ErrorCode.ILLEGAL_ORDER_TRANSITION);
    assertThat(order.status()).isEqualTo(PAID);
  }

  @Test
  void shippedOrderCannotBeCompletedBeforeDelivery() {
    Order order = orderIn(SHIPPED);
    assertRefused(() -> order.complete(ACTION_AT), ErrorCode.ILLEGAL_ORDER_TRANSITION);
    assertThat(order.completedAt()).isNull();
  }

  @Test
  void refusalNamesTheStatusesThatWouldHaveBeenAllowed() {
    Order order = orderIn(SHIPPED);
    assertThatThrownBy(() -> order.cancel(CancelReason.BUYER_CANCELLED, ACTION_AT))
        .isInstanceOfSatisfying(OrderlyException.class, e -> assertThat(e.properties())
            .containsEntry("orderStatus", SHIPPED)
            .containsEntry("expectedStatus", List.of(AWAITING_PAYMENT, PAID, PROCESSING)));
  }

  /**
   * "Which statuses may be cancelled" as the cancellation endpoints answer it: for every status and
   * reason, {@code whyNotCancellable} is empty exactly when {@code cancel} accepts, and otherwise
   * names the code the endpoints refuse with while {@code cancel} refuses and changes nothing.
   */
  @ParameterizedTest(name = "{0} cancelled as {1}")
  @MethodSource("everyStatusAndReason")
  void whyNotCancellableAgreesWithCancel(OrderStatus status, CancelReason reason) {
    Order order = orderIn(status);
    Map<String, Object> before = snapshot(order);
    ErrorCode expected = switch (status) {
      case AWAITING_PAYMENT, PAID, PROCESSING -> null;
      case SHIPPED -> reason == CancelReason.SUPPORT_CANCELLED ? null : ErrorCode.ALREADY_SHIPPED;
      case DELIVERED, COMPLETED -> ErrorCode.ALREADY_DELIVERED;
      case CANCELLED -> ErrorCode.ALREADY_CANCELLED;
    };

    assertThat(order.whyNotCancellable(reason).orElse(null)).isEqualTo(expected);
    assertThat(Order.cancellableFrom(reason).contains(status)).isEqualTo(expected == null);
    if (expected == null) {
      order.cancel(reason, ACTION_AT);
      assertThat(order.status()).isEqualTo(CANCELLED);
    } else {
      assertRefused(() -> order.cancel(reason, ACTION_AT), ErrorCode.ILLEGAL_ORDER_TRANSITION);
      assertThat(snapshot(order)).isEqualTo(before);
    }
  }

  static Stream<Arguments> everyStatusAndReason() {
    return Arrays.stream(OrderStatus.values())
        .flatMap(s -> Arrays.stream(CancelReason.values()).map(r -> Arguments.of(s, r)));
  }

  // ---------------------------------------------------------------------------------------------
  // Placing: deadline, total, lines, quantities.
  // ---------------------------------------------------------------------------------------------

  @Test
  void placedOrderAwaitsPaymentWithNothingElseRecorded() {
    Order order = placed();

    assertThat(order.status()).isEqualTo(AWAITING_PAYMENT);
    assertThat(order.id()).isEqualTo(ORDER_ID);
    assertThat(order.buyerId()).isEqualTo(BUYER);
    assertThat(order.sellerId()).isEqualTo(SELLER);
    assertThat(order.placedAt()).isEqualTo(PLACED_AT);
    assertThat(order.policy()).isEqualTo(POLICY);
    assertThat(order.digital()).isFalse();
    assertThat(order.wasPaid()).isFalse();
    assertThat(order.paymentPending()).isFalse();
    assertThat(order.cancelReason()).isNull();
    assertThat(Arrays.asList(order.paidAt(), order.processingAt(), order.shippedAt(), order.deliveredAt(),
        order.completedAt(), order.cancelledAt(), order.autoCompleteAt(), order.carrier(), order.trackingNumber()))
        .containsOnlyNulls();
  }

  @Test
  void paymentDeadlineIsPlacedAtPlusPaymentWindow() {
    assertThat(placed().paymentDeadline()).isEqualTo(Instant.parse("2026-03-02T09:30:00Z"));
  }

  @ParameterizedTest(name = "payment window {0}s")
  @MethodSource("paymentWindows")
  void paymentDeadlineFollowsTheSellersPaymentWindow(long seconds) {
    Duration window = Duration.ofSeconds(seconds);
    Order order = placed(policy(window, AUTO_COMPLETE_WINDOW));
    assertThat(order.paymentDeadline()).isEqualTo(PLACED_AT.plus(window));
  }

  @Test
  void aSlowerMethodsWindowMovesTheDeadlineLaterWithoutCountingAsAnOutage() {
    Order order = placed();
    Instant later = order.paymentDeadline().plus(Duration.ofHours(23));
    order.extendPaymentDeadline(later, false);
    assertThat(order.paymentDeadline()).isEqualTo(later);
    assertThat(order.outageExtension()).isZero();
  }

  @Test
  void outageExtensionsAddUpSoTheyCanBeBounded() {
    Order order = placed();
    Instant first = order.paymentDeadline();
    order.extendPaymentDeadline(first.plus(Duration.ofMinutes(30)), true);
    order.extendPaymentDeadline(first.plus(Duration.ofMinutes(75)), true);
    assertThat(order.outageExtension()).isEqualTo(Duration.ofMinutes(75));
  }

  @Test
  void aDeadlineNeverMovesEarlierOrStaysPut() {
    Order order = placed();
    Instant deadline = order.paymentDeadline();
    assertRefused(() -> order.extendPaymentDeadline(deadline, true), ErrorCode.ILLEGAL_ORDER_TRANSITION);
    assertRefused(() -> order.extendPaymentDeadline(deadline.minusSeconds(1), false), ErrorCode.ILLEGAL_ORDER_TRANSITION);
    assertThat(order.paymentDeadline()).isEqualTo(deadline);
    assertThat(order.outageExtension()).isZero();
  }

  @ParameterizedTest(name = "{0}: deadline extension refused")
  @EnumSource(value = OrderStatus.class, names = "AWAITING_PAYMENT", mode = EnumSource.Mode.EXCLUDE)
  void onlyAnUnpaidOrdersDeadlineCanBeExtended(OrderStatus status) {
    Order order = orderIn(status);
    Instant deadline = order.paymentDeadline();
    assertRefused(() -> order.extendPaymentDeadline(deadline.plus(Duration.ofHours(1)), true),
        ErrorCode.ILLEGAL_ORDER_TRANSITION);
    assertThat(order.paymentDeadline()).isEqualTo(deadline);
  }

  @Test
  void theBuyerIsRemindedThePolicysOffsetBeforeTheDeadlineOrRightAwayWhenTheWindowIsShorter() {
    // POLICY: 30 min to pay, reminder 15 min before
    assertThat(placed().paymentReminderAt()).isEqualTo(DEADLINE.minus(Duration.ofMinutes(15)));
    Order hasty = placed(policy(Duration.ofMinutes(10), AUTO_COMPLETE_WINDOW));
    assertThat(hasty.paymentReminderAt()).isEqualTo(PLACED_AT);
  }

  @Test
  void paidOrCancelledOrdersHaveNoReminderLeft() {
    assertThat(orderIn(PAID).paymentReminderAt()).isNull();
    assertThat(cancelledVia("unpaid").paymentReminderAt()).isNull();
    assertThat(cancelledVia("expired").paymentReminderAt()).isNull();
  }

  @Test
  void aReminderNotYetSentFollowsAnExtendedDeadline() {
    Order order = placed();
    Instant later = order.paymentDeadline().plus(Duration.ofHours(23));
    order.extendPaymentDeadline(later, false);
    assertThat(order.paymentReminderAt()).isEqualTo(later.minus(Duration.ofMinutes(15)));
  }

  static Stream<Long> paymentWindows() {
    return Stream.of(1L, 15 * 60L, 24 * 3_600L, Duration.ofDays(90).toSeconds());
  }

  @Test
  void totalIsTheSumOfUnitPriceTimesQuantityOverAllLines() {
    Order order = Order.place(ORDER_ID, "N", BUYER, SELLER,
        List.of(line(PRODUCT_A, 2, "10.00"), line(PRODUCT_B, 1, "5.50"), line(PRODUCT_C, 3, "0.99")),
        false, POLICY, PLACED_AT);
    assertThat(order.total()).isEqualTo(Money.of("28.47", "USD"));
    assertThat(order.total().amount()).isEqualByComparingTo("28.47").hasScaleOf(2);
  }

  @Test
  void totalOfASingleLineIsThatLine() {
    Order order = Order.place(ORDER_ID, "N", BUYER, SELLER, List.of(line(PRODUCT_A, 1, "7.25")), false, POLICY,
        PLACED_AT);
    assertThat(order.total()).isEqualTo(Money.of("7.25", "USD"));
  }

  @Test
  void totalKeepsTheCurrencyOfItsLines() {
    Order order = Order.place(ORDER_ID, "N", BUYER, SELLER,
        List.of(new OrderLine(PRODUCT_A, 3, Money.of("1200", "JPY")), new OrderLine(PRODUCT_B, 1, Money.of("50", "JPY"))),
        false, POLICY, PLACED_AT);
    assertThat(order.total()).isEqualTo(Money.of("3650", "JPY"));
    assertThat(order.total().amount()).hasScaleOf(0);
  }

  @Test
  void linesInDifferentCurrenciesAreRefused() {
    assertRefused(() -> Order.place(ORDER_ID, "N", BUYER, SELLER,
            List.of(line(PRODUCT_A, 1, "1.00"), new OrderLine(PRODUCT_B, 1, Money.of("100", "JPY"))), false, POLICY,
            PLACED_AT),
        ErrorCode.CURRENCY_MISMATCH);
  }

  @Test
  void orderWithoutLinesIsRefused() {
    assertRefused(() -> Order.place(ORDER_ID, "N", BUYER, SELLER, List.of(), false, POLICY, PLACED_AT),
        ErrorCode.VALIDATION_FAILED);
  }

  @Test
  void quantitiesMergeLinesOfTheSameProductInProductIdOrder() {
    Order order = Order.place(ORDER_ID, "N", BUYER, SELLER,
        List.of(line(PRODUCT_B, 1, "5.50"), line(PRODUCT_C, 4, "1.00"), line(PRODUCT_A, 2, "10.00"),
            line(PRODUCT_A, 3, "10.00")),
        false, POLICY, PLACED_AT);

    assertThat(order.quantities())
        .containsOnly(Map.entry(PRODUCT_A, 5), Map.entry(PRODUCT_B, 1), Map.entry(PRODUCT_C, 4));
    // one fixed order (the database's) so concurrent stock moves lock rows in the same sequence
    assertThat(List.copyOf(order.quantities().keySet())).isSortedAccordingTo(Ids.DATABASE_ORDER).doesNotHaveDuplicates();
    assertThat(order.lines()).hasSize(4);
    assertThat(order.total()).isEqualTo(Money.of("59.50", "USD"));
  }

  @Test
  void orderKeepsItsOwnCopyOfTheLines() {
    List<OrderLine> lines = new ArrayList<>(List.of(line(PRODUCT_A, 2, "10.00")));
    Order order = Order.place(ORDER_ID, "N", BUYER, SELLER, lines, false, POLICY, PLACED_AT);

    lines.add(line(PRODUCT_B, 1, "5.50"));

    assertThat(order.lines()).containsExactly(line(PRODUCT_A, 2, "10.00"));
    assertThat(order.quantities()).containsOnlyKeys(PRODUCT_A);
    assertThatThrownBy(() -> order.lines().add(line(PRODUCT_C, 1, "1.00")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  // ---------------------------------------------------------------------------------------------
  // Side data of each legal move.
  // ---------------------------------------------------------------------------------------------

  @Test
  void paymentRecordsPaidAtAndClearsThePendingFlag() {
    Order order = placed();
    order.paymentPending(true);

    order.markPaid(PAID_AT);

    assertThat(order.status()).isEqualTo(PAID);
    assertThat(order.paidAt()).isEqualTo(PAID_AT);
    assertThat(order.wasPaid()).isTrue();
    assertThat(order.paymentPending()).isFalse();
    assertThat(order.paymentDeadline()).isEqualTo(DEADLINE);
  }

  @Test
  void startingProcessingRecordsProcessingAtAndKeepsPaidAt() {
    Order order = orderIn(PAID);

    order.startProcessing(PROCESSING_AT);

    assertThat(order.status()).isEqualTo(PROCESSING);
    assertThat(order.processingAt()).isEqualTo(PROCESSING_AT);
    assertThat(order.paidAt()).isEqualTo(PAID_AT);
  }

  @Test
  void shippingRecordsCarrierTrackingNumberAndShippedAt() {
    Order order = orderIn(PROCESSING);

    order.ship("PostNL", "3SABC123", SHIPPED_AT);

    assertThat(order.status()).isEqualTo(SHIPPED);
    assertThat(order.carrier()).isEqualTo("PostNL");
    assertThat(order.trackingNumber()).isEqualTo("3SABC123");
    assertThat(order.shippedAt()).isEqualTo(SHIPPED_AT);
    assertThat(order.processingAt()).isEqualTo(PROCESSING_AT);
    assertThat(order.autoCompleteAt()).isNull();
  }

  @Test
  void deliveryRecordsDeliveredAtAndStartsTheAutoCompleteWindow() {
    Order order = orderIn(SHIPPED);

    order.deliver(DELIVERED_AT);

    assertThat(order.status()).isEqualTo(DELIVERED);
    assertThat(order.deliveredAt()).isEqualTo(DELIVERED_AT);
    assertThat(order.autoCompleteAt()).isEqualTo(DELIVERED_AT.plus(AUTO_COMPLETE_WINDOW));
    assertThat(order.shippedAt()).isEqualTo(SHIPPED_AT);
    assertThat(order.carrier()).isEqualTo("DHL");
  }

  @ParameterizedTest(name = "auto-complete window {0}s")
  @MethodSource("autoCompleteWindows")
  void autoCompleteAtIsDeliveredAtPlusThePolicySnapshotsWindow(long seconds) {
    Duration window = Duration.ofSeconds(seconds);
    Order order = placed(policy(PAYMENT_WINDOW, window));
    order.markPaid(PAID_AT);
    order.startProcessing(PROCESSING_AT);
    order.ship("DHL", "JD0001", SHIPPED_AT);

    order.deliver(DELIVERED_AT);

    assertThat(order.autoCompleteAt()).isEqualTo(DELIVERED_AT.plus(window));
  }

  static Stream<Long> autoCompleteWindows() {
    return Stream.of(1L, 3_600L, Duration.ofDays(3).toSeconds(), Duration.ofDays(90).toSeconds());
  }

  @Test
  void completionRecordsCompletedAtAndClearsAutoCompleteAt() {
    Order order = orderIn(DELIVERED);

    order.complete(COMPLETED_AT);

    assertThat(order.status()).isEqualTo(COMPLETED);
    assertThat(order.completedAt()).isEqualTo(COMPLETED_AT);
    assertThat(order.autoCompleteAt()).isNull();
    assertThat(order.deliveredAt()).isEqualTo(DELIVERED_AT);
  }

  @ParameterizedTest(name = "cancel from {0}")
  @EnumSource(value = OrderStatus.class, names = {"AWAITING_PAYMENT", "PAID", "PROCESSING"})
  void cancellationBeforeShippingRecordsReasonAndTime(OrderStatus from) {
    Order order = orderIn(from);
    order.paymentPending(true);

    order.cancel(CancelReason.SELLER_CANCELLED, ACTION_AT);

    assertThat(order.status()).isEqualTo(CANCELLED);
    assertThat(order.cancelReason()).isEqualTo(CancelReason.SELLER_CANCELLED);
    assertThat(order.cancelledAt()).isEqualTo(ACTION_AT);
    assertThat(order.paymentPending()).isFalse();
    assertThat(order.shippedAt()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(CancelReason.class)
  void cancellationKeepsWhicheverReasonItIsGiven(CancelReason reason) {
    Order order = orderIn(PAID);
    order.cancel(reason, CANCELLED_AT);
    assertThat(order.cancelReason()).isEqualTo(reason);
  }

  @Test
  void cancellingAPaidOrderKeepsPaidAtSoTheRefundIsKnown() {
    Order order = orderIn(PAID);

    order.cancel(CancelReason.BUYER_CANCELLED, CANCELLED_AT);

    assertThat(order.wasPaid()).isTrue();
    assertThat(order.paidAt()).isEqualTo(PAID_AT);
  }

  @Test
  void cancellingAnUnpaidOrderLeavesItNeverPaid() {
    Order order = placed();

    order.cancel(CancelReason.BUYER_CANCELLED, CANCELLED_AT);

    assertThat(order.wasPaid()).isFalse();
    assertThat(order.paidAt()).isNull();
  }

  @Test
  void orderWalksTheWholeLifecycleKeepingEveryTimestamp() {
    Order order = placed();
    order.markPaid(PAID_AT);
    order.startProcessing(PROCESSING_AT);
    order.ship("DHL", "JD0001", SHIPPED_AT);
    order.deliver(DELIVERED_AT);
    order.complete(COMPLETED_AT);

    assertThat(order.status()).isEqualTo(COMPLETED);
    assertThat(List.of(order.placedAt(), order.paidAt(), order.processingAt(), order.shippedAt(),
        order.deliveredAt(), order.completedAt()))
        .containsExactly(PLACED_AT, PAID_AT, PROCESSING_AT, SHIPPED_AT, DELIVERED_AT, COMPLETED_AT);
    assertThat(order.cancelledAt()).isNull();
    assertThat(order.cancelReason()).isNull();
    assertThat(order.status().isFinal()).isTrue();
  }

  // ---------------------------------------------------------------------------------------------
  // Expiry: only while awaiting payment, only at or after the deadline.
  // ---------------------------------------------------------------------------------------------

  @Test
  void unpaidOrderExpiresExactlyAtItsPaymentDeadline() {
    Order order = placed();

    order.expire(DEADLINE);

    assertThat(order.status()).isEqualTo(CANCELLED);
    assertThat(order.cancelReason()).isEqualTo(CancelReason.PAYMENT_TIMEOUT);
    assertThat(order.cancelledAt()).isEqualTo(DEADLINE);
    assertThat(order.wasPaid()).isFalse();
  }

  @Test
  void unpaidOrderExpiresAfterItsPaymentDeadline() {
    Order order = placed();
    Instant late = DEADLINE.plusSeconds(3_600);

    order.expire(late);

    assertThat(order.status()).isEqualTo(CANCELLED);
    assertThat(order.cancelReason()).isEqualTo(CancelReason.PAYMENT_TIMEOUT);
    assertThat(order.cancelledAt()).isEqualTo(late);
  }

  @ParameterizedTest(name = "{0} before the deadline")
  @MethodSource("momentsBeforeDeadline")
  void unpaidOrderCannotExpireBeforeItsPaymentDeadline(Duration beforeDeadline) {
    Order order = placed();
    order.paymentPending(true);
    Map<String, Object> before = snapshot(order);

    assertRefused(() -> order.expire(DEADLINE.minus(beforeDeadline)), ErrorCode.ILLEGAL_ORDER_TRANSITION);

    assertThat(snapshot(order)).isEqualTo(before);
    assertThat(order.status()).isEqualTo(AWAITING_PAYMENT);
    assertThat(order.paymentPending()).isTrue();
  }

  static Stream<Duration> momentsBeforeDeadline() {
    return Stream.of(Duration.ofNanos(1), Duration.ofMillis(1), Duration.ofSeconds(1), PAYMENT_WINDOW);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = OrderStatus.class, names = "AWAITING_PAYMENT", mode = EnumSource.Mode.EXCLUDE)
  void onlyAnUnpaidOrderCanExpireEvenLongAfterTheDeadline(OrderStatus status) {
    Order order = orderIn(status);
    Map<String, Object> before = snapshot(order);

    assertRefused(() -> order.expire(DEADLINE.plus(Duration.ofDays(365))), ErrorCode.ILLEGAL_ORDER_TRANSITION);

    assertThat(snapshot(order)).isEqualTo(before);
    assertThat(order.cancelReason()).isNotEqualTo(CancelReason.PAYMENT_TIMEOUT);
  }

  @Test
  void paidOrderCannotExpireBeforeTheDeadlineEither() {
    Order order = orderIn(PAID);
    assertRefused(() -> order.expire(PAID_AT), ErrorCode.ILLEGAL_ORDER_TRANSITION);
    assertThat(order.status()).isEqualTo(PAID);
  }
}
