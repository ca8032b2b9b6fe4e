package dev.orderly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderly.support.Api;
import dev.orderly.support.JarProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's first run of the packaged jar, as the README starts it (issue 11, item 9): it starts
 * without a warning, prints the demo tokens with the admin token generated for the run, answers
 * {@code /} with a page that leads to the API documentation, health and the demo tokens (never the
 * admin token), and stops without a warning.
 */
class FirstVisitIT {

  private static final Pattern ADMIN_LINE = Pattern.compile("ADMIN\\s+admin\\s+(admin_[0-9a-f]+)\\s");

  @TempDir
  Path dir;

  @Test
  void theFirstRunPrintsEveryTokenLeadsSomewhereUsefulAndStopsCleanly() throws Exception {
    try (JarProcess jar = JarProcess.start(dir.resolve("first.log"),
        List.of("--server.port=0", "--server.address=127.0.0.1", "--orderly.data-dir=" + dir.resolve("data")))) {
      Api api = new Api("http://127.0.0.1:" + jar.awaitPort(Duration.ofSeconds(90)));
      // the banner comes once the application is ready, just after the port is open
      await().atMost(Duration.ofSeconds(30)).until(() -> jar.output().contains("Orderly demo is running at"));
      String started = jar.output();
      assertThat(started.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList())
          .as("warnings at a first start").isEmpty();
      assertThat(started).contains("demo-buyer-alice", "demo-seller-acme", "demo-support-sam");
      Matcher admin = ADMIN_LINE.matcher(started);
      assertThat(admin.find()).as("the generated admin token among the demo tokens").isTrue();
      Api.Response created = api.post("/api/v1/admin/principals", admin.group(1),
          Map.of("name", "first-visitor", "role", "BUYER"));
      assertThat(created.status()).as("the printed admin token works").isEqualTo(201);

      Api.Response page = api.get("/", null);
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.header("Content-Type")).startsWith("text/html");
      assertThat(page.raw().body()).contains("href=\"/swagger-ui.html\"", "href=\"/v3/api-docs\"",
          "href=\"/actuator/health\"", "demo-buyer-alice", "id=\"licence\"").doesNotContain(admin.group(1));
      assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
      assertThat(api.get("/v3/api-docs", null).status()).isEqualTo(200);
      ProductionSafetyIT.assertCleanShutdown(jar);
    }
  }
}
