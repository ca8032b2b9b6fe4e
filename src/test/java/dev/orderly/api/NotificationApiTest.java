package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.PaymentFixture;
import dev.orderly.support.Shop;
import dev.orderly.support.TestMail;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Notifications: written with the change, in the inbox at once, and by email through a real SMTP server. */
class NotificationApiTest extends ApiTest {

  private List<JsonNode> inbox(Api.Principal who) {
    return PaymentFixture.list(api.get("/api/v1/inbox", who.token()).body());
  }

  private List<JsonNode> inbox(Api.Principal who, String type) {
    return inbox(who).stream().filter(n -> n.path("type").asString().equals(type)).toList();
  }

  @Test
  void aPaidOrderReachesTheBuyersInboxAndMailboxInTheBuyersLanguageWithOneStableId() throws Exception {
    String address = "budi-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    Api.Principal buyer = api.principal("BUYER", "id", address);
    Api.Principal seller = api.seller();
    UUID product = api.product(seller, "20.00", 5);
    Shop shop = new Shop(api, seller, buyer, product);
    UUID order = shop.paidOrder();
    String number = shop.order(order).path("number").asString();

    List<JsonNode> paid = inbox(buyer, "ORDER_PAID");
    assertThat(paid).hasSize(1);
    JsonNode item = paid.get(0);
    assertThat(item.path("orderId").asString()).isEqualTo(order.toString());
    assertThat(item.path("title").asString()).contains(number).contains("Pembayaran");
    assertThat(item.path("body").asString()).contains("20.00");
    assertThat(item.has("readAt")).isFalse();

    await().atMost(Shop.WAIT).until(() -> TestMail.to(address).size() == 1);
    MimeMessage mail = TestMail.to(address).get(0);
    assertThat(mail.getSubject()).isEqualTo(item.path("title").asString());
    assertThat(mail.getHeader("X-Orderly-Notification-Id")[0]).isEqualTo(item.path("id").asString());
    assertThat(mail.getContent().toString()).contains(number);

    // read, once and by its owner only
    String id = item.path("id").asString();
    assertThat(api.post("/api/v1/inbox/" + id + "/read", seller.token(), null).status()).isEqualTo(404);
    Api.Response read = api.post("/api/v1/inbox/" + id + "/read", buyer.token(), null);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.text("readAt")).isNotBlank();
    assertThat(inbox(seller)).noneMatch(n -> n.path("id").asString().equals(id));
  }

  @Test
  void aCancellationIsToldToTheSellerAndItsDecisionAndRefundToTheBuyer() {
    Shop shop = Shop.open(api, Map.of("freeCancelWindow", "PT0S", "cancellationWindow", "PT24H",
        "sellerResponseWindow", "PT48H", "cancellationFeePercent", 10), "20.00", false);
    UUID order = shop.paidOrder();
    UUID request = shop.requestCancellation(order, "CHANGED_MIND", null).id();
    List<JsonNode> requested = inbox(shop.seller(), "CANCELLATION_REQUESTED");
    assertThat(requested).hasSize(1);
    assertThat(requested.get(0).path("body").asString()).contains("UTC");
    assertThat(inbox(shop.buyer(), "CANCELLATION_REQUESTED")).isEmpty();

    shop.act(request, "approve", shop.seller(), Map.of());
    assertThat(inbox(shop.buyer(), "CANCELLATION_DECIDED")).hasSize(1);
    assertThat(inbox(shop.buyer(), "CANCELLATION_DECIDED").get(0).path("body").asString()).contains("18.00");
    assertThat(inbox(shop.buyer(), "ORDER_CANCELLED")).hasSize(1);
    shop.refundSucceeded(order);
    List<JsonNode> refunds = inbox(shop.buyer(), "REFUND_UPDATED");
    assertThat(refunds).hasSize(2);
    // newest first: the refund went through after it started
    assertThat(refunds.get(0).path("body").asString()).contains("sent to your payment method");
  }

  @Test
  void aCancellationGrantedAtOnceIsToldToTheBuyerOnceAndNotToTheSeller() {
    Shop shop = Shop.open(api, Map.of(), "20.00", false);
    UUID order = shop.placeOrder();
    assertThat(shop.requestCancellation(order, "CHANGED_MIND", null).status()).isEqualTo(201);
    assertThat(inbox(shop.buyer(), "CANCELLATION_DECIDED")).hasSize(1);
    // the order was never paid: no "0.00 USD will be refunded"
    assertThat(inbox(shop.buyer(), "CANCELLATION_DECIDED").get(0).path("body").asString())
        .contains("There is nothing to refund").doesNotContain("refunded").doesNotContain("0.00");
    assertThat(inbox(shop.buyer(), "ORDER_CANCELLED")).hasSize(1);
    assertThat(inbox(shop.seller(), "CANCELLATION_REQUESTED")).isEmpty();
  }

  @Test
  void unpaidOrdersClosedAtTheirDeadlineAreToldWhy() {
    Api.Principal seller = api.seller();
    api.policy(seller, Map.of("paymentWindow", "PT1S"));
    UUID product = api.product(seller, "20.00", 5);
    Api.Principal buyer = api.principal("BUYER", "zh-CN");
    UUID order = api.placeOrder(buyer, product, 1).id();
    await().atMost(Shop.WAIT).until(() -> !inbox(buyer, "ORDER_CANCELLED").isEmpty());
    JsonNode cancelled = inbox(buyer, "ORDER_CANCELLED").get(0);
    assertThat(cancelled.path("orderId").asString()).isEqualTo(order.toString());
    assertThat(cancelled.path("title").asString()).contains("已取消");
    assertThat(cancelled.path("body").asString()).isNotBlank().doesNotContain("cancel-reason.");
  }

  @Test
  void anUnpaidOrderIsRemindedOnceBeforeItsDeadlineAndAPaidOneNever() {
    Api.Principal seller = api.seller();
    api.policy(seller, Map.of("paymentWindow", "PT4S", "paymentReminderBefore", "PT3S"));
    UUID product = api.product(seller, "20.00", 5);
    Shop shop = new Shop(api, seller, api.buyer(), product);
    UUID paid = shop.placeOrder();
    shop.pay(paid);
    Api.Principal forgetful = api.buyer();
    UUID unpaid = api.placeOrder(forgetful, product, 1).id();

    await().atMost(Shop.WAIT).until(() -> inbox(forgetful, "PAYMENT_REMINDER").size() == 1);
    JsonNode reminder = inbox(forgetful, "PAYMENT_REMINDER").get(0);
    assertThat(reminder.path("orderId").asString()).isEqualTo(unpaid.toString());
    assertThat(reminder.path("body").asString()).contains("UTC");
    // reminders are taken earliest first: the paid order's, due before this one, is past
    assertThat(inbox(shop.buyer(), "PAYMENT_REMINDER")).isEmpty();
    await().atMost(Shop.WAIT).until(() -> !inbox(forgetful, "ORDER_CANCELLED").isEmpty());
    assertThat(inbox(forgetful, "PAYMENT_REMINDER")).hasSize(1);
    assertThat(inbox(shop.buyer(), "PAYMENT_REMINDER")).isEmpty();
  }

  @Test
  void theSellerIsWarnedOnceBeforeAnUnansweredRequestIsApprovedAutomatically() {
    Shop slow = Shop.open(api, Map.of("freeCancelWindow", "PT0S", "cancellationWindow", "PT24H",
        "sellerResponseWindow", "PT4S"), "20.00", false);
    UUID order = slow.paidOrder();
    Shop quick = Shop.open(api, Map.of("freeCancelWindow", "PT0S", "cancellationWindow", "PT24H",
        "sellerResponseWindow", "PT4S"), "20.00", false);
    UUID other = quick.paidOrder();
    UUID request = quick.requestCancellation(other, "CHANGED_MIND", null).id();
    quick.act(request, "reject", quick.seller(), Map.of("note", "already packed"));
    slow.requestCancellation(order, "CHANGED_MIND", null);
    // warned half-way through a window shorter than the usual 12 hours' notice
    await().atMost(Shop.WAIT).until(() -> inbox(slow.seller(), "SELLER_RESPONSE_DUE").size() == 1);
    assertThat(slow.status(order)).isEqualTo("PAID");
    // notices are taken earliest first: the answered request's, due before this one, is past
    assertThat(inbox(quick.seller(), "SELLER_RESPONSE_DUE")).isEmpty();
    await().atMost(Shop.WAIT).until(() -> "CANCELLED".equals(slow.status(order)));
    assertThat(inbox(slow.seller(), "SELLER_RESPONSE_DUE")).hasSize(1);
  }

  @Test
  void aRefusedChangeWritesNoNotification() {
    Shop shop = Shop.open(api, Map.of(), "20.00", false);
    UUID order = shop.placeOrder();
    // shipping an unpaid order is refused: nothing is shipped, nobody is told
    assertThat(shop.ship(order).status()).isEqualTo(409);
    assertThat(inbox(shop.buyer())).isEmpty();
    assertThat(api.get("/api/v1/inbox", null).status()).isEqualTo(401);
  }

  @Test
  void deliveriesAreCountedInTheMetrics() {
    String address = "metrics-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    Api.Principal buyer = api.principal("BUYER", "en", address);
    Api.Principal seller = api.seller();
    new Shop(api, seller, buyer, api.product(seller, "20.00", 5)).paidOrder();
    await().atMost(Shop.WAIT).until(() -> TestMail.to(address).size() == 1);
    String metrics = api.send("GET", "/actuator/prometheus", null, null, Map.of()).raw().body();
    assertThat(metrics).contains("orderly_notifications_sent_total{").contains("channel=\"EMAIL\"");
    assertThat(metrics).contains("orderly_notifications_backlog").contains("orderly_notifications_oldest_age_seconds");
  }
}
