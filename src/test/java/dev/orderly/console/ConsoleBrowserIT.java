package dev.orderly.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.Browser;
import dev.orderly.support.JarProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The web console in a real browser (issue 15), against the packaged jar started as the README
 * starts it (demo mode, embedded database, sandbox provider, demo data). Each test signs in the way
 * a person does, works through the pages, and saves screenshots of what it saw under
 * {@code target/console-screenshots/}. Set-up that is not the point of a test (a shop with its own
 * terms, a payment made at the provider) goes through the public API.
 */
class ConsoleBrowserIT {

  private static JarProcess jar;
  private static Browser browser;
  private static Api api;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("console-it");
    jar = JarProcess.start(dir.resolve("app.log"), List.of("--server.port=0", "--server.address=127.0.0.1",
        "--orderly.data-dir=" + dir.resolve("data"), "--orderly.admin-token=" + ApiTest.ADMIN_TOKEN));
    String base = "http://127.0.0.1:" + jar.awaitPort(Duration.ofSeconds(90));
    await().atMost(Duration.ofSeconds(60)).until(() -> jar.output().contains("Orderly demo is running at"));
    api = new Api(base);
    browser = Browser.launch(base);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (jar != null) {
      jar.close();
    }
  }

  @Test
  void aBuyerPlacesAnOrderPaysOnTheSandboxPayPageAndSeesPaidWithoutReloading() {
    try (BrowserContext context = browser.context()) {
      Page page = Browser.signInAsDemo(context, "alice");
      page.click("text=Shop");
      page.click("a:has-text('Enamel mug')");
      assertThat(page.locator("#terms li").first()).containsText("Pay within");
      Browser.screenshot(page, "buyer-product-terms");
      page.click("#buy");
      assertThat(page.locator("#order-status")).hasAttribute("data-status", "AWAITING_PAYMENT");
      assertThat(page.locator("#deadline .countdown")).hasText(Pattern.compile("\\d+:\\d\\d"));
      assertThat(page.locator("#method-CARD")).containsText("Working");
      Browser.screenshot(page, "buyer-order-awaiting-payment");

      page.evaluate("window.__sameDocument = 'yes'");
      Page payPage = context.waitForPage(() -> page.click("#pay-CARD"));
      payPage.waitForLoadState();
      assertThat(payPage.locator("h1")).hasText("Sandbox provider");
      Browser.screenshot(payPage, "sandbox-pay-page");
      payPage.click("#pay");
      assertThat(payPage.locator("#status")).hasText("SUCCEEDED");

      assertThat(page.locator("#order-status")).hasAttribute("data-status", "PAID",
          new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(10_000));
      assertThat(page.locator("#order-status")).hasText("Paid");
      assertThat(page.evaluate("window.__sameDocument")).as("the page was not reloaded").isEqualTo("yes");
      Browser.screenshot(page, "buyer-order-paid-live");
    }
  }

  @Test
  void theCancelDialogOfAShippedOrderShowsTheRefusalAndNextStepsInIndonesian() {
    Api.Principal budi = demo("demo-buyer-budi");
    Api.Principal toko = demo("demo-seller-toko");
    UUID product = api.product(toko, "65000", "IDR", 10, false);
    UUID order = paidOrder(budi, product, "GOPAY");
    assertThat(api.post("/api/v1/orders/" + order + "/process", toko.token(), null).status()).isEqualTo(200);
    assertThat(api.post("/api/v1/orders/" + order + "/ship", toko.token(),
        Map.of("carrier", "JNE", "trackingNumber", "JNE123")).status()).isEqualTo(200);

    try (BrowserContext context = browser.context()) {
      Page page = Browser.signInAsDemo(context, "budi");
      page.navigate("/console/orders/" + order);
      assertThat(page.locator("#order-status")).hasText(text("console", "id", "order-status.SHIPPED"));
      page.click("#cancel-order");
      assertThat(page.locator("html")).hasAttribute("lang", "id");
      assertThat(page.locator("#refusal")).hasAttribute("data-code", "ALREADY_SHIPPED");
      assertThat(page.locator("#refusal strong")).hasText(text("messages", "id", "error.ALREADY_SHIPPED.title"));
      assertThat(page.locator("#next-steps li")).hasText(new String[] {
          text("messages", "id", "next-step.REFUSE_DELIVERY"), text("messages", "id", "next-step.REQUEST_RETURN"),
          text("messages", "id", "next-step.CONTACT_SUPPORT")});
      assertThat(page.locator("#confirm-cancel")).hasCount(0);
      Browser.screenshot(page, "buyer-cancel-refused-id");
    }
  }

  @Test
  void aFeeThatChangedBetweenTheDialogAndTheConfirmationIsShownAgainAndNotCharged() {
    Api.Principal alice = demo("demo-buyer-alice");
    Api.Principal seller = api.seller();
    // free cancellation for 3 s after payment, then the seller decides and keeps 10 %
    api.policy(seller, Map.of("freeCancelWindow", "PT3S", "cancellationWindow", "P1D", "cancellationFeePercent", 10));
    UUID product = api.product(seller, "20.00", 5);
    UUID order = paidOrder(alice, product, "CARD");

    try (BrowserContext context = browser.context()) {
      Page page = Browser.signInAsDemo(context, "alice");
      page.navigate("/console/orders/" + order + "/cancel");
      assertThat(page.locator("#eligibility")).hasAttribute("data-mode", "IMMEDIATE");
      assertThat(page.locator("#fee")).hasText("$0.00");
      Browser.screenshot(page, "buyer-cancel-dialog-free");
      // the free window closes while the dialog is open
      await().atMost(Duration.ofSeconds(15)).until(() -> "SELLER_APPROVAL".equals(
          api.get("/api/v1/orders/" + order + "/cancellation-eligibility", alice.token()).text("mode")));
      page.click("#confirm-cancel");

      assertThat(page.locator("#terms-changed")).isVisible();
      assertThat(page.locator("#eligibility")).hasAttribute("data-mode", "SELLER_APPROVAL");
      assertThat(page.locator("#fee")).hasText("$2.00");
      assertThat(page.locator("#confirm-cancel")).containsText("$2.00");
      Browser.screenshot(page, "buyer-cancel-fee-changed");
      assertThat(api.get("/api/v1/orders/" + order + "/cancellations", alice.token()).body().size())
          .as("nothing was requested").isZero();
      assertThat(api.order(order, alice).path("status").asText()).isEqualTo("PAID");

      page.click("#confirm-cancel");
      assertThat(page.locator(".cancellation")).hasAttribute("data-status", "PENDING_SELLER");
      JsonNode request = api.get("/api/v1/orders/" + order + "/cancellations", alice.token()).body().get(0);
      assertThat(request.path("fee").path("amount").asText()).isEqualTo("2.00");
    }
  }

  @Test
  void aSellerApprovesARequestAndTheBuyerSeesTheRefundWithItsExpectedDate() {
    Api.Principal alice = demo("demo-buyer-alice");
    Api.Principal seller = api.seller();
    api.policy(seller, Map.of("freeCancelWindow", "PT0S", "cancellationWindow", "P1D"));
    UUID product = api.product(seller, "15.00", 5);
    UUID order = paidOrder(alice, product, "CARD");

    try (BrowserContext buyerContext = browser.context(); BrowserContext sellerContext = browser.context()) {
      Page buyer = Browser.signInAsDemo(buyerContext, "alice");
      buyer.navigate("/console/orders/" + order + "/cancel");
      buyer.selectOption("#reason", "FOUND_CHEAPER");
      buyer.click("#confirm-cancel");
      assertThat(buyer.locator(".cancellation")).hasAttribute("data-status", "PENDING_SELLER");

      Page shop = Browser.signInWithToken(sellerContext, seller.token());
      assertThat(shop.locator("#requests .countdown")).hasText(Pattern.compile("\\d+:\\d\\d:\\d\\d"));
      Browser.screenshot(shop, "seller-queue");
      shop.click("#requests a");
      shop.fill(".cancellation input[name=note]", "Sorry to see you go");
      shop.click(".cancellation button.approve");
      assertThat(shop.locator(".cancellation").first()).hasAttribute("data-status", "APPROVED");
      Browser.screenshot(shop, "seller-approved");

      buyer.navigate("/console/orders/" + order);
      JsonNode refund = api.get("/api/v1/orders/" + order + "/refunds", alice.token()).body().get(0);
      Instant expected = Instant.parse(refund.path("expectedBy").asText());
      Locator shown = buyer.locator("#refunds .refund").first();
      assertThat(shown).containsText("$15.00");
      // the date the money is expected, also once the provider has sent it (a card refund takes days to arrive)
      assertThat(shown.locator("time.expected")).hasAttribute("datetime", expected.toString());
      assertThat(shown.locator("time.expected")).hasText(new dev.orderly.console.ConsoleFormat(Locale.ENGLISH,
          java.time.ZoneId.of("Asia/Jakarta")).date(expected));
      assertThat(buyer.locator(".proof .confirmation")).hasText(Pattern.compile("\\S+"));
      Browser.screenshot(buyer, "buyer-refund-expected");
    }
  }

  @Test
  void supportFindsAnOrderByNumberReadsItsTimelineAndAnswersACaseWhoseBuyerNeverSeesTheInternalNote() {
    Api.Principal alice = demo("demo-buyer-alice");
    Api.Principal seller = api.seller();
    UUID product = api.product(seller, "9.00", 5);
    UUID order = api.placeOrder(alice, product, 1).id();
    String number = api.order(order, alice).path("number").asText();

    try (BrowserContext buyerContext = browser.context(); BrowserContext supportContext = browser.context()) {
      Page buyer = Browser.signInAsDemo(buyerContext, "alice");
      buyer.navigate("/console/orders/" + order);
      buyer.selectOption("#case-topic", "PAYMENT_PROBLEM");
      buyer.fill("#case-message", "My card was charged but the order says unpaid.");
      buyer.click("#open-case");
      assertThat(buyer.locator("#messages .message")).hasCount(1);

      Page support = Browser.signInAsDemo(supportContext, "sam");
      assertThat(support.locator("h1")).hasText("Support desk");
      Browser.screenshot(support, "support-desk");
      // typed as a person copies it from an email: lower case, blanks
      support.fill("#find-number", " " + number.toLowerCase(Locale.ROOT).replace("-", " - ") + " ");
      support.click("#find");
      assertThat(support.locator("#order-number")).hasText(number);
      assertThat(support.locator("#timeline li[data-type=ORDER_PLACED]")).hasCount(1);
      assertThat(support.locator("#timeline li[data-type=CASE_OPENED]")).hasCount(1);
      Browser.screenshot(support, "support-order-timeline");
      support.click("#cases a");
      support.fill("#reply", "Internal: provider shows no capture yet.");
      support.check("#internal");
      support.click("#send-reply");
      support.fill("#reply", "We are checking with the card provider and will tell you within the hour.");
      support.click("#send-reply");
      assertThat(support.locator("#messages .message")).hasCount(3);
      assertThat(support.locator("#messages .message.internal")).hasCount(1);
      Browser.screenshot(support, "support-case");

      buyer.reload();
      assertThat(buyer.locator("#messages")).containsText("We are checking with the card provider");
      assertThat(buyer.locator("#messages")).not().containsText("provider shows no capture");
      assertThat(buyer.locator("#messages .message")).hasCount(2);
      assertThat(buyer.content()).doesNotContain("provider shows no capture");
      Browser.screenshot(buyer, "buyer-case-reply");
    }
  }

  @Test
  void theDashboardShowsAnExpiryWithinTwoSecondsOfIt() {
    Api.Principal alice = demo("demo-buyer-alice");
    Api.Principal seller = api.seller();
    api.policy(seller, Map.of("paymentWindow", "PT3S"));
    UUID product = api.product(seller, "3.00", 5);

    try (BrowserContext context = browser.context()) {
      Page page = Browser.signInWithToken(context, ApiTest.ADMIN_TOKEN);
      assertThat(page.locator("h1")).hasText("Dashboard");
      page.locator("#chart-orders canvas").waitFor();
      Locator tile = page.locator("#tile-expired");
      int before = Integer.parseInt(tile.textContent().replace(",", "").strip());
      UUID order = api.placeOrder(alice, product, 1).id();

      // read as a person would, every 50 ms (the page's Content-Security-Policy forbids evaluated predicates)
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
          .until(() -> Integer.parseInt(tile.textContent().replace(",", "").strip()) > before);
      Instant seen = Instant.now();
      JsonNode expired = api.order(order, alice);
      assertThat(expired.path("status").asText()).isEqualTo("CANCELLED");
      Instant cancelledAt = Instant.parse(expired.path("cancelledAt").asText());
      assertThat(Duration.between(cancelledAt, seen)).as("from the expiry to the dashboard showing it")
          .isLessThan(Duration.ofSeconds(2));
      Browser.screenshot(page, "operator-dashboard");
    }
  }

  @Test
  void aFormPostedWithoutItsCsrfTokenIsRefusedAndAnotherBuyersOrderIsNotFound() {
    Api.Principal alice = demo("demo-buyer-alice");
    Api.Principal seller = api.seller();
    UUID product = api.product(seller, "4.00", 5);
    UUID order = api.placeOrder(alice, product, 1).id();

    try (BrowserContext aliceContext = browser.context(); BrowserContext budiContext = browser.context()) {
      Page page = Browser.signInAsDemo(aliceContext, "alice");
      APIResponse forged = page.request().post("/console/orders/" + order + "/cancel", RequestOptions.create()
          .setForm(FormData.create().set("reason", "CHANGED_MIND").set("acceptedFee", "0.00")).setMaxRedirects(0));
      assertThat(forged.status()).isEqualTo(403);
      assertThat(forged.text()).contains("id=\"refusal\"");
      assertThat(api.order(order, alice).path("status").asText()).as("nothing was done").isEqualTo("AWAITING_PAYMENT");

      Page budi = Browser.signInAsDemo(budiContext, "budi");
      com.microsoft.playwright.Response response = budi.navigate("/console/orders/" + order);
      assertThat(response.status()).isEqualTo(404);
      assertThat(budi.locator("main")).containsText("ORDER_NOT_FOUND");
      assertThat(budi.content()).doesNotContain(api.order(order, alice).path("number").asText());
      Browser.screenshot(budi, "another-buyers-order-404");
    }
  }

  @Test
  void aSellerListsAProductEditsItsPolicyWithALivePreviewInEveryLanguageAndFollowsItsWebhookDeliveries()
      throws Exception {
    Api.Principal seller = api.seller();
    com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
    try (BrowserContext context = browser.context()) {
      Page page = Browser.signInWithToken(context, seller.token());
      page.click("text=Products");
      page.fill("#sku", "SCARF-01");
      page.fill("#title", "Silk scarf");
      page.fill("#price", "25.00");
      page.fill("#stock", "7");
      page.click("#add-product");
      assertThat(page.locator("#products tbody tr")).hasCount(1);
      assertThat(page.locator("#products .available")).hasText("7");
      Browser.screenshot(page, "seller-products");

      page.click("text=Policy");
      assertThat(page.locator("#preview-en li").first()).containsText("30 minutes");
      page.fill("#cancellationFeePercent", "12.5");
      // the preview follows the typing, in the three languages, without a reload
      page.evaluate("window.__sameDocument = 'yes'");
      assertThat(page.locator("#preview-en")).containsText("12.5%");
      assertThat(page.locator("#preview-id")).containsText("12,5%"); // Indonesian writes a decimal comma
      assertThat(page.locator("#preview-zh-CN")).containsText("12.5%");
      page.fill("#cancellationFeePercent", "101");
      assertThat(page.locator("#preview-problem")).containsText("VALIDATION_FAILED");
      assertThat(page.evaluate("window.__sameDocument")).isEqualTo("yes");
      page.fill("#cancellationFeePercent", "12.5");
      assertThat(page.locator("#preview-en")).containsText("12.5%");
      Browser.screenshot(page, "seller-policy-preview");
      page.click("#save-policy");
      assertThat(page.locator(".flash")).isVisible();
      assertThat(api.get("/api/v1/sellers/me/policy", seller.token()).body().path("cancellationFeePercent").asText())
          .isEqualTo("12.5");

      page.click("text=Webhooks");
      page.fill("#url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/orderly");
      page.click("form.card button[type=submit]");
      assertThat(page.locator("#new-secret code")).hasText(Pattern.compile("whsec_.+"));
      UUID product = firstProduct(seller);
      paidOrder(demo("demo-buyer-alice"), product, "CARD"); // ORDER_PAID goes to the seller's webhooks
      page.click("ul a code");
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        page.reload();
        assertThat(page.locator(".timeline > li strong[data-status]").first()).hasAttribute("data-status", "DELIVERED");
      });
      assertThat(page.locator(".timeline > li").first()).containsText("HTTP 204");
      Browser.screenshot(page, "seller-webhook-deliveries");
    } finally {
      receiver.stop(0);
    }
  }

  /** Every action is a form that posts and redirects: the console works with JavaScript off. */
  @Test
  void withJavaScriptOffABuyerBuysCancelsAndASellerShipsThroughPlainForms() {
    Api.Principal seller = api.seller();
    UUID product = api.product(seller, "6.00", 5);
    try (BrowserContext context = browser.noScriptContext(); BrowserContext shop = browser.noScriptContext()) {
      Page page = Browser.signInAsDemo(context, "alice");
      page.navigate("/console/shop/" + product);
      page.fill("#quantity", "2");
      page.click("#buy");
      assertThat(page.locator("#order-status")).hasAttribute("data-status", "AWAITING_PAYMENT");
      String order = page.url().substring(page.url().lastIndexOf('/') + 1);
      page.click("#cancel-order");
      assertThat(page.locator("#eligibility")).hasAttribute("data-mode", "IMMEDIATE");
      page.click("#confirm-cancel");
      assertThat(page.locator("#order-status")).hasAttribute("data-status", "CANCELLED");
      assertThat(page.locator(".flash")).isVisible();
      Browser.screenshot(page, "no-script-cancelled");

      UUID paid = paidOrder(demo("demo-buyer-alice"), product, "CARD");
      Page owner = Browser.signInWithToken(shop, seller.token());
      owner.navigate("/console/orders/" + paid);
      owner.click("#process");
      owner.fill("#carrier", "JNE");
      owner.fill("#tracking", "JNE-42");
      owner.click("#ship");
      assertThat(owner.locator("#order-status")).hasAttribute("data-status", "SHIPPED");
      assertThat(api.order(UUID.fromString(order), demo("demo-buyer-alice")).path("status").asText())
          .isEqualTo("CANCELLED");
    }
  }

  @Test
  void eachPrincipalReadsTheConsoleInItsOwnLanguageAndMaySwitch() {
    try (BrowserContext context = browser.context()) {
      Page page = Browser.signInAsDemo(context, "li");
      assertThat(page.locator("html")).hasAttribute("lang", "zh-CN");
      assertThat(page.locator("h1")).hasText(text("console", "zh-CN", "orders.title"));
      page.navigate("/console/shop");
      page.click("a:has-text('Kopi')");
      assertThat(page.locator("#terms li").first()).containsText("付款");
      Browser.screenshot(page, "buyer-product-zh");
      page.click("a[hreflang=id]");
      assertThat(page.locator("html")).hasAttribute("lang", "id");
      assertThat(page.locator("#terms li").first()).containsText("Bayar");
      page.navigate("/console/orders");
      assertThat(page.locator("h1")).hasText(text("console", "id", "orders.title"));
    }
  }

  /**
   * Every kind of console page, as each role sees it, at a desktop width and at 360 px: no axe-core
   * violation of serious or critical impact, and nothing wider than the screen (no sideways scrolling).
   */
  @Test
  void everyPageHasNoSeriousOrCriticalAccessibilityViolationAndFitsA360PixelScreen() {
    Api.Principal alice = demo("demo-buyer-alice");
    Api.Principal acme = demo("demo-seller-acme");
    UUID product = firstProduct(alice);
    UUID awaiting = api.placeOrder(alice, product, 1).id();
    UUID paid = paidOrder(alice, product, "CARD");
    UUID caseId = api.post("/api/v1/orders/" + awaiting + "/cases", alice.token(),
        Map.of("topic", "PAYMENT_PROBLEM", "message", "Where is my payment?")).id();
    UUID buyerId = UUID.fromString(api.order(awaiting, alice).path("buyerId").asText());
    Map<String, List<String>> pages = new java.util.LinkedHashMap<>();
    pages.put("", List.of("/sign-in"));
    pages.put("alice", List.of("/console/orders", "/console/shop", "/console/shop/" + product,
        "/console/orders/" + awaiting, "/console/orders/" + paid, "/console/orders/" + paid + "/cancel",
        "/console/inbox", "/console/cases", "/console/cases/" + caseId, "/console/orders/" + UUID.randomUUID()));
    UUID hook = api.post("/api/v1/webhooks", acme.token(), Map.of("url", "https://shop.example/orderly",
        "types", List.of("ORDER_PAID"))).id();
    pages.put("acme-shop", List.of("/console/seller", "/console/orders/" + paid, "/console/cases/" + caseId,
        "/console/seller/products", "/console/seller/policy", "/console/seller/webhooks",
        "/console/seller/webhooks/" + hook, "/console/inbox"));
    pages.put("sam", List.of("/console/support", "/console/orders/" + awaiting, "/console/cases/" + caseId,
        "/console/support/buyers/" + buyerId, "/console/dashboard", "/console/refused"));
    for (int width : new int[] {1280, 360}) {
      for (Map.Entry<String, List<String>> who : pages.entrySet()) {
        try (BrowserContext context = browser.context(width, 800)) {
          Page page = who.getKey().isEmpty() ? context.newPage() : Browser.signInAsDemo(context, who.getKey());
          for (String path : who.getValue()) {
            page.navigate(path);
            page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
            String what = (who.getKey().isEmpty() ? "anonymous" : who.getKey()) + " " + path + " at " + width + " px";
            Browser.assertAccessible(page, what);
            Object overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(((Number) overflow).intValue()).as(what + ": wider than the screen by (" + page.evaluate(
                "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
                + "document.documentElement.clientWidth + 1).slice(-5).map(e => e.tagName + '.' + e.className + '#' + e.id"
                + " + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')") + ")").isLessThanOrEqualTo(0);
            if (width == 360) {
              Browser.screenshot(page, "narrow" + path.replace('/', '-').replaceAll("-[0-9a-f]{8}-[0-9a-f-]{27}", "-id"));
            }
          }
        }
      }
    }
  }

  /**
   * Issue 15's measurements, from the browser's own performance timing: the bytes a first visit
   * transfers for the buyer's order page and for the dashboard (budget for the buyer's pages: under
   * 200 KB; asserted, as a size is not a timing), the first contentful paint (median of 10 loads
   * with an empty cache, after 10 that warm the server up; reported, not asserted: timings belong to
   * benchmarks), and the server's CPU per view of the order page (the jar's CPU time over 50 views,
   * after 30 to warm up). Written to
   * {@code target/console-performance.txt}.
   */
  @Test
  void pageWeightFirstRenderAndServerCpuPerView() throws Exception {
    Api.Principal alice = demo("demo-buyer-alice");
    UUID product = firstProduct(alice);
    UUID order = api.placeOrder(alice, product, 1).id();
    StringBuilder report = new StringBuilder("# console page weight and first render (ConsoleBrowserIT)\n");
    for (String[] view : new String[][] {{"alice", "/console/orders/" + order, "buyer order page"},
        {"sam", "/console/dashboard", "dashboard"}}) {
      List<Double> paints = new java.util.ArrayList<>();
      List<Double> html = new java.util.ArrayList<>();
      long bytes = 0;
      List<com.microsoft.playwright.options.Cookie> session;
      try (BrowserContext signedIn = browser.context()) {
        Browser.signInAsDemo(signedIn, view[0]);
        session = signedIn.cookies();
      }
      for (int i = 0; i < 20; i++) {
        // signed in, with an empty cache: everything the page needs is transferred (the first 10 warm the server up)
        try (BrowserContext context = browser.context()) {
          context.addCookies(session);
          Page page = context.newPage();
          page.navigate(view[1]);
          page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
          await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> ((Number) page.evaluate(
              "performance.getEntriesByName('first-contentful-paint').length")).intValue() > 0);
          double paint = ((Number) page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime"))
              .doubleValue();
          if (i >= 10) {
            paints.add(paint);
            html.add(((Number) page.evaluate("performance.getEntriesByType('navigation')[0].responseEnd")).doubleValue());
          }
          bytes = ((Number) page.evaluate("performance.getEntriesByType('navigation')[0].transferSize"
              + " + performance.getEntriesByType('resource').reduce((s, r) => s + r.transferSize, 0)")).longValue();
        }
      }
      java.util.Collections.sort(paints);
      java.util.Collections.sort(html);
      double median = (paints.get(4) + paints.get(5)) / 2;
      report.append(String.format(Locale.ROOT, "%s: %d bytes transferred with an empty cache, first contentful paint"
          + " median %.0f ms (min %.0f, max %.0f) over 10 loads, of which the page's HTML in (responseEnd) median"
          + " %.0f ms%n", view[2], bytes, median, paints.get(0), paints.get(9), (html.get(4) + html.get(5)) / 2));
      if (view[2].startsWith("buyer")) {
        assertThat(bytes).as("bytes a buyer's order page transfers").isLessThan(200_000);
      }
    }
    // a first visit with nothing cached: the sign-in page, then the order page
    try (BrowserContext context = browser.context()) {
      Page page = context.newPage();
      page.navigate("/sign-in");
      page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
      long signIn = ((Number) page.evaluate("performance.getEntriesByType('navigation')[0].transferSize"
          + " + performance.getEntriesByType('resource').reduce((s, r) => s + r.transferSize, 0)")).longValue();
      report.append(String.format(Locale.ROOT, "sign-in page, nothing cached: %d bytes transferred%n", signIn));
      assertThat(signIn).as("bytes of a first visit to the sign-in page").isLessThan(200_000);
    }
    try (BrowserContext context = browser.context()) {
      Page page = Browser.signInAsDemo(context, "alice");
      for (int i = 0; i < 30; i++) {
        page.navigate("/console/orders/" + order); // warming up
      }
      Duration before = jar.cpu();
      int views = 50;
      for (int i = 0; i < views; i++) {
        page.navigate("/console/orders/" + order);
        page.waitForLoadState(com.microsoft.playwright.options.LoadState.LOAD);
      }
      double perView = (jar.cpu().minus(before)).toNanos() / 1e6 / views;
      report.append(String.format(Locale.ROOT, "server CPU per view of the buyer's order page: %.1f ms (%d views,"
          + " assets cached)%n", perView, views));
    }
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "console-performance.txt"), report);
    System.out.print(report);
  }

  // ---- helpers ----

  /** The first product the principal's product list shows (a seller's own; the catalogue's for others). */
  private static UUID firstProduct(Api.Principal who) {
    return UUID.fromString(api.get("/api/v1/products", who.token()).body().get(0).path("id").asText());
  }

  private static Api.Principal demo(String token) {
    return new Api.Principal(null, token, token);
  }

  /** An order of one item, paid through the sandbox provider as the buyer would (its pay action). */
  private static UUID paidOrder(Api.Principal buyer, UUID product, String method) {
    UUID order = api.placeOrder(buyer, product, 1).id();
    Api.Response payment = api.post("/api/v1/orders/" + order + "/payments", buyer.token(), Map.of("method", method));
    assertThat(payment.status()).as(payment.raw().body()).isEqualTo(201);
    assertThat(api.pay(payment.text("providerReference"), "succeed", Map.of()).status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).until(() -> "PAID".equals(api.order(order, buyer).path("status").asText()));
    return order;
  }

  private static String text(String bundle, String lang, String key) {
    return ResourceBundle.getBundle(bundle, Locale.forLanguageTag(lang)).getString(key);
  }
}
