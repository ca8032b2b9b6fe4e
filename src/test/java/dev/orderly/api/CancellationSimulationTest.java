package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.PaymentFixture;
import dev.orderly.support.Shop;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * A seeded simulation over real HTTP of PRODUCT.md's cancellation and refund rules: buyers ask to
 * cancel (checking eligibility first), withdraw and escalate; sellers approve, reject, process,
 * ship, deliver and cancel orders themselves; support decides escalations and cancels orders; the
 * seller-response timer approves unanswered requests; unpaid orders get paid or expire; and the
 * provider's card method fails for a moment now and then, so that refunds fail and need support.
 * Every answer must fit its rule (a refusal carries the rule's code, a success the state it
 * promises). Afterwards, with the provider healthy, support retrying refunds that need attention
 * and the timers done, for every order, product and request:
 * <ul>
 *   <li>stock is conserved: available + reserved + units held by live orders (and by support-cancelled
 *       orders that had shipped: that parcel is in transit) = the initial stock;</li>
 *   <li>money balances, in Orderly and at the provider: a cancelled paid order keeps exactly the fee of
 *       its granted request, a live paid order its total, an unpaid one nothing; late or duplicate money
 *       goes back in full;</li>
 *   <li>each request ends in one final state; a granted request ⇔ its order was cancelled for it (or by
 *       the seller or support while it was open); at most one per order; one ORDER_CANCELLED event per
 *       cancelled order, and nothing happens to the parcel after it; the time rules (free-cancel window,
 *       cancellation window, seller-response deadline) held for each request.</li>
 * </ul>
 *
 * <p>Choices come from the seed (printed); the interleaving also depends on timing, so a failure
 * prints the order's whole story: what the simulation did to it, its timeline, requests, refunds.
 */
class CancellationSimulationTest extends ApiTest {

  private static final Duration RUN = Duration.ofSeconds(10);
  private static final int THREADS = 3;
  private static final int SHOPS = 3;
  private static final int ORDERS_PER_SHOP = 6;
  private static final int STOCK = 30;
  /** Slack for timestamps read back from the database (stored to the microsecond). */
  private static final Duration TOLERANCE = Duration.ofMillis(1);

  private static final List<String> REASONS = List.of("CHANGED_MIND", "WRONG_SIZE_OR_ITEM", "FOUND_CHEAPER",
      "DELIVERY_TOO_SLOW", "DUPLICATE_ORDER", "OTHER");
  private static final List<String> SELLER_REASONS = List.of("OUT_OF_STOCK", "CANNOT_SHIP_TO_ADDRESS",
      "PRICING_ERROR", "BUYER_ASKED", "OTHER");
  private static final Set<String> ELIGIBILITY_CODES = Set.of("ALREADY_CANCELLED", "ALREADY_DELIVERED",
      "ALREADY_SHIPPED", "CANCELLATION_ALREADY_REQUESTED", "DIGITAL_GOODS_NOT_CANCELLABLE", "CANCELLATION_WINDOW_PASSED");
  /** Refusals that can never turn into an allowed cancellation later. */
  private static final Set<String> FOR_GOOD = Set.of("ALREADY_CANCELLED", "ALREADY_DELIVERED", "ALREADY_SHIPPED",
      "DIGITAL_GOODS_NOT_CANCELLABLE", "CANCELLATION_WINDOW_PASSED");
  private static final Set<String> GRANTED = Set.of("APPROVED", "AUTO_APPROVED", "RESOLVED_APPROVED");
  private static final Set<String> FINAL = Set.of("APPROVED", "AUTO_APPROVED", "REJECTED", "RESOLVED_APPROVED",
      "RESOLVED_REJECTED", "WITHDRAWN", "ESCALATED");
  private static final Set<String> CANCELLATION_CAUSES = Set.of("BUYER_CANCELLED", "SELLER_CANCELLED",
      "SUPPORT_CANCELLED");
  private static final Set<String> HOLDING = Set.of("PAID", "PROCESSING", "SHIPPED", "DELIVERED", "COMPLETED");
  private static final Set<String> AFTER_PAYMENT = Set.of("ORDER_PAID", "ORDER_PROCESSING", "ORDER_SHIPPED",
      "ORDER_DELIVERED", "ORDER_COMPLETED");

  /** A shop's cancellation terms as the simulation set them. */
  record Terms(Duration free, Duration window, Duration respond, int feePercent, boolean digital,
      boolean digitalCancellable) {
    @Override
    public String toString() {
      return "free " + free + ", window " + window + ", respond " + respond + ", fee " + feePercent + "%"
          + (digital ? ", digital" + (digitalCancellable ? " (cancellable)" : " (not cancellable)") : "");
    }
  }

  /**
   * One order of the simulation, with its own buyer, and what the simulation did to it. The buyer of an
   * abandoned order never comes back (it expires unless the seller or support cancels it first).
   */
  record Sim(int index, Shop shop, Terms terms, UUID order, int quantity, BigDecimal total, boolean abandoned,
      List<String> log) {
    String path() {
      return "/api/v1/orders/" + order;
    }
  }

  /** What the API shows of an order once everything has settled. */
  record Seen(JsonNode view, List<JsonNode> events, List<JsonNode> requests, List<JsonNode> refunds,
      List<JsonNode> attempts) {}

  private final Map<String, Integer> tally = new ConcurrentHashMap<>();
  private final Map<UUID, Sim> bySimOrder = new ConcurrentHashMap<>();
  private final AtomicLong cardFailingUntil = new AtomicLong();
  /** When the provider's card method failed, for every order's story. */
  private final List<String> provider = Collections.synchronizedList(new ArrayList<>());
  private Api.Principal support;
  private long seed;

