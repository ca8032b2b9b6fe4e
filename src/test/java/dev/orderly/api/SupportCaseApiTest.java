package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.Cases;
import dev.orderly.support.MovableClock;
import dev.orderly.support.OwnDatabase;
import dev.orderly.support.PaymentFixture;
import dev.orderly.support.Shop;
import dev.orderly.support.TestMail;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Support cases over HTTP (API.md, Support cases): every endpoint, role and refusal; the
 * conversation and its statuses; internal notes that never reach a buyer or a seller; the first
 * response deadline and its breaches; the close timer; support actions taken from a case.
 *
 * <p>An application of its own ({@link MovableClock}, its own database): deadlines of a day and a
 * week are reached by putting the clock forward, and the support list holds only this test's cases.
 */
@DirtiesContext
@Import(MovableClock.AppClock.class)
class SupportCaseApiTest extends ApiTest {

  @DynamicPropertySource
  static void ownDatabase(DynamicPropertyRegistry registry) {
    OwnDatabase.register(registry, "cases");
  }

  @Autowired
  private MovableClock clock;

  @Autowired
  private ApplicationContext context;

  private HttpServer receiver;
  private final List<String> webhookBodies = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/", exchange -> {
      webhookBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  // ---- the conversation ------------------------------------------------------------------------

  @Test
  void aBuyerOpensACaseSupportAnswersSolvesAndTheBuyerReopensIt() {
    Shop shop = Shop.open(api, Map.of(), "12.00", false);
    UUID order = shop.paidOrder();
    String orderNumber = api.order(order, shop.buyer()).path("number").asString();
    Api.Principal support = api.support();

    Api.Response opened = api.post("/api/v1/orders/" + order + "/cases", shop.buyer().token(),
        Map.of("topic", "REFUND_NOT_RECEIVED", "message", "Where is my refund?"));
    assertThat(opened.status()).isEqualTo(201);
    JsonNode c = opened.body();
    UUID id = opened.id();
    assertThat(c.path("number").asString()).isEqualTo("CASE-" + orderNumber + "-1");
    assertThat(c.path("orderId").asString()).isEqualTo(order.toString());
    assertThat(c.path("orderNumber").asString()).isEqualTo(orderNumber);
    assertThat(c.path("status").asString()).isEqualTo("OPEN");
    assertThat(c.path("openedBy").asString()).isEqualTo(shop.buyer().id().toString());
    assertThat(Duration.between(Instant.parse(c.path("createdAt").asString()),
        Instant.parse(c.path("firstResponseDue").asString()))).isEqualTo(Duration.ofHours(24));
    assertThat(c.path("overdue").asBoolean()).isFalse();
    assertThat(c.path("messages").get(0).path("body").asString()).isEqualTo("Where is my refund?");
    assertThat(c.path("messages").get(0).path("role").asString()).isEqualTo("BUYER");
    // the case carries the order's timeline: nobody retypes dates or numbers
    assertThat(Cases.types(c.path("timeline"))).contains("ORDER_PLACED", "ORDER_PAID", "CASE_OPENED");

    // one open case per opener and order; the seller may open its own
    Api.Response again = api.post("/api/v1/orders/" + order + "/cases", shop.buyer().token(),
        Map.of("topic", "OTHER", "message", "hello?"));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.code()).isEqualTo("CASE_ALREADY_OPEN");
    assertThat(again.text("caseId")).isEqualTo(id.toString());
    assertThat(api.post("/api/v1/orders/" + order + "/cases", shop.seller().token(),
        Map.of("topic", "DELIVERY_PROBLEM", "message", "the buyer's address is incomplete")).status()).isEqualTo(201);

    // support answers publicly: waiting on the customer; the buyer answers: waiting on support
    JsonNode replied = write(id, support, "We are checking with the bank.", false, 200).body();
    assertThat(replied.path("status").asString()).isEqualTo("PENDING");
    assertThat(replied.path("firstRespondedAt").isMissingNode()).isFalse();
    assertThat(write(id, shop.buyer(), "Thanks, it is 12.00 USD.", false, 200).text("status")).isEqualTo("OPEN");
    assertThat(write(id, support, "internal: bank reference X", true, 200).text("status")).isEqualTo("OPEN");

