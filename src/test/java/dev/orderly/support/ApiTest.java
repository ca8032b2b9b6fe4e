package dev.orderly.support;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the HTTP integration tests: the real server on a random port, on the embedded database
 * (a fresh H2 file per test JVM), or on PostgreSQL when {@code ORDERLY_TEST_DATABASE_URL} is set
 * (with {@code ORDERLY_TEST_DATABASE_USER} / {@code ORDERLY_TEST_DATABASE_PASSWORD}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "orderly.mode=demo",
    "orderly.demo.seed=false",
    "orderly.test.event-log=true",
    "orderly.admin-token=" + ApiTest.ADMIN_TOKEN,
    "orderly.timers.max-idle=PT0.2S",
    "orderly.payment.deadline-grace=PT3S",
    "orderly.payment.reconcile-after=PT5S",
    "orderly.payment.check-limit=3",
    "orderly.payment.health.min-samples=3",
    "orderly.payment.health.outage-extension=PT3S",
    "orderly.payment.health.max-outage-extension=PT6S",
    "orderly.payment.sandbox.read-timeout=PT2S",
    "orderly.refunds.retry-backoff=PT0.2S",
    "orderly.refunds.max-attempts=3",
    // webhooks to a receiver on 127.0.0.1 (WebhookUrlsTest proves the refusal with the flag off); quick retries
    "orderly.webhooks.allow-private-targets=true",
    "orderly.notifications.retry-backoff=PT0.2S",
    // small limits so RestrictionApiTest can reach them; every other test uses fresh buyers
    "orderly.restrictions.max-expired=2",
    "orderly.restrictions.window=PT1M",
    "orderly.restrictions.duration=PT1H",
    "orderly.restrictions.max-unpaid-orders=3"})
public abstract class ApiTest {

  public static final String ADMIN_TOKEN = "test-admin-token";

  @LocalServerPort
  protected int port;

  protected Api api;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestEnvironment.configure(registry);
  }

  @Autowired
  private JdbcClient jdbc;

  @BeforeEach
  void connect() {
    api = new Api("http://127.0.0.1:" + port);
  }

  /**
   * Every payment method healthy with no recent outcomes, and the sandbox provider back to normal:
   * for tests about outages, which would otherwise leak into the next test.
   */
  protected void resetPaymentConditions() {
    api.sandboxReset();
    jdbc.sql("DELETE FROM payment_method_outcomes").update();
    jdbc.sql("UPDATE payment_method_health SET degraded = FALSE").update();
  }

  /** Helpers for tests. */
  public static final class TestDatabase {
    private static Path dataDir;

    public static synchronized void configure(DynamicPropertyRegistry registry) {
      String url = System.getenv("ORDERLY_TEST_DATABASE_URL");
      // a test class with a database of its own (OwnDatabase) sets OWN_URL / OWN_DATA_DIR: Spring calls the
      // subclass's @DynamicPropertySource before this one, so the same key set here would win over it
      if (url != null && !url.isBlank()) {
        registry.add("spring.datasource.url", () -> "${" + OwnDatabase.OWN_URL + ":" + url + "}");
        registry.add("spring.datasource.username", () -> envOr("ORDERLY_TEST_DATABASE_USER", "postgres"));
        registry.add("spring.datasource.password", () -> envOr("ORDERLY_TEST_DATABASE_PASSWORD", ""));
        return;
      }
      if (dataDir == null) {
        try {
          dataDir = Files.createTempDirectory("orderly-test-");
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
      }
      registry.add("orderly.data-dir", () -> "${" + OwnDatabase.OWN_DATA_DIR + ":" + dataDir + "}");
    }

    public static boolean isPostgres() {
      String url = System.getenv("ORDERLY_TEST_DATABASE_URL");
      return url != null && url.startsWith("jdbc:postgresql");
    }

    private static String envOr(String name, String fallback) {
      String v = System.getenv(name);
      return v == null || v.isBlank() ? fallback : v;
    }
  }
}