  @AfterEach
  void normalProvider() {
    resetPaymentConditions();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {20261124L, 11L})
  void cancellationsKeepStockMoneyAndRequestsConsistentWhateverHappens(long seed) throws Exception {
    long started = System.nanoTime();
    this.seed = seed;
    System.out.println("CancellationSimulationTest seed " + seed);
    resetPaymentConditions();
    tally.clear();
    Random random = new Random(seed);
    support = api.support();

    // ---- shops with different terms, paid orders first, then unpaid ones with short payment windows ----
    List<Shop> shops = new ArrayList<>();
    List<Terms> terms = new ArrayList<>();
    for (int s = 0; s < SHOPS; s++) {
      boolean digital = s == SHOPS - 1;
      Duration free = random.nextInt(3) == 0 ? Duration.ZERO : Duration.ofSeconds(3 + random.nextInt(8));
      Duration window = random.nextBoolean() ? Duration.ofHours(24) : Duration.ofSeconds(8 + random.nextInt(10));
      // a free-cancel window longer than the cancellation window is refused: the latter is at least as long
      Terms t = new Terms(free, window.compareTo(free) < 0 ? free : window,
          Duration.ofSeconds(1 + random.nextInt(3)), random.nextInt(21), digital, digital && random.nextBoolean());
      Map<String, Object> policy = new LinkedHashMap<>();
      policy.put("paymentWindow", "PT10M");
      policy.put("freeCancelWindow", t.free().toString());
      policy.put("cancellationWindow", t.window().toString());
      policy.put("sellerResponseWindow", t.respond().toString());
      policy.put("cancellationFeePercent", t.feePercent());
      policy.put("digitalCancellable", t.digitalCancellable());
      Api.Principal seller = api.seller();
      api.policy(seller, policy);
      UUID product = api.product(seller, (10 + random.nextInt(50)) + ".00", "USD", STOCK, digital);
      shops.add(new Shop(api, seller, null, product));
      terms.add(t);
      System.out.println("  shop " + s + ": " + t);
    }
    List<Sim> orders = new ArrayList<>();
    List<int[]> unpaid = new ArrayList<>();
    for (int s = 0; s < SHOPS; s++) {
      for (int i = 0; i < ORDERS_PER_SHOP; i++) {
        int quantity = 1 + random.nextInt(3);
        if (random.nextInt(3) == 0) {
          unpaid.add(new int[] {s, quantity});
        } else {
          Sim o = place(orders.size(), shops.get(s), terms.get(s), quantity, false);
          o.shop().pay(o.order());
          o.log().add(Instant.now() + " setup: paid");
          orders.add(o);
        }
      }
    }
    for (int i = 0; i < unpaid.size(); i++) {
      int[] u = unpaid.get(i);
      Shop shop = shops.get(u[0]);
      api.policy(shop.seller(), Map.of("paymentWindow", "PT" + (3 + random.nextInt(6)) + "S"));
      orders.add(place(orders.size(), shop, terms.get(u[0]), u[1], i % 2 == 0));
    }
    orders.forEach(o -> bySimOrder.put(o.order(), o));
    count("orders unpaid at the start", unpaid.size());
    count("orders abandoned by their buyer", (int) orders.stream().filter(Sim::abandoned).count());
    long setUp = System.nanoTime();

    // ---- buyers, sellers, support and the provider, at random, for a while ----
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long end = System.nanoTime() + RUN.toNanos();
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Random mine = new Random(seed * 31 + t);
      int thread = t;
      running.add(pool.submit(() -> {
        try {
          while (System.nanoTime() < end && failure.get() == null) {
            act(mine, thread, orders.get(mine.nextInt(orders.size())));
            sleep(mine.nextInt(100));
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
        return null;
      }));
    }
    try {
      for (Future<?> f : running) {
        f.get(RUN.toSeconds() + 60, TimeUnit.SECONDS);
      }
    } catch (ExecutionException e) {
      failure.compareAndSet(null, e.getCause());
    } finally {
      pool.shutdownNow();
    }
    if (failure.get() instanceof Error error) {
      throw error;
    } else if (failure.get() != null) {
      throw new IllegalStateException(failure.get());
    }
    long simulated = System.nanoTime();

    // ---- the provider is healthy again; support retries refunds that need attention; timers finish ----
    resetPaymentConditions();
    provider.add(Instant.now() + " provider healthy again");
    Set<String> ours = orders.stream().map(o -> o.order().toString()).collect(Collectors.toSet());
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
      retryRefundsNeedingAttention(ours);
      return orders.stream().allMatch(this::settled);
    });
    long settledAt = System.nanoTime();

    // ---- invariants ----
    Map<UUID, Seen> seen = new LinkedHashMap<>();
    for (Sim o : orders) {
      seen.put(o.order(), see(o));
    }
    for (Sim o : orders) {
      verifyOrder(o, seen.get(o.order()));
    }
    verifyStock(shops, orders, seen);