    JsonNode assigned = api.post("/api/v1/cases/" + id + "/assign", support.token(), null).body();
    assertThat(assigned.path("assignee").asString()).isEqualTo(support.id().toString());
    assertThat(assigned.path("assigneeName").asString()).isEqualTo(support.name());

    Api.Response solved = api.post("/api/v1/cases/" + id + "/solve", support.token(),
        Map.of("note", "The refund reached your bank today."));
    assertThat(solved.text("status")).isEqualTo("SOLVED");
    Instant reopenUntil = Instant.parse(solved.text("reopenUntil"));
    assertThat(Duration.between(Instant.parse(solved.text("solvedAt")), reopenUntil)).isEqualTo(Duration.ofDays(7));
    // a solved case is reopened, not answered; only its opener reopens it
    assertThat(write(id, support, "one more thing", false, 409).code()).isEqualTo("ILLEGAL_CASE_TRANSITION");
    assertThat(write(id, shop.buyer(), "one more thing", false, 409).code()).isEqualTo("ILLEGAL_CASE_TRANSITION");
    assertThat(api.post("/api/v1/cases/" + id + "/reopen", shop.seller().token(), Map.of("body", "no")).status())
        .isEqualTo(403);
    Api.Response reopened = api.post("/api/v1/cases/" + id + "/reopen", shop.buyer().token(),
        Map.of("body", "The bank says nothing arrived."));
    assertThat(reopened.text("status")).isEqualTo("OPEN");
    assertThat(reopened.body().path("reopenUntil").isMissingNode()).isTrue();

    // every step but the internal note is on the order's timeline, with its actor
    List<JsonNode> timeline = PaymentFixture.list(api.get("/api/v1/orders/" + order + "/timeline", shop.buyer().token())
        .body().path("events"));
    assertThat(timeline.stream().map(e -> e.path("type").asString()).filter(t -> t.startsWith("CASE_")))
        .containsSubsequence("CASE_OPENED", "CASE_REPLIED", "CASE_REPLIED", "CASE_ASSIGNED", "CASE_SOLVED",
            "CASE_REOPENED");
    assertThat(timeline).filteredOn(e -> e.path("type").asString().equals("CASE_SOLVED")).singleElement()
        .satisfies(e -> assertThat(e.path("actor").asString()).isEqualTo("support:" + support.id()));

