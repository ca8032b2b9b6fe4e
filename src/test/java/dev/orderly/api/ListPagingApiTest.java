package dev.orderly.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.PaymentFixture;
import dev.orderly.support.Shop;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Lists and search (API.md, Conventions → Lists; Orders → filters): every list is paged by
 * {@code limit} and {@code cursor} with the next page in an RFC 8288 {@code Link} header, stable
 * while rows are inserted, and orders are found by number, buyer, status and placement time inside
 * the caller's scope.
 */
class ListPagingApiTest extends ApiTest {

  private static final int EXISTING = 1_203;
  private static final int PAGE = 50;

  @Test
  void pagingASellersOrdersWhileNewOnesArePlacedSeesEveryExistingOrderExactlyOnce() throws Exception {
    Api.Principal seller = api.seller();
    UUID product = api.product(seller, "1.00", "USD", 10_000, false);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      // 1,203 orders from 401 buyers (each may hold 3 unpaid orders in these tests)
      Set<String> existing = ConcurrentHashMap.newKeySet();
      List<Future<?>> placing = new ArrayList<>();
      for (int b = 0; b < (EXISTING + 2) / 3; b++) {
        int orders = Math.min(3, EXISTING - b * 3);
        placing.add(pool.submit(() -> {
          Api.Principal buyer = api.buyer();
          for (int i = 0; i < orders; i++) {
            existing.add(api.placeOrder(buyer, product, 1).id().toString());
          }
        }));
      }
      for (Future<?> f : placing) {
        f.get();
      }
      assertThat(existing).hasSize(EXISTING);

      // new orders keep arriving while the seller pages
      AtomicBoolean paging = new AtomicBoolean(true);
      AtomicInteger placedMeanwhile = new AtomicInteger();
      Future<?> newcomers = pool.submit(() -> {
        while (paging.get()) {
          Api.Principal buyer = api.buyer();
          for (int i = 0; i < 3 && paging.get(); i++) {
            assertThat(api.placeOrder(buyer, product, 1).status()).isEqualTo(201);
            placedMeanwhile.incrementAndGet();
          }
        }
      });

      List<String> seen = new ArrayList<>();
      List<JsonNode> seenOrders = new ArrayList<>();
      int pages = 0;
      String path = "/api/v1/orders?limit=" + PAGE;
      while (path != null) {
        Api.Response page = api.get(path, seller.token());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().size()).isLessThanOrEqualTo(PAGE);
        page.body().forEach(o -> {
          seen.add(o.path("id").asString());
          seenOrders.add(o);
        });
        String next = api.nextPage(page);
        if (next != null) {
          assertThat(page.body().size()).as("a page with a next page is full").isEqualTo(PAGE);
          assertThat(next).contains("limit=" + PAGE).contains("cursor=");
        }
        path = next;
        pages++;
        if (pages == 3) {
          // some orders must have been placed between the first pages, or the race proves nothing
          org.awaitility.Awaitility.await().until(() -> placedMeanwhile.get() >= 5);
        }
      }
      paging.set(false);
      newcomers.get();