    for (Sim o : orders) {
      Seen s = seen.get(o.order());
      String status = s.view().path("status").asString();
      count("order " + status + (s.view().has("cancelReason") ? " " + s.view().path("cancelReason").asString() : ""));
      s.requests().forEach(r -> count("request " + r.path("status").asString()));
      s.refunds().forEach(r -> count("refund " + r.path("cause").asString()));
      count("refunds retried by support", events(s, "REFUND_RETRY_REQUESTED").size());
    }
    System.out.printf("CancellationSimulationTest seed %d (setup %.1f s, run %.1f s, settle %.1f s, total %.1f s): %s%n",
        seed, secs(started, setUp), secs(setUp, simulated), secs(simulated, settledAt), secs(started, System.nanoTime()),
        new TreeMap<>(tally));
  }

  private Sim place(int index, Shop shop, Terms terms, int quantity, boolean abandoned) {
    Api.Principal buyer = api.buyer();
    Api.Response placed = api.placeOrder(buyer, shop.product(), quantity);
    assertThat(placed.status()).as(placed.raw().body()).isEqualTo(201);
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    log.add(Instant.now() + " setup: placed, quantity " + quantity + ", deadline " + placed.text("paymentDeadline")
        + (abandoned ? ", abandoned by its buyer" : ""));
    return new Sim(index, new Shop(api, shop.seller(), buyer, shop.product()), terms, placed.id(), quantity,
        money(placed.body().path("total")), abandoned, log);
  }

  // ---------------------------------------------------------------------------------------------
  // the actions
  // ---------------------------------------------------------------------------------------------

  private void act(Random r, int thread, Sim o) {
    cardRecovers(thread, o);
    int dice = r.nextInt(100);
    boolean buyer = dice < 36 || (dice >= 71 && dice < 85);
    if (buyer && o.abandoned()) {
      return;
    }
    if (dice < 25) {
      requestCancellation(r, thread, o);
    } else if (dice < 30) {
      withdraw(thread, o);
    } else if (dice < 36) {
      escalate(r, thread, o);
    } else if (dice < 50) {
      sellerAnswers(r, thread, o);
    } else if (dice < 62) {
      sellerMovesOn(r, thread, o);
    } else if (dice < 63) {
      sellerCancels(r, thread, o);
    } else if (dice < 70) {
      supportResolves(r, thread);
    } else if (dice < 71) {
      supportCancels(thread, o);
    } else if (dice < 85) {
      buyerPays(r, thread, o);
    } else if (dice < 99) {
      eligibilityFitsTheOrder(thread, o);
    } else {
      cardFailsForAMoment(r, thread, o);
    }
  }

  /** The buyer asks "can I cancel?", then asks to cancel; the answer must fit the rules and the terms. */
  private void requestCancellation(Random r, int thread, Sim o) {
    Api.Response eligibility = call(thread, o, "eligibility", o.shop().eligibility(o.order()));
    checkEligibility(o, eligibility);
    String reason = REASONS.get(r.nextInt(REASONS.size()));
    String note = reason.equals("OTHER") || r.nextBoolean() ? "simulated buyer " + thread + " changed plans" : null;
    // the buyer accepts the fee it was shown, as a client does; the terms may change before it confirms
    JsonNode shownFee = eligibility.body().path("fee");
    Map<String, String> accepted = shownFee.isMissingNode() ? null
        : Map.of("amount", shownFee.path("amount").asString(), "currency", shownFee.path("currency").asString());
    Api.Response request = call(thread, o, "request " + reason,
        o.shop().requestCancellation(o.order(), reason, note, accepted));
    String story = story(o, request);
    String before = eligibility.body().path("allowed").asBoolean() ? "allowed"
        : eligibility.body().path("reason").path("code").asString();
    if (request.status() == 201) {
      assertThat(FOR_GOOD).as("refused for good (%s) but then granted\n%s", before, story).doesNotContain(before);
      checkRequest(o, request.body(), story);
      assertThat(request.text("status")).as(story).isIn("APPROVED", "PENDING_SELLER");
      // nothing is charged that the buyer did not accept
      assertThat(money(request.body().path("fee"))).as("the fee charged was the one accepted\n%s", story)
          .isEqualByComparingTo(accepted == null ? BigDecimal.ZERO : new BigDecimal(accepted.get("amount")));
      if (request.text("status").equals("APPROVED")) {
        assertThat(request.text("confirmationNumber")).as(story).startsWith("CX-");
      } else {
        assertThat(money(request.body().path("fee"))).as("the fee disclosed\n%s", story).isEqualByComparingTo(fee(o));
      }
    } else if ("CANCELLATION_TERMS_CHANGED".equals(request.code())) {
      // refused, with the terms that apply now, which differ from the accepted ones
      JsonNode now = request.body().path("eligibility");
      assertThat(now.path("allowed").asBoolean()).as(story).isTrue();
      assertThat(money(now.path("fee"))).as(story)
          .isNotEqualByComparingTo(accepted == null ? BigDecimal.ZERO : new BigDecimal(accepted.get("amount")));
    } else {
      assertThat(request.status()).as(story).isEqualTo(409);
      assertThat(request.code()).as(story).isIn(ELIGIBILITY_CODES);
      assertThat(request.body().path("nextSteps").size()).as(story).isPositive();
    }
  }

  private void withdraw(int thread, Sim o) {
    JsonNode latest = latestRequest(o, o.shop().buyer());
    if (latest == null) {
      return;
    }
    Api.Response r = call(thread, o, "withdraw", o.shop().act(id(latest), "withdraw", o.shop().buyer(), null));
    expect(o, r, "WITHDRAWN", "ILLEGAL_CANCELLATION_TRANSITION");
  }

  private void escalate(Random r, int thread, Sim o) {
    JsonNode latest = latestRequest(o, o.shop().buyer());
    if (latest == null) {
      return;
    }
    Object body = r.nextBoolean() ? Map.of("note", "the seller said no, but " + thread) : null;
    String before = o.shop().status(o.order());
    Api.Response e = call(thread, o, "escalate", o.shop().act(id(latest), "escalate", o.shop().buyer(), body));
    if (before.equals("CANCELLED")) {
      // cancelled (and refunded) meanwhile by the seller or support: nothing left for support to decide
      assertThat(e.status()).as("escalated a request of an order already cancelled\n%s", story(o, e)).isEqualTo(409);
    }
    expect(o, e, "ESCALATED", "ILLEGAL_CANCELLATION_TRANSITION", "ALREADY_CANCELLED", "ALREADY_DELIVERED");
    statusFitsRefusal(o, e);
  }

  /** A refusal saying the order is cancelled or delivered is true (neither can be undone). */
  private void statusFitsRefusal(Sim o, Api.Response r) {
    if ("ALREADY_CANCELLED".equals(r.code())) {
      assertThat(o.shop().status(o.order())).as(story(o, r)).isEqualTo("CANCELLED");
    } else if ("ALREADY_DELIVERED".equals(r.code())) {
      assertThat(o.shop().status(o.order())).as(story(o, r)).isIn("DELIVERED", "COMPLETED");
    }
  }

  /** The seller approves or rejects the latest request (a rejection without a note is invalid). */
  private void sellerAnswers(Random r, int thread, Sim o) {
    JsonNode latest = latestRequest(o, o.shop().seller());
    if (latest == null) {
      return;
    }
    int choice = r.nextInt(10);
    if (choice < 5) {
      Object body = r.nextBoolean() ? Map.of("note", "fine") : null;
      Api.Response a = call(thread, o, "approve", o.shop().act(id(latest), "approve", o.shop().seller(), body));
      expect(o, a, "APPROVED", "ILLEGAL_CANCELLATION_TRANSITION", "SELLER_RESPONSE_DEADLINE_PASSED");
    } else if (choice < 9) {
      Api.Response a = call(thread, o, "reject", o.shop().act(id(latest), "reject", o.shop().seller(),
          Map.of("note", "already being packed")));
      expect(o, a, "REJECTED", "ILLEGAL_CANCELLATION_TRANSITION", "SELLER_RESPONSE_DEADLINE_PASSED");
    } else {
      Api.Response a = call(thread, o, "reject without note", o.shop().act(id(latest), "reject", o.shop().seller(),
          Map.of()));
      String story = story(o, a);
      assertThat(a.status()).as(story).isEqualTo(400);
      assertThat(a.code()).as(story).isEqualTo("VALIDATION_FAILED");
    }
  }

  /** The seller takes the order's next step (mostly), or any step; the buyer confirms receipt. */
  private void sellerMovesOn(Random r, int thread, Sim o) {
    String status = o.shop().status(o.order());
    List<String> steps = List.of("process", "ship", "deliver", "confirm-receipt");
    String step = switch (status) {
      case "PAID" -> "process";
      case "PROCESSING" -> "ship";
      case "SHIPPED" -> "deliver";
      case "DELIVERED" -> "confirm-receipt";
      default -> steps.get(r.nextInt(steps.size()));
    };
    if (r.nextInt(4) == 0) {
      step = steps.get(r.nextInt(steps.size()));
    }
    Api.Response moved = switch (step) {
      case "process" -> api.post(o.path() + "/process", o.shop().seller().token(), null);
      case "ship" -> o.shop().ship(o.order());
      case "deliver" -> api.post(o.path() + "/deliver", o.shop().seller().token(), null);
      default -> api.post(o.path() + "/confirm-receipt", o.shop().buyer().token(), null);
    };
    call(thread, o, step, moved);
    String story = story(o, moved);
    if (moved.status() == 200) {
      String to = switch (step) {
        case "process" -> "PROCESSING";
        case "ship" -> "SHIPPED";
        case "deliver" -> "DELIVERED";
        default -> "COMPLETED";
      };
      assertThat(moved.text("status")).as(story).isEqualTo(to);
    } else {
      assertThat(moved.status()).as(story).isEqualTo(409);
      assertThat(moved.code()).as(story).isEqualTo("ILLEGAL_ORDER_TRANSITION");
    }
  }

  private void sellerCancels(Random r, int thread, Sim o) {
    String reason = SELLER_REASONS.get(r.nextInt(SELLER_REASONS.size()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reason", reason);
    if (reason.equals("OTHER") || r.nextBoolean()) {
      body.put("note", "seller " + thread + " cannot fulfil it");
    }
    Api.Response c = call(thread, o, "seller cancels " + reason,
        api.post(o.path() + "/seller-cancellation", o.shop().seller().token(), body));
    expectCancelled(o, c, "SELLER_CANCELLED", "ALREADY_CANCELLED", "ALREADY_SHIPPED", "ALREADY_DELIVERED");
  }

  private void supportCancels(int thread, Sim o) {
    Api.Response c = call(thread, o, "support cancels",
        api.post(o.path() + "/support-cancellation", support.token(), Map.of("note", "support " + thread + " stepped in")));
    expectCancelled(o, c, "SUPPORT_CANCELLED", "ALREADY_CANCELLED", "ALREADY_DELIVERED");
  }

  /** Support takes an escalation of the simulation's orders from its queue and decides it. */
  private void supportResolves(Random r, int thread) {
    Api.Response queue = api.get("/api/v1/support/queue?kind=ESCALATION&limit=200", support.token());
    assertThat(queue.status()).as(queue.raw().body()).isEqualTo(200);
    List<JsonNode> escalations = PaymentFixture.list(queue.body());
    if (escalations.isEmpty()) {
      return;
    }
    JsonNode escalation = escalations.get(r.nextInt(escalations.size()));
    Sim o = bySimOrder.get(UUID.fromString(escalation.path("orderId").asString()));
    if (o == null) {
      return; // another test's
    }
    String decision = r.nextBoolean() ? "APPROVE" : "UPHOLD_REJECTION";
    Api.Response resolved = call(thread, o, "resolve " + decision, o.shop().act(id(escalation), "resolve", support,
        Map.of("decision", decision, "note", "support " + thread + " decided")));
    if (decision.equals("APPROVE")) {
      // support approves up to delivery (a parcel in transit is stopped); after that there is nothing to approve
      expect(o, resolved, "RESOLVED_APPROVED", "ILLEGAL_CANCELLATION_TRANSITION", "ALREADY_CANCELLED",
          "ALREADY_DELIVERED");
      statusFitsRefusal(o, resolved);
      if (resolved.status() == 200) {
        assertThat(o.shop().status(o.order())).as(story(o, resolved)).isEqualTo("CANCELLED");
      }
    } else {
      expect(o, resolved, "RESOLVED_REJECTED", "ILLEGAL_CANCELLATION_TRANSITION");
    }
  }

  /** A buyer of an unpaid order pays it, now and then (others let theirs expire). */
  private void buyerPays(Random r, int thread, Sim o) {
    if (r.nextBoolean() || !"AWAITING_PAYMENT".equals(o.shop().status(o.order()))) {
      return;
    }
    Api.Response attempt = call(thread, o, "start payment",
        api.post(o.path() + "/payments", o.shop().buyer().token(), Map.of("method", "CARD")));
    if (attempt.status() != 201) {
      return;
    }
    Map<String, Object> options = Map.of("callbackDelay", "PT" + (r.nextInt(500) / 1000.0) + "S",
        "duplicateCallbacks", r.nextInt(2));
    call(thread, o, "pay at provider", api.pay(attempt.text("providerReference"), "succeed", options));
  }

  /**
   * Eligibility read between two reads of the order: while the status stayed what it was, the
   * answer must be what the rules say for that status.
   */
  private void eligibilityFitsTheOrder(int thread, Sim o) {
    String before = o.shop().status(o.order());
    Api.Response e = call(thread, o, "eligibility", o.shop().eligibility(o.order()));
    String after = o.shop().status(o.order());
    checkEligibility(o, e);
    if (!before.equals(after)) {
      return;
    }
    String story = story(o, e);
    JsonNode body = e.body();
    switch (before) {
      case "AWAITING_PAYMENT" -> {
        assertThat(body.path("allowed").asBoolean()).as(story).isTrue();
        assertThat(body.path("mode").asString()).as(story).isEqualTo("IMMEDIATE");
        assertThat(money(body.path("refundAmount"))).as(story).isEqualByComparingTo("0");
      }
      case "CANCELLED" -> assertThat(body.path("reason").path("code").asString()).as(story).isEqualTo("ALREADY_CANCELLED");
      case "SHIPPED" -> assertThat(body.path("reason").path("code").asString()).as(story).isEqualTo("ALREADY_SHIPPED");
      case "DELIVERED", "COMPLETED" ->
          assertThat(body.path("reason").path("code").asString()).as(story).isEqualTo("ALREADY_DELIVERED");
      default -> {
        if (o.terms().digital() && !o.terms().digitalCancellable()) {
          assertThat(body.path("reason").path("code").asString()).as(story).isEqualTo("DIGITAL_GOODS_NOT_CANCELLABLE");
        }
      }
    }
  }

  /** The provider fails card payments and refunds for a second or two while everyone goes on. */
  private void cardFailsForAMoment(Random r, int thread, Sim o) {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1000 + r.nextInt(1500));
    if (cardFailingUntil.compareAndSet(0, until)) {
      api.sandboxMode("CARD", "FAILING");
      provider.add(Instant.now() + " t" + thread + " CARD failing");
      count("card failing for a moment");
    }
  }

  private void cardRecovers(int thread, Sim o) {
    long until = cardFailingUntil.get();
    if (until != 0 && System.nanoTime() > until && cardFailingUntil.compareAndSet(until, 0)) {
      api.sandboxMode("CARD", "NORMAL");
      provider.add(Instant.now() + " t" + thread + " CARD normal");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // answers must fit their rule
  // ---------------------------------------------------------------------------------------------

  /** Logs an answer on the order's story, counts it, and fails at once on a server error. */
  private Api.Response call(int thread, Sim o, String action, Api.Response r) {
    JsonNode body = r.body();
    String outcome = r.status() + (r.code() != null ? " " + r.code()
        : body != null && body.has("allowed") ? " " + (body.path("allowed").asBoolean() ? body.path("mode").asString()
            : body.path("reason").path("code").asString())
        : body != null && body.has("status") ? " " + body.path("status").asString() : "");
    o.log().add(Instant.now() + " t" + thread + " " + action + " -> " + outcome);
    // counted by kind of action, without its randomly chosen reason or decision
    String kind = java.util.Arrays.stream(action.split(" ")).filter(w -> !w.equals(w.toUpperCase()))
        .collect(Collectors.joining(" "));
    count(kind + " -> " + outcome);
    assertThat(r.status()).as("server error on %s of order %s: %s\n%s", action, o.order(), r.raw().body(), story(o, r))
        .isLessThan(500);
    return r;
  }

  /** A cancellation request step: 200 with the promised status, or 409 with one of the codes. */
  private void expect(Sim o, Api.Response r, String status, String... refusals) {
    String story = story(o, r);
    if (r.status() == 200) {
      assertThat(r.text("status")).as(story).isEqualTo(status);
      checkRequest(o, r.body(), story);
    } else {
      assertThat(r.status()).as(story).isEqualTo(409);
      assertThat(r.code()).as(story).isIn((Object[]) refusals);
    }
  }

  /** A seller's or support's cancellation: the order cancelled for that reason, or refused with a code. */
  private void expectCancelled(Sim o, Api.Response r, String reason, String... refusals) {
    String story = story(o, r);
    if (r.status() == 200) {
      assertThat(r.text("status")).as(story).isEqualTo("CANCELLED");
      assertThat(r.text("cancelReason")).as(story).isEqualTo(reason);
    } else {
      assertThat(r.status()).as(story).isEqualTo(409);
      assertThat(r.code()).as(story).isIn((Object[]) refusals);
    }
  }

  /** An eligibility answer is complete and its money agrees with the shop's terms. */
  private void checkEligibility(Sim o, Api.Response e) {
    String story = story(o, e);
    assertThat(e.status()).as(story).isEqualTo(200);
    JsonNode body = e.body();
    if (body.path("allowed").asBoolean()) {
      assertThat(body.has("reason")).as(story).isFalse();
      String mode = body.path("mode").asString();
      assertThat(mode).as(story).isIn("IMMEDIATE", "SELLER_APPROVAL");
      BigDecimal fee = money(body.path("fee"));
      BigDecimal refund = money(body.path("refundAmount"));
      if (mode.equals("IMMEDIATE")) {
        assertThat(fee).as(story).isEqualByComparingTo("0");
        assertThat(refund.signum() == 0 || refund.compareTo(o.total()) == 0).as(story).isTrue();
        if (o.terms().digital() && !o.terms().digitalCancellable()) {
          assertThat(refund).as("paid digital goods of a strict shop\n%s", story).isEqualByComparingTo("0");
        }
      } else {
        assertThat(o.terms().digital() && !o.terms().digitalCancellable()).as(story).isFalse();
        assertThat(fee).as(story).isEqualByComparingTo(fee(o));
        assertThat(refund).as(story).isEqualByComparingTo(o.total().subtract(fee(o)));
        assertThat(body.path("sellerRespondBy").asString(null)).as(story).isNotNull();
      }
    } else {
      assertThat(body.has("mode")).as(story).isFalse();
      assertThat(body.path("reason").path("code").asString()).as(story).isIn(ELIGIBILITY_CODES);
      assertThat(body.path("reason").path("message").asString()).as(story).isNotBlank();
      assertThat(body.path("nextSteps").size()).as(story).isPositive();
    }
  }

  /** A request as answered: its mode, fee, refund and deadline agree with the shop's terms. */
  private void checkRequest(Sim o, JsonNode request, String story) {
    String mode = request.path("mode").asString();
    BigDecimal fee = money(request.path("fee"));
    BigDecimal refund = money(request.path("refundAmount"));
    // paid: fee + refund = total; unpaid: nothing to refund, no fee
    assertThat(fee.add(refund).compareTo(o.total()) == 0 || fee.add(refund).signum() == 0).as(story).isTrue();
    if (mode.equals("IMMEDIATE")) {
      assertThat(fee).as(story).isEqualByComparingTo("0");
      assertThat(request.has("respondBy")).as(story).isFalse();
    } else {
      assertThat(mode).as(story).isEqualTo("SELLER_APPROVAL");
      // the fee as disclosed, unless the order was cancelled by the seller or support while it was open
      assertThat(fee.compareTo(fee(o)) == 0 || fee.signum() == 0).as(story).isTrue();
      Instant created = instant(request, "createdAt");
      assertThat(Duration.between(created, instant(request, "respondBy"))).as(story).isEqualTo(o.terms().respond());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // settling and the invariants
  // ---------------------------------------------------------------------------------------------

  private void retryRefundsNeedingAttention(Set<String> ours) {
    for (JsonNode item : api.all("/api/v1/support/queue?kind=REFUND_NEEDS_ATTENTION&limit=200", support.token())) {
      JsonNode refund = item.path("refund");
      if (ours.contains(refund.path("orderId").asString())) {
        Api.Response retried = api.post("/api/v1/refunds/" + refund.path("id").asString() + "/retry", support.token(), Map.of("note", "provider fixed"));
        assertThat(retried.status()).as(retried.raw().body()).isIn(200, 409);
      }
    }
  }

  /** Nothing left to happen: paid or expired, no request waiting for the seller, no attempt open, refunds done. */
  private boolean settled(Sim o) {
    if ("AWAITING_PAYMENT".equals(o.shop().status(o.order()))) {
      return false;
    }
    if (requests(o, o.shop().buyer()).stream().anyMatch(r -> "PENDING_SELLER".equals(r.path("status").asString()))) {
      return false;
    }
    if (PaymentFixture.list(api.get(o.path() + "/payments", o.shop().buyer().token()).body()).stream()
        .anyMatch(a -> "PENDING".equals(a.path("status").asString()))) {
      return false;
    }
    return o.shop().refunds(o.order()).stream().allMatch(r -> "SUCCEEDED".equals(r.path("status").asString()));
  }

  private Seen see(Sim o) {
    Api.Principal buyer = o.shop().buyer();
    JsonNode view = o.shop().order(o.order());
    List<JsonNode> events = PaymentFixture.list(api.get(o.path() + "/timeline", buyer.token()).body().path("events"));
    List<JsonNode> requests = new ArrayList<>(requests(o, buyer));
    requests.sort(Comparator.comparing((JsonNode r) -> instant(r, "createdAt")));
    List<JsonNode> attempts = PaymentFixture.list(api.get(o.path() + "/payments", buyer.token()).body());
    return new Seen(view, events, requests, o.shop().refunds(o.order()), attempts);
  }

  private void verifyOrder(Sim o, Seen s) {
    String story = story(o, s);
    boolean paid = verifyTimeline(o, s, story);
    JsonNode grant = verifyRequests(o, s, paid, story);
    verifyMoney(o, s, paid, grant, story);
  }

  /** Paid at most once, cancelled at most once and from the status it was in, nothing done after; returns "paid". */
  private boolean verifyTimeline(Sim o, Seen s, String story) {
    JsonNode view = s.view();
    String status = view.path("status").asString();
    String cancelReason = view.path("cancelReason").asString(null);
    assertThat(money(view.path("total"))).as(story).isEqualByComparingTo(o.total());
    List<JsonNode> paidEvents = events(s, "ORDER_PAID");
    List<JsonNode> cancelledEvents = events(s, "ORDER_CANCELLED");
    boolean paid = !paidEvents.isEmpty();
    assertThat(paidEvents).as(story).hasSizeLessThanOrEqualTo(1);
    assertThat(view.has("paidAt")).as(story).isEqualTo(paid);
    assertThat(status).as(story).isIn("PAID", "PROCESSING", "SHIPPED", "DELIVERED", "COMPLETED", "CANCELLED");
    assertThat(cancelledEvents).as(story).hasSize(status.equals("CANCELLED") ? 1 : 0);
    if (status.equals("CANCELLED")) {
      JsonNode cancelled = cancelledEvents.get(0);
      int at = s.events().indexOf(cancelled);
      List<String> after = s.events().subList(at + 1, s.events().size()).stream().map(e -> e.path("type").asString())
          .toList();
      assertThat(after).as("the order moved on after it was cancelled\n%s", story).doesNotContainAnyElementsOf(AFTER_PAYMENT);
      String lastStep = "AWAITING_PAYMENT";
      for (JsonNode e : s.events().subList(0, at)) {
        lastStep = switch (e.path("type").asString()) {
          case "ORDER_PAID" -> "PAID";
          case "ORDER_PROCESSING" -> "PROCESSING";
          case "ORDER_SHIPPED" -> "SHIPPED";
          case "ORDER_DELIVERED" -> "DELIVERED";
          case "ORDER_COMPLETED" -> "COMPLETED";
          default -> lastStep;
        };
      }
      String previousStatus = cancelled.path("detail").path("previousStatus").asString(null);
      if (previousStatus == null) {
        assertThat(cancelReason).as(story).isEqualTo("PAYMENT_TIMEOUT");
        previousStatus = "AWAITING_PAYMENT";
      }
      assertThat(previousStatus).as(story).isEqualTo(lastStep);
      assertThat(cancelled.path("detail").path("reason").asString()).as(story).isEqualTo(cancelReason);
      assertThat(previousStatus).as(story).isIn("AWAITING_PAYMENT", "PAID", "PROCESSING", "SHIPPED");
      if (previousStatus.equals("SHIPPED")) {
        assertThat(cancelReason).as("only support stops a parcel in transit\n%s", story).isEqualTo("SUPPORT_CANCELLED");
      }
      if (cancelReason.equals("PAYMENT_TIMEOUT")) {
        assertThat(paid).as(story).isFalse();
      }
    } else {
      assertThat(paid).as(story).isTrue();
      assertThat(cancelReason).as(story).isNull();
    }
    return paid;
  }

  /**
   * One final state per request, only the latest one not withdrawn, the time rules held, and granted ⇔ the
   * order was cancelled for it (or by the seller or support while it was open). Returns the granted one.
   */
  private JsonNode verifyRequests(Sim o, Seen s, boolean paid, String story) {
    JsonNode view = s.view();
    String status = view.path("status").asString();
    String cancelReason = view.path("cancelReason").asString(null);
    List<JsonNode> requests = s.requests();
    List<JsonNode> granted = requests.stream().filter(r -> GRANTED.contains(r.path("status").asString())).toList();
    Set<String> closedByCancellation = events(s, "CANCELLATION_CLOSED_BY_ORDER_CANCELLATION").stream()
        .map(e -> e.path("detail").path("cancellationId").asString()).collect(Collectors.toSet());
    Instant paidAt = paid ? instant(view, "paidAt") : null;
    Instant processingAt = events(s, "ORDER_PROCESSING").stream().map(e -> instant(e, "at")).findFirst().orElse(null);
    for (int i = 0; i < requests.size(); i++) {
      JsonNode r = requests.get(i);
      String rs = r.path("status").asString();
      String what = "request " + r.path("id").asString() + " " + rs + "\n" + story;
      assertThat(rs).as(what).isIn(FINAL);
      if (i < requests.size() - 1) {
        assertThat(rs).as("only a withdrawn request makes way for another\n%s", what).isEqualTo("WITHDRAWN");
      }
      checkRequest(o, r, what);
      Instant created = instant(r, "createdAt");
      boolean closed = closedByCancellation.contains(r.path("id").asString());
      // the time rules held when the request was made
      if (r.path("mode").asString().equals("IMMEDIATE")) {
        if (paid) {
          assertThat(created).as("immediate only inside the free-cancel window\n%s", what)
              .isBefore(paidAt.plus(o.terms().free()).plus(TOLERANCE)).isAfterOrEqualTo(paidAt.minus(TOLERANCE));
          assertThat(processingAt == null || processingAt.isAfter(created)).as("immediate only while PAID\n%s", what)
              .isTrue();
        }
      } else {
        assertThat(paid).as(what).isTrue();
        assertThat(created).as("a request only inside the cancellation window\n%s", what)
            .isBefore(paidAt.plus(o.terms().window()).plus(TOLERANCE));
        boolean afterFree = !created.isBefore(paidAt.plus(o.terms().free()).minus(TOLERANCE));
        boolean processing = processingAt != null && !processingAt.isAfter(created);
        assertThat(afterFree || processing).as("to the seller only after the free window or once processing\n%s", what)
            .isTrue();
      }
      if (paid && o.terms().digital() && !o.terms().digitalCancellable()) {
        assertThat(r.path("mode").asString()).as("paid digital goods of a strict shop\n%s", what).isEqualTo("IMMEDIATE");
        assertThat(paidAt).as(what).isAfter(created);
      }
      // the seller's deadline: its answers (and shipping) before it, the timer's approval after it
      Instant respondBy = r.has("respondBy") ? instant(r, "respondBy") : null;
      Instant decided = r.has("decidedAt") ? instant(r, "decidedAt") : null;
      boolean rejected = rs.equals("REJECTED") || rs.equals("ESCALATED") || rs.equals("RESOLVED_REJECTED")
          || (rs.equals("RESOLVED_APPROVED") && r.has("escalatedAt"));
      if (rs.equals("AUTO_APPROVED")) {
        assertThat(decided).as(what).isAfterOrEqualTo(respondBy);
      } else if (rejected || (rs.equals("APPROVED") && respondBy != null && !closed)) {
        assertThat(decided).as("the seller's answer (or shipping) came after its deadline, which belongs to the timer\n%s",
            what).isBefore(respondBy);
      }
      if (rs.startsWith("RESOLVED_")) {
        assertThat(r.path("resolutionNote").asString()).as(what).isNotBlank();
      }
      if (rs.equals("ESCALATED") || rs.startsWith("RESOLVED_")) {
        assertThat(r.has("escalatedAt")).as(what).isTrue();
      }
      if (GRANTED.contains(rs)) {
        assertThat(r.path("confirmationNumber").asString()).as(what).isEqualTo("CX-" + view.path("number").asString());
      }
      if (r.path("mode").asString().equals("SELLER_APPROVAL") && !closed) {
        assertThat(money(r.path("fee"))).as("the fee disclosed\n%s", what).isEqualByComparingTo(fee(o));
      }
      if (closed) {
        assertThat(rs).as(what).isIn("APPROVED", "RESOLVED_APPROVED");
        assertThat(money(r.path("fee"))).as("no fee when the seller or support cancelled\n%s", what).isEqualByComparingTo("0");
      }
    }
    assertThat(granted).as("at most one granted request per order\n%s", story).hasSizeLessThanOrEqualTo(1);
    JsonNode grant = granted.isEmpty() ? null : granted.get(0);
    JsonNode cancelled = events(s, "ORDER_CANCELLED").stream().findFirst().orElse(null);
    String grantedBy = cancelled == null ? null : cancelled.path("detail").path("cancellationId").asString(null);
    if (grantedBy != null) {
      // the order was cancelled by granting a request: the buyer's, approved by the seller, its timer or support
      assertThat(grant).as("cancelled for a request that is not granted\n%s", story).isNotNull();
      assertThat(grant.path("id").asString()).as(story).isEqualTo(grantedBy);
      if ("SUPPORT_CANCELLED".equals(cancelReason)) {
        // support approved an escalation after the parcel left: only support may stop it in transit
        assertThat(grant.path("status").asString()).as(story).isEqualTo("RESOLVED_APPROVED");
        assertThat(cancelled.path("detail").path("previousStatus").asString()).as(story).isEqualTo("SHIPPED");
        count("escalation approved by support after shipping");
      } else {
        assertThat(cancelReason).as(story).isEqualTo("BUYER_CANCELLED");
      }
      assertThat(closedByCancellation).as(story).isEmpty();
      assertThat(events(s, "CANCELLATION_CONFIRMED")).as(story).hasSize(1);
    } else if (status.equals("CANCELLED")) {
      // cancelled by the seller, support or the payment deadline: a request open then is granted by it, without fee
      assertThat(cancelReason).as("a buyer's cancellation without a granted request\n%s", story)
          .isIn("SELLER_CANCELLED", "SUPPORT_CANCELLED", "PAYMENT_TIMEOUT");
      if (grant != null) {
        assertThat(cancelReason).as(story).isIn("SELLER_CANCELLED", "SUPPORT_CANCELLED");
        assertThat(closedByCancellation).as("granted, but not by this cancellation\n%s", story)
            .containsExactly(grant.path("id").asString());
        count("request granted by a " + cancelReason);
      } else {
        assertThat(closedByCancellation).as(story).isEmpty();
      }
      assertThat(events(s, "CANCELLATION_CONFIRMED")).as(story).isEmpty();
    } else {
      assertThat(grant).as("a granted request on an order not cancelled for it\n%s", story).isNull();
      assertThat(closedByCancellation).as(story).isEmpty();
      assertThat(events(s, "CANCELLATION_CONFIRMED")).as(story).isEmpty();
    }
    if (status.equals("CANCELLED")) {
      assertThat(requests.stream().map(r -> r.path("status").asString()))
          .as("a request still open on a cancelled order\n%s", story).doesNotContain("PENDING_SELLER", "ESCALATED");
    }
    return grant;
  }

  /**
   * Money, in Orderly and at the provider: a cancelled paid order keeps the fee of its granted request, a live
   * paid order its total, an unpaid one nothing; late or duplicate money goes back in full.
   */
  private void verifyMoney(Sim o, Seen s, boolean paid, JsonNode grant, String story) {
    String status = s.view().path("status").asString();
    String cancelReason = s.view().path("cancelReason").asString(null);
    BigDecimal fee = grant == null ? BigDecimal.ZERO : money(grant.path("fee"));
    List<JsonNode> paying = s.attempts().stream().filter(a -> "PAID".equals(a.path("appliedAs").asString(null))).toList();
    assertThat(paying).as(story).hasSize(paid ? 1 : 0);
    List<JsonNode> cancellationRefunds = s.refunds().stream()
        .filter(r -> CANCELLATION_CAUSES.contains(r.path("cause").asString())).toList();
    BigDecimal kept = BigDecimal.ZERO;
    if (paid && status.equals("CANCELLED")) {
      assertThat(cancellationRefunds).as("one refund for a cancelled paid order\n%s", story).hasSize(1);
      JsonNode refund = cancellationRefunds.get(0);
      assertThat(money(refund.path("amount"))).as("refunded = total - fee of the granted request\n%s", story)
          .isEqualByComparingTo(o.total().subtract(fee));
      boolean forRequest = events(s, "ORDER_CANCELLED").get(0).path("detail").has("cancellationId");
      if (!forRequest) {
        assertThat(refund.path("cause").asString()).as(story).isEqualTo(cancelReason);
      } else if (grant.path("status").asString().equals("RESOLVED_APPROVED")) {
        // RefundCause says SUPPORT_CANCELLED covers "decided an escalated cancellation for the buyer"
        assertThat(refund.path("cause").asString()).as(story).isIn("BUYER_CANCELLED", "SUPPORT_CANCELLED");
      } else {
        assertThat(refund.path("cause").asString()).as(story).isEqualTo("BUYER_CANCELLED");
      }
      assertThat(refund.path("paymentId").asString()).as(story).isEqualTo(paying.get(0).path("id").asString());
      if (grant != null) {
        assertThat(money(grant.path("refundAmount"))).as(story).isEqualByComparingTo(money(refund.path("amount")));
      }
      kept = fee;
    } else {
      assertThat(cancellationRefunds).as("a refund for an order not cancelled after payment\n%s", story).isEmpty();
      if (paid) {
        kept = o.total();
      }
    }
    int returned = 0;
    for (JsonNode a : s.attempts()) {
      String applied = a.path("appliedAs").asString(null);
      if ("LATE".equals(applied) || "DUPLICATE".equals(applied)) {
        List<JsonNode> back = refundsOf(s, a);
        assertThat(back).as("late or duplicate money goes back\n%s", story).hasSize(1);
        assertThat(back.get(0).path("cause").asString()).as(story)
            .isEqualTo("LATE".equals(applied) ? "LATE_PAYMENT" : "DUPLICATE_PAYMENT");
        assertThat(money(back.get(0).path("amount"))).as(story).isEqualByComparingTo(money(a.path("amount")));
        returned++;
      }
    }
    assertThat(s.refunds()).as("every refund has its cause\n%s", story).hasSize(cancellationRefunds.size() + returned);
    BigDecimal refundedInOrderly = sum(s.refunds());
    if (paid) {
      assertThat(refundedInOrderly.subtract(sumOfAppliedLateOrDuplicate(s))).as("refunded <= paid\n%s", story)
          .isLessThanOrEqualTo(o.total());
    }

    // at the provider
    BigDecimal captured = BigDecimal.ZERO;
    BigDecimal refundedAtProvider = BigDecimal.ZERO;
    for (JsonNode a : s.attempts()) {
      JsonNode atProvider = api.sandbox("GET", "/payments/" + a.path("providerReference").asString(), null).body();
      BigDecimal refunded = money(atProvider.path("refunded"));
      if ("SUCCEEDED".equals(atProvider.path("status").asString())) {
        captured = captured.add(money(atProvider.path("amount")));
        assertThat(a.path("status").asString()).as("money taken that Orderly does not know of\n%s", story)
            .isEqualTo("SUCCEEDED");
      }
      assertThat(refunded).as("refunded at the provider for attempt %s\n%s", a.path("id").asString(), story)
          .isEqualByComparingTo(sum(refundsOf(s, a)));
      refundedAtProvider = refundedAtProvider.add(refunded);
    }
    assertThat(captured.subtract(refundedAtProvider)).as("money kept at the provider\n%s", story)
        .isEqualByComparingTo(kept);
    if (paid) {
      JsonNode atProvider = api.sandbox("GET", "/payments/" + paying.get(0).path("providerReference").asString(), null)
          .body();
      assertThat(money(atProvider.path("refunded"))).as(story)
          .isEqualByComparingTo(status.equals("CANCELLED") ? o.total().subtract(fee) : BigDecimal.ZERO);
    }
  }

  /** Per product: available + reserved + units held by orders = the initial stock. */
  private void verifyStock(List<Shop> shops, List<Sim> orders, Map<UUID, Seen> seen) {
    for (Shop shop : shops) {
      int reserved = 0;
      int held = 0;
      StringBuilder why = new StringBuilder("product " + shop.product() + "\n");
      for (Sim o : orders) {
        if (!o.shop().product().equals(shop.product())) {
          continue;
        }
        Seen s = seen.get(o.order());
        String status = s.view().path("status").asString();
        String previous = events(s, "ORDER_CANCELLED").stream()
            .map(e -> e.path("detail").path("previousStatus").asString("AWAITING_PAYMENT")).findFirst().orElse("");
        if (status.equals("AWAITING_PAYMENT")) {
          reserved += o.quantity();
        } else if (HOLDING.contains(status) || previous.equals("SHIPPED")) {
          held += o.quantity();
        }
        why.append("  order ").append(o.order()).append(' ').append(status).append(' ').append(previous)
            .append(" x").append(o.quantity()).append('\n');
      }
      JsonNode stock = api.productView(shop.product(), support).path("stock");
      why.append("  stock ").append(stock);
      assertThat(stock.path("reserved").asInt()).as(why.toString()).isEqualTo(reserved);
      assertThat(stock.path("available").asInt()).as("stock conserved\n%s", why).isEqualTo(STOCK - reserved - held);
      count("units held", held);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // helpers
  // ---------------------------------------------------------------------------------------------

  private List<JsonNode> requests(Sim o, Api.Principal viewer) {
    Api.Response r = api.get(o.path() + "/cancellations", viewer.token());
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    return PaymentFixture.list(r.body());
  }

  private JsonNode latestRequest(Sim o, Api.Principal viewer) {
    return requests(o, viewer).stream().max(Comparator.comparing((JsonNode r) -> instant(r, "createdAt"))).orElse(null);
  }

  private static List<JsonNode> events(Seen s, String type) {
    return s.events().stream().filter(e -> e.path("type").asString().equals(type)).toList();
  }

  private static List<JsonNode> refundsOf(Seen s, JsonNode attempt) {
    String id = attempt.path("id").asString();
    return s.refunds().stream().filter(r -> r.path("paymentId").asString().equals(id)).toList();
  }

  private static BigDecimal sumOfAppliedLateOrDuplicate(Seen s) {
    return s.attempts().stream().filter(a -> Set.of("LATE", "DUPLICATE").contains(a.path("appliedAs").asString("")))
        .map(a -> money(a.path("amount"))).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static BigDecimal sum(List<JsonNode> refunds) {
    return refunds.stream().map(r -> money(r.path("amount"))).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static BigDecimal fee(Sim o) {
    return o.total().multiply(BigDecimal.valueOf(o.terms().feePercent())).divide(BigDecimal.valueOf(100), 2,
        RoundingMode.HALF_UP);
  }

  private static BigDecimal money(JsonNode money) {
    String amount = money.path("amount").asString(null);
    return amount == null ? BigDecimal.ZERO : new BigDecimal(amount);
  }

  private static Instant instant(JsonNode node, String field) {
    return Instant.parse(node.path(field).asString());
  }

  private static UUID id(JsonNode node) {
    return UUID.fromString(node.path("id").asString());
  }

  private void count(String what) {
    count(what, 1);
  }

  private void count(String what, int n) {
    tally.merge(what, n, Integer::sum);
  }

  /** What the simulation did to the order so far, and the answer at hand. */
  private String story(Sim o, Api.Response r) {
    StringBuilder s = new StringBuilder("seed " + seed + ", order " + o.order() + " #" + o.index() + " (" + o.terms()
        + "; quantity " + o.quantity() + ", total " + o.total() + ")\nanswer: " + r.status() + " " + r.raw().body() + "\n");
    synchronized (o.log()) {
      o.log().forEach(l -> s.append("  ").append(l).append('\n'));
    }
    return s.toString();
  }

  /** The order's whole story once settled: what the simulation did, its timeline, requests, refunds, attempts. */
  private String story(Sim o, Seen seen) {
    StringBuilder s = new StringBuilder("seed " + seed + ", order " + o.order() + " #" + o.index() + " (" + o.terms()
        + "; quantity " + o.quantity() + ", total " + o.total() + ") is " + seen.view().path("status").asString() + " "
        + seen.view().path("cancelReason").asString("") + "\nwhat the simulation did:\n");
    synchronized (o.log()) {
      o.log().forEach(l -> s.append("  ").append(l).append('\n'));
    }
    synchronized (provider) {
      provider.forEach(l -> s.append("  provider: ").append(l).append('\n'));
    }
    s.append("timeline:\n");
    for (JsonNode e : seen.events()) {
      s.append("  ").append(e.path("at").asString()).append(' ').append(e.path("type").asString()).append(' ')
          .append(e.path("actor").asString()).append(' ').append(e.path("detail")).append('\n');
    }
    s.append("requests:\n");
    seen.requests().forEach(r -> s.append("  ").append(r).append('\n'));
    s.append("refunds:\n");
    seen.refunds().forEach(r -> s.append("  ").append(r).append('\n'));
    s.append("attempts:\n");
    seen.attempts().forEach(a -> s.append("  ").append(a.path("id").asString()).append(' ')
        .append(a.path("status").asString()).append(' ').append(a.path("appliedAs").asString("-")).append(' ')
        .append(a.path("providerReference").asString()).append('\n'));
    return s.toString();
  }

  private static double secs(long from, long to) {
    return (to - from) / 1e9;
  }

  /** Think time between one simulated person's actions: pacing the load, no test waits on it. */
  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