    // the buyer was told of support's reply and the solution, not of its own reopening or the note
    List<JsonNode> inbox = api.all("/api/v1/inbox", shop.buyer().token());
    List<JsonNode> updates = inbox.stream().filter(n -> n.path("type").asString().equals("CASE_UPDATED")).toList();
    assertThat(updates).hasSize(2);
    assertThat(updates.get(1).path("body").asString()).contains("We are checking with the bank.");
    assertThat(updates.get(0).path("body").asString()).contains("The refund reached your bank today.")
        .contains(c.path("number").asString());
    assertThat(updates).allSatisfy(n -> assertThat(n.path("caseId").asString()).isEqualTo(id.toString()));
  }

  @Test
  void refusalsAreExplainedInTheCallersLanguage() {
    Shop shop = Shop.open(api, Map.of(), "12.00", false);
    UUID order = shop.placeOrder();
    UUID id = open(shop, order);
    api.post("/api/v1/cases/" + id + "/solve", api.support().token(), Map.of("note", "done"));
    Map<String, String> transitionTitles = Map.of("en", "Not possible in the case's current status",
        "zh-CN", "当前工单状态不允许此操作", "id", "Tidak dapat dilakukan pada status tiket saat ini");
    Map<String, String> notFoundTitles = Map.of("en", "Support case not found", "zh-CN", "客服工单不存在",
        "id", "Tiket bantuan tidak ditemukan");
    transitionTitles.forEach((language, title) -> {
      Api.Response r = api.send("POST", "/api/v1/cases/" + id + "/messages", api.support().token(),
          Map.of("body", "late"), Map.of("Accept-Language", language));
      assertThat(r.status()).isEqualTo(409);
      assertThat(r.code()).isEqualTo("ILLEGAL_CASE_TRANSITION");
      assertThat(r.text("title")).isEqualTo(title);
      assertThat(r.text("caseStatus")).isEqualTo("SOLVED");
    });
    notFoundTitles.forEach((language, title) -> {
      Api.Response r = api.get("/api/v1/cases/" + id, api.buyer().token(), Map.of("Accept-Language", language));
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.code()).isEqualTo("CASE_NOT_FOUND");
      assertThat(r.text("title")).isEqualTo(title);
    });
    Map<String, String> alreadyOpenTitles = Map.of("en", "You already have an open case on this order",
        "zh-CN", "您在该订单上已有未结工单", "id", "Anda sudah memiliki tiket terbuka untuk pesanan ini");
    UUID again = shop.placeOrder();
    open(shop, again);
    alreadyOpenTitles.forEach((language, title) -> {
      Api.Response r = api.send("POST", "/api/v1/orders/" + again + "/cases", shop.buyer().token(),
          Map.of("topic", "OTHER", "message", "again"), Map.of("Accept-Language", language));
      assertThat(r.code()).isEqualTo("CASE_ALREADY_OPEN");
      assertThat(r.text("title")).isEqualTo(title);
    });
    Map<String, String> limitTitles = Map.of("en", "The payment deadline cannot be extended that far",
        "zh-CN", "付款期限不能延长这么多", "id", "Batas waktu pembayaran tidak dapat diperpanjang sejauh itu");
    limitTitles.forEach((language, title) -> {
      Api.Response r = api.send("POST", "/api/v1/orders/" + order + "/payment-deadline-extension",
          api.support().token(), Map.of("extendBy", "P4D", "note", "too long"), Map.of("Accept-Language", language));
      assertThat(r.code()).isEqualTo("DEADLINE_EXTENSION_LIMIT_EXCEEDED");
      assertThat(r.text("title")).isEqualTo(title);
    });
    // bad input: a 400 naming the member, nothing opened
    for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("topic", "WHATEVER", "message", "x"),
        Map.of("topic", "OTHER"), Map.of("topic", "OTHER", "message", "x".repeat(4001)),
        Map.of("message", "no topic"))) {
      Api.Response r = api.post("/api/v1/orders/" + order + "/cases", shop.seller().token(), bad);
      assertThat(r.status()).as(bad.toString()).isEqualTo(400);
      assertThat(r.code()).isEqualTo("VALIDATION_FAILED");
    }
    assertThat(api.get("/api/v1/orders/" + order + "/cases", shop.seller().token()).body().size()).isEqualTo(1);
  }

  // ---- access ----------------------------------------------------------------------------------

  @Test
  void aCaseIsVisibleToItsOrdersBuyerAndSellerAndToSupportAndToNobodyElse() {
    Shop shop = Shop.open(api, Map.of(), "12.00", false);
    UUID order = shop.placeOrder();
    UUID id = open(shop, order);
    Api.Principal otherBuyer = api.buyer();
    Api.Principal otherSeller = api.seller();
    Api.Principal support = api.support();

    for (Api.Principal who : List.of(shop.buyer(), shop.seller(), support)) {
      assertThat(api.get("/api/v1/cases/" + id, who.token()).status()).isEqualTo(200);
      assertThat(Cases.ids(api.all("/api/v1/cases", who.token()))).contains(id);
      assertThat(Cases.ids(api.all("/api/v1/orders/" + order + "/cases", who.token()))).containsExactly(id);
    }
    assertThat(api.get("/api/v1/cases/" + id, ADMIN_TOKEN).status()).isEqualTo(200);
    for (Api.Principal stranger : List.of(otherBuyer, otherSeller)) {
      assertThat(api.get("/api/v1/cases/" + id, stranger.token()).code()).isEqualTo("CASE_NOT_FOUND");
      assertThat(api.post("/api/v1/cases/" + id + "/messages", stranger.token(), Map.of("body", "hi")).code())
          .isEqualTo("CASE_NOT_FOUND");
      assertThat(api.post("/api/v1/cases/" + id + "/reopen", stranger.token(), Map.of("body", "hi")).code())
          .isEqualTo("CASE_NOT_FOUND");
      assertThat(api.all("/api/v1/cases", stranger.token())).isEmpty();
      assertThat(api.get("/api/v1/orders/" + order + "/cases", stranger.token()).code()).isEqualTo("ORDER_NOT_FOUND");
      assertThat(api.post("/api/v1/orders/" + order + "/cases", stranger.token(),
          Map.of("topic", "OTHER", "message", "mine?")).code()).isEqualTo("ORDER_NOT_FOUND");
    }
    // roles: support does not open cases; buyers and sellers do not assign, solve or write internal notes
    assertThat(api.post("/api/v1/orders/" + order + "/cases", support.token(),
        Map.of("topic", "OTHER", "message", "x")).status()).isEqualTo(403);
    for (Api.Principal participant : List.of(shop.buyer(), shop.seller())) {
      assertThat(api.post("/api/v1/cases/" + id + "/assign", participant.token(), null).status()).isEqualTo(403);
      assertThat(api.post("/api/v1/cases/" + id + "/solve", participant.token(), Map.of("note", "x")).status())
          .isEqualTo(403);
      assertThat(write(id, participant, "psst", true, 403).code()).isEqualTo("FORBIDDEN");
      assertThat(api.post("/api/v1/orders/" + order + "/payment-deadline-extension", participant.token(),
          Map.of("extendBy", "PT1H", "note", "x")).status()).isEqualTo(403);
    }
    assertThat(api.get("/api/v1/cases/" + id, support.token()).body().path("messages").size()).isEqualTo(1);
  }

  // ---- internal notes never leak ---------------------------------------------------------------

  @Test
  void internalNotesNeverReachABuyerOrASellerInAnyAnswerInboxEmailOrWebhook() throws Exception {
    String secret = "SECRET-" + UUID.randomUUID();
    Api.Principal seller = api.principal("SELLER", "en", "seller-" + UUID.randomUUID() + "@shop.test");
    String buyerEmail = "buyer-" + UUID.randomUUID() + "@example.test";
    Api.Principal buyer = api.principal("BUYER", "zh-CN", buyerEmail);
    UUID product = api.product(seller, "9.00", 20);
    assertThat(api.post("/api/v1/webhooks", seller.token(), Map.of("url", "http://127.0.0.1:"
        + receiver.getAddress().getPort() + "/hook", "types", List.of("CASE_UPDATED", "ORDER_PAID", "ORDER_CANCELLED")))
        .status()).isEqualTo(201);
    Shop shop = new Shop(api, seller, buyer, product);
    Api.Principal support = api.support();
    UUID order = shop.placeOrder();
    UUID id = open(shop, order);

    write(id, support, "note 1: " + secret, true, 200);
    write(id, support, "We are looking into it.", false, 200);
    write(id, support, "note 2: the buyer's bank is " + secret, true, 200);
    api.post("/api/v1/cases/" + id + "/assign", support.token(), null);
    assertThat(api.post("/api/v1/orders/" + order + "/payment-deadline-extension", support.token(),
        Map.of("extendBy", "PT2H", "note", "bank delay confirmed", "caseId", id.toString())).status()).isEqualTo(200);
    write(id, buyer, "ok", false, 200);
    write(id, support, "note 3: " + secret, true, 200);
    api.post("/api/v1/cases/" + id + "/solve", support.token(), Map.of("note", "You have two more hours to pay."));
    write(id, support, "note 4 after solving: " + secret, true, 200);

    // support reads the notes (so the check below can fail)
    assertThat(api.get("/api/v1/cases/" + id, support.token()).raw().body()).contains(secret);
    // every answer a buyer or seller can ask for about this order and case
    await().atMost(Shop.WAIT).until(() -> TestMail.to(buyerEmail).size() >= 2
        && webhookBodies.stream().filter(b -> b.contains("CASE_UPDATED")).count() >= 2);
    List<String> seen = new ArrayList<>();
    for (Api.Principal who : List.of(buyer, seller)) {
      for (String path : List.of("/api/v1/cases/" + id, "/api/v1/cases", "/api/v1/orders/" + order + "/cases",
          "/api/v1/orders/" + order, "/api/v1/orders/" + order + "/timeline", "/api/v1/orders", "/api/v1/inbox")) {
        Api.Response r = api.get(path, who.token());
        assertThat(r.status()).as(path).isEqualTo(200);
        seen.add(r.raw().body());
      }
    }
    for (MimeMessage m : TestMail.to(buyerEmail)) {
      seen.add(m.getSubject() + "\n" + m.getContent());
    }
    seen.addAll(webhookBodies);
    assertThat(seen).allSatisfy(text -> assertThat(text).doesNotContain(secret).doesNotContain("note 1")
        .doesNotContain("note 4"));
    // the buyer's and seller's view of the case has the public messages only
    JsonNode buyersView = api.get("/api/v1/cases/" + id, buyer.token()).body();
    assertThat(PaymentFixture.list(buyersView.path("messages"))).allSatisfy(m ->
        assertThat(m.path("internal").asBoolean()).isFalse());
    assertThat(PaymentFixture.list(buyersView.path("messages")).stream().map(m -> m.path("body").asString()))
        .containsExactly("The parcel never arrived.", "We are looking into it.", "ok", "You have two more hours to pay.");
    // the buyer's notices came in its language
    assertThat(api.all("/api/v1/inbox", buyer.token())).filteredOn(n -> n.path("type").asString().equals("CASE_UPDATED"))
        .allSatisfy(n -> assertThat(n.path("title").asString()).contains("客服工单"));
  }

  // ---- the close timer --------------------------------------------

  @Test
  void aSolvedCaseClosesWhenItsReopenWindowEndsAndTheOpenerIsTold() {
    Shop shop = Shop.open(api, Map.of(), "12.00", false);
    UUID id = open(shop, shop.placeOrder());
    Api.Principal support = api.support();
    api.post("/api/v1/cases/" + id + "/solve", support.token(), Map.of("note", "solved"));
    advance(Duration.ofDays(7).minusMinutes(1));
    assertThat(api.get("/api/v1/cases/" + id, shop.buyer().token()).text("status")).isEqualTo("SOLVED");
    advance(Duration.ofMinutes(2));
    await().atMost(Shop.WAIT).until(() -> "CLOSED".equals(api.get("/api/v1/cases/" + id, shop.buyer().token())
        .text("status")));
    JsonNode closed = api.get("/api/v1/cases/" + id, shop.buyer().token()).body();
    assertThat(closed.path("closedAt").isMissingNode()).isFalse();
    assertThat(Cases.types(closed.path("timeline"))).containsOnlyOnce("CASE_CLOSED");
    assertThat(api.post("/api/v1/cases/" + id + "/reopen", shop.buyer().token(), Map.of("body", "again")).code())
        .isEqualTo("ILLEGAL_CASE_TRANSITION");
    assertThat(write(id, support, "note on a closed case", true, 409).code()).isEqualTo("ILLEGAL_CASE_TRANSITION");
    await().atMost(Shop.WAIT).until(() -> api.all("/api/v1/inbox", shop.buyer().token()).stream()
        .anyMatch(n -> n.path("type").asString().equals("CASE_UPDATED") && n.path("body").asString().contains("closed")));
    // a closed case no longer blocks a new one
    assertThat(api.post("/api/v1/orders/" + closed.path("orderId").asString() + "/cases", shop.buyer().token(),
        Map.of("topic", "OTHER", "message", "it is back")).status()).isEqualTo(201);
  }

  // ---- support acts from the case ---------------------------------------------------------------

  @Test
  void supportExtendsAPaymentDeadlineFromACaseBoundedInTotalAndOnlyWhileUnpaid() {
    Shop shop = Shop.open(api, Map.of("paymentWindow", "PT1H"), "12.00", false);
    Api.Principal support = api.support();
    UUID order = shop.placeOrder();
    UUID id = open(shop, order);
    Instant deadline = Instant.parse(api.order(order, shop.buyer()).path("paymentDeadline").asString());

    Api.Response extended = api.post("/api/v1/orders/" + order + "/payment-deadline-extension", support.token(),
        Map.of("extendBy", "PT2H", "note", "bank transfer delayed", "caseId", id.toString()));
    assertThat(extended.status()).isEqualTo(200);
    assertThat(Instant.parse(extended.text("paymentDeadline"))).isEqualTo(deadline.plus(Duration.ofHours(2)));
    JsonNode entry = PaymentFixture.list(api.get("/api/v1/orders/" + order + "/timeline", support.token()).body()
        .path("events")).stream().filter(e -> e.path("type").asString().equals("PAYMENT_DEADLINE_EXTENDED")).findFirst()
        .orElseThrow();
    assertThat(entry.path("actor").asString()).isEqualTo("support:" + support.id());
    assertThat(entry.path("detail").path("note").asString()).isEqualTo("bank transfer delayed");
    assertThat(entry.path("detail").path("caseId").asString()).isEqualTo(id.toString());
    JsonNode action = api.get("/api/v1/cases/" + id, support.token()).body().path("messages").get(1);
    assertThat(action.path("action").asString()).isEqualTo("PAYMENT_DEADLINE_EXTENDED");
    assertThat(action.path("internal").asBoolean()).isTrue();
    assertThat(action.path("body").asString()).isEqualTo("bank transfer delayed");

    // at most P3D in all: 2h used, 70h left
    Api.Response tooMuch = api.post("/api/v1/orders/" + order + "/payment-deadline-extension", support.token(),
        Map.of("extendBy", "PT70H1M", "note", "more"));
    assertThat(tooMuch.status()).isEqualTo(422);
    assertThat(tooMuch.code()).isEqualTo("DEADLINE_EXTENSION_LIMIT_EXCEEDED");
    assertThat(tooMuch.text("maxExtension")).isEqualTo("P3D");
    assertThat(tooMuch.text("extendedSoFar")).isEqualTo("PT2H");
    // a case about another order is not this order's: refused, nothing extended
    Shop other = Shop.open(api, Map.of(), "5.00", false);
    UUID othersCase = open(other, other.placeOrder());
    Api.Response wrongCase = api.post("/api/v1/orders/" + order + "/payment-deadline-extension", support.token(),
        Map.of("extendBy", "PT1H", "note", "x", "caseId", othersCase.toString()));
    assertThat(wrongCase.code()).isEqualTo("CASE_NOT_FOUND");
    for (Object bad : List.of("PT0S", "-PT1H", "tomorrow", "PT0.0001S", "PT1H0.5S", "P1Y")) {
      Api.Response r = api.post("/api/v1/orders/" + order + "/payment-deadline-extension", support.token(),
          Map.of("extendBy", bad, "note", "x"));
      assertThat(r.status()).as(bad.toString()).isEqualTo(400);
      assertThat(r.body().path("errors").get(0).path("field").asString()).isEqualTo("extendBy");
    }
    assertThat(api.post("/api/v1/orders/" + order + "/payment-deadline-extension", support.token(),
        Map.of("extendBy", "PT1H")).status()).isEqualTo(400);
    assertThat(Instant.parse(api.order(order, shop.buyer()).path("paymentDeadline").asString()))
        .isEqualTo(deadline.plus(Duration.ofHours(2)));

    shop.pay(order);
    Api.Response paid = api.post("/api/v1/orders/" + order + "/payment-deadline-extension", support.token(),
        Map.of("extendBy", "PT1H", "note", "too late"));
    assertThat(paid.status()).isEqualTo(409);
    assertThat(paid.code()).isEqualTo("ORDER_NOT_AWAITING_PAYMENT");
  }

  /**
   * Support extends the deadline at the very moment the sweeper is due to close the order: exactly one
   * wins. A second order due just after it tells when the sweeper has gone past the first one's deadline.
   */
  @RepeatedTest(6)
  void aDeadlineExtensionRacingTheSweeperHasExactlyOneWinnerAndStockIsConserved() {
    Shop shop = Shop.open(api, Map.of("paymentWindow", "PT1H"), "7.00", false);
    Api.Principal support = api.support();
    UUID order = shop.placeOrder();
    UUID after = shop.placeOrder();
    Instant deadline = Instant.parse(api.order(order, shop.buyer()).path("paymentDeadline").asString());
    clock.moveTo(deadline.minusMillis(5), context);
    Api.Response extension = api.post("/api/v1/orders/" + order + "/payment-deadline-extension", support.token(),
        Map.of("extendBy", "PT1H", "note", "racing the sweeper"));
    await().atMost(Shop.WAIT).until(() -> "CANCELLED".equals(shop.status(after)));

    JsonNode o = api.order(order, shop.buyer());
    if (extension.status() == 200) {
      assertThat(o.path("status").asString()).isEqualTo("AWAITING_PAYMENT");
      assertThat(Instant.parse(o.path("paymentDeadline").asString())).isAfterOrEqualTo(deadline.plus(Duration.ofHours(1)));
      assertThat(shop.events(order, "ORDER_CANCELLED")).isEmpty();
      assertThat(shop.events(order, "PAYMENT_DEADLINE_EXTENDED")).hasSize(1);
    } else {
      assertThat(extension.status()).isEqualTo(409);
      assertThat(extension.code()).isEqualTo("ORDER_NOT_AWAITING_PAYMENT");
      assertThat(o.path("status").asString()).isEqualTo("CANCELLED");
      assertThat(o.path("cancelReason").asString()).isEqualTo("PAYMENT_TIMEOUT");
      assertThat(shop.events(order, "ORDER_CANCELLED")).hasSize(1);
      assertThat(shop.events(order, "PAYMENT_DEADLINE_EXTENDED")).isEmpty();
    }
    JsonNode stock = api.productView(shop.product(), shop.seller()).path("stock");
    int unpaid = extension.status() == 200 ? 1 : 0;
    assertThat(stock.path("reserved").asInt()).isEqualTo(unpaid);
    assertThat(stock.path("available").asInt() + stock.path("reserved").asInt()).isEqualTo(50);
  }

  @Test
  void theOtherSupportActionsTakeANoteAndACaseAndARefusedCaseUndoesThem() {
    Shop shop = Shop.open(api, Map.of(), "12.00", false);
    Api.Principal support = api.support();
    UUID order = shop.placeOrder();
    UUID id = open(shop, order);
    Shop other = Shop.open(api, Map.of(), "5.00", false);
    UUID othersCase = open(other, other.placeOrder());

    // support checks a payment: a note is required, the buyer's limit does not apply
    String reference = api.post("/api/v1/orders/" + order + "/payments", shop.buyer().token(), Map.of("method", "CARD"))
        .text("providerReference");
    UUID payment = api.get("/api/v1/orders/" + order + "/payments", shop.buyer().token()).body().get(0).path("id")
        .asString().transform(UUID::fromString);
    String check = "/api/v1/orders/" + order + "/payments/" + payment + "/check";
    assertThat(api.post(check, support.token(), null).status()).isEqualTo(400);
    assertThat(api.post(check, support.token(), Map.of("note", "x", "caseId", othersCase.toString())).code())
        .isEqualTo("CASE_NOT_FOUND");
    for (int i = 0; i < 5; i++) {
      assertThat(api.post(check, support.token(), Map.of("note", "buyer called, check " + i, "caseId", id.toString()))
          .status()).isEqualTo(200);
    }
    assertThat(reference).isNotBlank();

    // support cancels from the case; a case of another order refuses it and nothing is cancelled
    Api.Response refused = api.post("/api/v1/orders/" + order + "/support-cancellation", support.token(),
        Map.of("note", "buyer asked by phone", "caseId", othersCase.toString()));
    assertThat(refused.code()).isEqualTo("CASE_NOT_FOUND");
    assertThat(shop.status(order)).isEqualTo("AWAITING_PAYMENT");
    assertThat(api.post("/api/v1/orders/" + order + "/support-cancellation", support.token(),
        Map.of("note", "buyer asked by phone", "caseId", id.toString())).status()).isEqualTo(200);
    assertThat(shop.status(order)).isEqualTo("CANCELLED");

    // lifting a buyer's restriction from a case about one of its orders
    String lift = "/api/v1/support/buyers/" + shop.buyer().id() + "/lift-restriction";
    assertThat(api.post(lift, support.token(), Map.of("note", "x", "caseId", othersCase.toString())).code())
        .isEqualTo("CASE_NOT_FOUND");
    assertThat(api.get("/api/v1/support/buyers/" + shop.buyer().id(), support.token()).body().path("history").size())
        .isZero();
    assertThat(api.post(lift, support.token(), Map.of("note", "first time", "caseId", id.toString())).status())
        .isEqualTo(200);

    // deciding an escalation from the buyer's case about it
    Shop strict = Shop.open(api, Map.of("freeCancelWindow", "PT0S", "cancellationWindow", "PT24H",
        "sellerResponseWindow", "PT48H", "cancellationFeePercent", 0), "20.00", false);
    UUID disputed = strict.paidOrder();
    strict.process(disputed);
    UUID request = strict.requestCancellation(disputed, "CHANGED_MIND", null).id();
    strict.act(request, "reject", strict.seller(), Map.of("note", "already packed"));
    strict.act(request, "escalate", strict.buyer(), Map.of("note", "please"));
    UUID disputeCase = open(strict, disputed);
    assertThat(strict.act(request, "resolve", support, Map.of("decision", "APPROVE", "note", "x",
        "caseId", othersCase.toString())).code()).isEqualTo("CASE_NOT_FOUND");
    assertThat(strict.cancellation(request).path("status").asString()).isEqualTo("ESCALATED");
    assertThat(strict.act(request, "resolve", support, Map.of("decision", "UPHOLD_REJECTION",
        "note", "the seller had shipped", "caseId", disputeCase.toString())).text("status")).isEqualTo("RESOLVED_REJECTED");
    assertThat(api.get("/api/v1/cases/" + disputeCase, support.token()).body().path("messages").get(1)
        .path("action").asString()).isEqualTo("CANCELLATION_RESOLVED_REJECTED");

    List<JsonNode> actions = PaymentFixture.list(api.get("/api/v1/cases/" + id, support.token()).body()
        .path("messages")).stream().filter(m -> m.has("action")).toList();
    assertThat(actions.stream().map(m -> m.path("action").asString()).distinct())
        .containsExactly("PAYMENT_STATUS_CHECKED", "ORDER_CANCELLED", "RESTRICTION_LIFTED");
    assertThat(actions).allSatisfy(m -> {
      assertThat(m.path("internal").asBoolean()).isTrue();
      assertThat(m.path("author").asString()).isEqualTo(support.name());
    });
    assertThat(Cases.types(api.get("/api/v1/orders/" + order + "/timeline", support.token()).body().path("events")))
        .contains("SUPPORT_ACTION", "ORDER_CANCELLED");
    // nothing of the refused attempts reached the other case
    assertThat(api.get("/api/v1/cases/" + othersCase, support.token()).body().path("messages").size()).isEqualTo(1);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private UUID open(Shop shop, UUID order) {
    return Cases.open(api, shop, order, "DELIVERY_PROBLEM", "The parcel never arrived.");
  }

  private Api.Response write(UUID id, Api.Principal who, String body, boolean internal, int expected) {
    return Cases.write(api, id, who, body, internal, expected);
  }


  private void advance(Duration by) {
    clock.advance(by);
  }
}