      assertThat(placedMeanwhile.get()).isPositive();
      assertThat(new HashSet<>(seen)).as("no order repeated").hasSameSizeAs(seen);
      assertThat(seen).containsAll(existing);
      assertThat(Collections.frequency(seen.stream().map(existing::contains).toList(), true)).isEqualTo(EXISTING);
      assertThat(pages).isGreaterThanOrEqualTo((EXISTING + PAGE - 1) / PAGE);
      // newest first, strictly, across page boundaries
      for (int i = 1; i < seenOrders.size(); i++) {
        Instant before = Instant.parse(seenOrders.get(i - 1).path("placedAt").asString());
        Instant after = Instant.parse(seenOrders.get(i).path("placedAt").asString());
        assertThat(after).isBeforeOrEqualTo(before);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void ordersAreFoundByNumberBuyerStatusAndPlacementTimeCombinedAndOnlyInTheCallersScope() {
    Shop shop = Shop.open(api, Map.of(), "5.00", false);
    Api.Principal otherBuyer = api.buyer();
    UUID first = shop.placeOrder();
    UUID paid = shop.paidOrder();
    UUID others = api.placeOrder(otherBuyer, shop.product(), 1).id();
    JsonNode firstOrder = api.order(first, shop.buyer());
    String number = firstOrder.path("number").asString();
    Instant placed = Instant.parse(firstOrder.path("placedAt").asString());
    Api.Principal support = api.support();
    Api.Principal strangerSeller = api.seller();

    // by number: exact, whatever the case and blanks, and the look-alikes O/I/L read as 0/1
    assertThat(ids("/api/v1/orders?number=" + number, support)).containsExactly(first);
    String typed = " " + number.toLowerCase().replace('0', 'o').replace('1', 'l') + " ";
    assertThat(ids("/api/v1/orders?number=" + URLEncoder.encode(typed, StandardCharsets.UTF_8), support))
        .containsExactly(first);
    String spoken = number.substring(0, 2) + " " + number.substring(2, 6) + " " + number.substring(7, 11) + " "
        + number.substring(11).toLowerCase();
    assertThat(ids("/api/v1/orders?number=" + URLEncoder.encode(spoken, StandardCharsets.UTF_8), support))
        .as("blanks anywhere, no dash").containsExactly(first);
    assertThat(ids("/api/v1/orders?number=" + number.replace("-", ""), support)).containsExactly(first);
    assertThat(ids("/api/v1/orders?number=" + number, shop.seller())).containsExactly(first);
    assertThat(ids("/api/v1/orders?number=" + number, shop.buyer())).containsExactly(first);
    assertThat(ids("/api/v1/orders?number=" + number, otherBuyer)).as("not the other buyer's").isEmpty();
    assertThat(ids("/api/v1/orders?number=" + number, strangerSeller)).as("not another shop's").isEmpty();
    assertThat(ids("/api/v1/orders?number=000000-00000000", support)).isEmpty();

    // by buyer, for the seller and for support; a buyer asking for another buyer finds nothing
    assertThat(ids("/api/v1/orders?buyerId=" + shop.buyer().id(), shop.seller())).containsExactly(paid, first);
    assertThat(ids("/api/v1/orders?buyerId=" + otherBuyer.id(), support)).containsExactly(others);
    assertThat(ids("/api/v1/orders?buyerId=" + otherBuyer.id(), shop.buyer())).isEmpty();
    assertThat(ids("/api/v1/orders?buyerId=" + shop.buyer().id(), strangerSeller)).isEmpty();

    // combined with status and time
    assertThat(ids("/api/v1/orders?buyerId=" + shop.buyer().id() + "&status=PAID", support)).containsExactly(paid);
    assertThat(ids("/api/v1/orders?buyerId=" + shop.buyer().id() + "&status=AWAITING_PAYMENT", shop.seller()))
        .containsExactly(first);
    assertThat(ids("/api/v1/orders?status=PAID&buyerId=" + otherBuyer.id(), support)).isEmpty();
    assertThat(ids("/api/v1/orders?buyerId=" + shop.buyer().id() + "&placedFrom=" + placed, shop.seller()))
        .containsExactly(paid, first);
    assertThat(ids("/api/v1/orders?buyerId=" + shop.buyer().id() + "&placedFrom=" + placed.plusNanos(1000)
        + "&placedTo=" + Instant.now().plusSeconds(60), shop.seller())).containsExactly(paid);
    assertThat(ids("/api/v1/orders?buyerId=" + shop.buyer().id() + "&placedTo=" + placed.plusNanos(1000),
        shop.seller())).containsExactly(first);
    assertThat(ids("/api/v1/orders?status=AWAITING_PAYMENT&placedFrom=" + placed + "&placedTo="
        + placed.plusNanos(1000), support)).containsExactly(first);
  }

  @Test
  void aBadCursorOrFilterIsA400NamingItAndChangesNothing() {
    Api.Principal buyer = api.buyer();
    for (String cursor : List.of("x", "AAAA", "%3D%3D", "MTox", "MTpub3Q6YTpi", "a".repeat(300),
        // version 1 with a nano out of range, and with a UUID that is too short
        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("1:0:1000000000:00000000-0000-0000-0000-000000000000".getBytes(StandardCharsets.US_ASCII)),
        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("1:0:0:0-0-0-0-0".getBytes(StandardCharsets.US_ASCII)))) {
      for (String list : List.of("/api/v1/orders", "/api/v1/inbox", "/api/v1/cancellations", "/api/v1/products")) {
        Api.Response r = api.get(list + "?cursor=" + cursor, buyer.token());
        assertThat(r.status()).as(list + " cursor " + cursor).isEqualTo(400);
        assertThat(r.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(r.body().path("errors").get(0).path("field").asString()).isEqualTo("cursor");
      }
    }
    Api.Response backwards = api.get("/api/v1/orders?placedFrom=2026-01-02T00:00:00Z&placedTo=2026-01-01T00:00:00Z",
        buyer.token());
    assertThat(backwards.status()).isEqualTo(400);
    assertThat(backwards.body().path("errors").get(0).path("field").asString()).isEqualTo("placedTo");
    Api.Response empty = api.get("/api/v1/orders?placedFrom=2026-01-01T00:00:00Z&placedTo=2026-01-01T00:00:00Z",
        buyer.token());
    assertThat(empty.status()).isEqualTo(400);
    Api.Response longNumber = api.get("/api/v1/orders?number=" + "1".repeat(33), buyer.token());
    assertThat(longNumber.status()).isEqualTo(400);
    assertThat(longNumber.body().path("errors").get(0).path("field").asString()).isEqualTo("number");
    for (String notANumber : List.of("nonsense", "261123-7K3F9Q2", "261123_7K3F9Q2M", "2611237K3F9Q2", "261123-7K3F9Q2M%C3%A9")) {
      Api.Response r = api.get("/api/v1/orders?number=" + notANumber, buyer.token());
      assertThat(r.status()).as(notANumber).isEqualTo(400);
      assertThat(r.body().path("errors").get(0).path("field").asString()).isEqualTo("number");
    }
    Api.Response badTime = api.get("/api/v1/orders?placedFrom=yesterday", buyer.token());
    assertThat(badTime.status()).isEqualTo(400);
    assertThat(badTime.body().path("errors").get(0).path("field").asString()).isEqualTo("placedFrom");
  }

  /** Each list with at least three items, paged one at a time: the Link header leads through all of them once. */
  @Test
  void everyListPagesThroughItsLinkHeader() {
    Shop shop = Shop.open(api, Map.of("cancellationFeePercent", 0), "8.00", false);
    Api.Principal support = api.support();
    UUID hook = api.post("/api/v1/webhooks", shop.seller().token(),
        Map.of("url", "http://127.0.0.1:9/hook", "types", List.of("ORDER_PAID", "ORDER_CANCELLED"))).id();
    api.post("/api/v1/webhooks", shop.seller().token(), Map.of("url", "http://127.0.0.1:9/b", "types", List.of("ORDER_PAID")));
    api.post("/api/v1/webhooks", shop.seller().token(), Map.of("url", "http://127.0.0.1:9/c", "types", List.of("ORDER_PAID")));
    api.product(shop.seller(), "2.00", "USD", 5, false);
    api.product(shop.seller(), "3.00", "USD", 5, false);
    // one order with three payment attempts, three paid orders cancelled by the buyer (three requests, refunds)
    UUID tried = shop.placeOrder();
    for (int i = 0; i < 3; i++) {
      String reference = api.post("/api/v1/orders/" + tried + "/payments", shop.buyer().token(), Map.of("method", "CARD"))
          .text("providerReference");
      api.pay(reference, "fail", null);
    }
    List<UUID> cancelled = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      UUID order = shop.paidOrder();
      assertThat(shop.requestCancellation(order, "CHANGED_MIND", null).status()).isEqualTo(201);
      cancelled.add(order);
    }
    cancelled.forEach(shop::refundSucceeded);
    // and one escalation in support's queue
    UUID disputed = shop.paidOrder();
    shop.process(disputed);
    UUID request = shop.requestCancellation(disputed, "DELIVERY_TOO_SLOW", null).id();
    assertThat(shop.act(request, "reject", shop.seller(), Map.of("note", "packed")).status()).isEqualTo(200);
    assertThat(shop.act(request, "escalate", shop.buyer(), Map.of("note", "too slow")).status()).isEqualTo(200);
    org.awaitility.Awaitility.await().atMost(Shop.WAIT).until(() ->
        api.all("/api/v1/inbox", shop.buyer().token()).size() >= 3
            && api.all("/api/v1/webhooks/" + hook + "/deliveries", shop.seller().token()).size() >= 3);

    Map<String, Api.Principal> lists = new LinkedHashMap<>();
    lists.put("/api/v1/orders", shop.buyer());
    lists.put("/api/v1/orders?status=CANCELLED", shop.seller());
    lists.put("/api/v1/cancellations", shop.buyer());
    lists.put("/api/v1/inbox", shop.buyer());
    lists.put("/api/v1/products", shop.seller());
    lists.put("/api/v1/webhooks", shop.seller());
    lists.put("/api/v1/webhooks/" + hook + "/deliveries", shop.seller());
    lists.put("/api/v1/orders/" + tried + "/payments", shop.buyer());
    lists.put("/api/v1/orders/" + cancelled.get(0) + "/cancellations", shop.buyer());
    lists.put("/api/v1/orders/" + cancelled.get(0) + "/refunds", shop.buyer());
    lists.put("/api/v1/support/queue", support);
    lists.forEach((list, who) -> {
      List<JsonNode> whole = PaymentFixture.list(api.get(list + (list.contains("?") ? "&" : "?") + "limit=200",
          who.token()).body());
      int expected = list.contains("/orders/") && !list.endsWith("/payments") || list.contains("/queue") ? 1 : 3;
      assertThat(whole).as(list).hasSizeGreaterThanOrEqualTo(expected);
      List<JsonNode> paged = api.all(list + (list.contains("?") ? "&" : "?") + "limit=1", who.token());
      assertThat(paged.stream().map(n -> n.path("id").asString()).toList()).as(list)
          .containsExactlyElementsOf(whole.stream().map(n -> n.path("id").asString()).toList());
    });
    // the link keeps the filters and the limit, and the last page has none
    Api.Response first = api.get("/api/v1/orders?status=CANCELLED&limit=2", shop.seller().token());
    assertThat(first.header("Link")).matches("<http://127\\.0\\.0\\.1:" + port
        + "/api/v1/orders\\?status=CANCELLED&limit=2&cursor=[A-Za-z0-9_-]+>; rel=\"next\"");
    Api.Response last = api.get(api.nextPage(first), shop.seller().token());
    assertThat(last.body().size()).isEqualTo(1);
    assertThat(last.header("Link")).isNull();
  }

  private List<UUID> ids(String path, Api.Principal who) {
    Api.Response r = api.get(path, who.token());
    assertThat(r.status()).as(path + ": " + r.raw().body()).isEqualTo(200);
    return IntStream.range(0, r.body().size()).mapToObj(i -> UUID.fromString(r.body().get(i).path("id").asString()))
        .toList();
  }
}
