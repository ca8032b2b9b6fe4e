package dev.orderly.support;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
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
    "orderly.mode=test",
    "orderly.admin-token=" + ApiTest.ADMIN_TOKEN,
    "orderly.timers.max-idle=PT0.2S",
    "orderly.payment.deadline-grace=PT3S"})
public abstract class ApiTest {

  public static final String ADMIN_TOKEN = "test-admin-token";

  @LocalServerPort
  protected int port;

  protected Api api;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestDatabase.configure(registry);
  }

  @BeforeEach
  void connect() {
    api = new Api("http://127.0.0.1:" + port);
  }

  /** Helpers for tests. */
  public static final class TestDatabase {
    private static Path dataDir;

    static synchronized void configure(DynamicPropertyRegistry registry) {
      String url = System.getenv("ORDERLY_TEST_DATABASE_URL");
      if (url != null && !url.isBlank()) {
        registry.add("spring.datasource.url", () -> url);
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
      registry.add("orderly.data-dir", () -> dataDir.toString());
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
