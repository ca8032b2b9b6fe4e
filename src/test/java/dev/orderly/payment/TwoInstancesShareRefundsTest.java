package dev.orderly.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderly.OrderlyApplication;
import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.PaymentFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two instances on one PostgreSQL database: the provider is down at the deadlines, the orders are
 * cancelled after the grace period, then the buyers' money arrives late. Both instances' refund
 * executors and reconcilers compete for the refunds; each must be executed exactly once. Needs
 * {@code ORDERLY_TEST_DATABASE_URL}; skipped with a printed reason otherwise.
 */
class TwoInstancesShareRefundsTest {

  private static final int ORDERS = 40;

  @TempDir
  Path dataDir;

  @Test
  void lateMoneyIsRefundedExactlyOnceWhenTwoInstancesShareTheWork() throws Exception {
    String url = System.getenv("ORDERLY_TEST_DATABASE_URL");
    boolean postgres = url != null && url.startsWith("jdbc:postgresql");
    if (!postgres) {
      System.out.println("skipped: needs ORDERLY_TEST_DATABASE_URL (PostgreSQL)");
    }
    Assumptions.assumeTrue(postgres,
        "skipped: needs ORDERLY_TEST_DATABASE_URL (PostgreSQL); two instances cannot share an embedded H2 file");
    // a database of its own: other test contexts still running in this JVM would otherwise act on
    // these orders with a provider view that is not down
    String database = "orderly_refunds_" + Long.toHexString(System.nanoTime());
    sql(url, "CREATE DATABASE " + database);
    try {
      run(url.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1"));
    } finally {
      sql(url, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  private static void sql(String url, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(url, envOr("ORDERLY_TEST_DATABASE_USER", "postgres"),
        envOr("ORDERLY_TEST_DATABASE_PASSWORD", "")); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private void run(String url) {
    try (ConfigurableApplicationContext a = start(url); ConfigurableApplicationContext b = start(url)) {
      Api apiA = api(a);
      Api apiB = api(b);
      for (Api api : List.of(apiA, apiB)) {
        api.sandboxReset();
      }
      Api.Principal seller = apiA.seller();
      // long enough that no deadline passes before the provider is down: setting up the 40 orders and
      // their attempts takes about 12 s here (every answer is checked against the API document)
      apiA.policy(seller, Map.of("paymentWindow", "PT30S"));
      UUID product = apiA.product(seller, "15.00", ORDERS);
      List<PaymentFixture> orders = new ArrayList<>();
      List<String> references = new ArrayList<>();
      for (int i = 0; i < ORDERS; i++) {
        Api api = i % 2 == 0 ? apiA : apiB;
        Api.Principal buyer = api.buyer();
        PaymentFixture f = new PaymentFixture(api, seller, buyer, product, api.placeOrder(buyer, product, 1).id());
        orders.add(f);
        references.add(f.startedReference("CARD"));
      }
      // the provider is down for cards at every deadline and through the grace period
      apiA.sandboxMode("CARD", "DOWN");
      apiB.sandboxMode("CARD", "DOWN");
      await().atMost(Duration.ofSeconds(90)).until(() -> orders.stream().allMatch(o -> "CANCELLED".equals(o.status())));

      // it comes back, and every buyer's payment goes through after all: late money (the buyers paid
      // before their payments expired; the provider settles them only now)
      apiA.sandboxMode("CARD", "NORMAL");
      apiB.sandboxMode("CARD", "NORMAL");
      for (String ref : references) {
        assertThat(apiA.pay(ref, "succeed", Map.of("duplicateCallbacks", 1, "paidBeforeExpiry", true)).status())
            .isEqualTo(200);
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> orders.stream().allMatch(o -> o.refunds().size() == 1
          && "SUCCEEDED".equals(o.refunds().get(0).path("status").asString())));

      for (int i = 0; i < ORDERS; i++) {
        PaymentFixture o = orders.get(i);
        JsonNode refund = o.refunds().get(0);
        assertThat(refund.path("cause").asString()).isEqualTo("LATE_PAYMENT");
        assertThat(refund.path("attempts").asInt()).as("provider calls for refund %s", refund.path("id")).isEqualTo(1);
        assertThat(o.events("REFUND_SUCCEEDED")).hasSize(1);
        assertThat(o.events("LATE_PAYMENT_RECEIVED")).hasSize(1);
        JsonNode atProvider = o.atProvider(references.get(i));
        assertThat(atProvider.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(Double.parseDouble(atProvider.path("refunded").path("amount").asString())).isEqualTo(15.0);
        assertThat(o.status()).isEqualTo("CANCELLED");
      }
    }
  }

  private ConfigurableApplicationContext start(String url) {
    String[] args = {
        "--server.port=0",
        "--orderly.mode=demo", "--orderly.demo.seed=false",
        "--orderly.admin-token=" + ApiTest.ADMIN_TOKEN,
        "--orderly.timers.max-idle=PT0.2S",
        "--orderly.payment.deadline-grace=PT2S",
        // the outage must end in cancellations, not in deadline extensions
        "--orderly.payment.health.min-samples=100000",
        "--orderly.payment.reconcile-after=PT30S",
        "--orderly.data-dir=" + dataDir,
        "--spring.datasource.url=" + url,
        "--spring.datasource.username=" + envOr("ORDERLY_TEST_DATABASE_USER", "postgres"),
        "--spring.datasource.password=" + envOr("ORDERLY_TEST_DATABASE_PASSWORD", "")};
    return new SpringApplicationBuilder(OrderlyApplication.class).run(args);
  }

  private static Api api(ConfigurableApplicationContext context) {
    return new Api("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
