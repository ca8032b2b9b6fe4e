package dev.orderly.supportcase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderly.OrderlyApplication;
import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.OwnDatabase;
import dev.orderly.support.PaymentFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The solved → closed timer is durable and acts once: cases solved on an instance whose timers are
 * off, which then stops, are closed by the instances that start next on the same database: two of
 * them on PostgreSQL (each case closed once, whichever instance takes it), one on the embedded H2
 * file (an H2 file belongs to one process). Each case gets exactly one {@code CASE_CLOSED} on its
 * order's timeline and its opener exactly one notice of it.
 *
 * <p>The instances are real applications in this JVM, reached over HTTP, on a database of the
 * test's own ({@link OwnDatabase#postgres}, or an H2 file in a temporary directory).
 */
class SolvedCasesCloseOnceTest {

  private static final int CASES = 24;
  private static final Duration REOPEN_WITHIN = Duration.ofSeconds(2);

  @TempDir
  Path dataDir;

  @Test
  void solvedCasesAreClosedExactlyOnceByTheInstancesThatStartAfterTheirWindowEnded() {
    // a database of its own: the applications other test classes left running in this JVM share the
    // test database and run their timers on it, which would close these cases too
    String url = OwnDatabase.postgres("case_close");
    boolean postgres = url != null;
    List<UUID> cases = new ArrayList<>();
    Map<UUID, Api.Principal> openerOf = new java.util.HashMap<>();
    Api.Principal support;
    Instant lastWindowEnd = Instant.MIN;

    ConfigurableApplicationContext first = start(url, "--orderly.timers.enabled=false");
    try {
      Api api = api(first);
      support = api.support();
      Api.Principal seller = api.seller();
      UUID product = api.product(seller, "3.00", CASES);
      for (int i = 0; i < CASES; i++) {
        Api.Principal buyer = api.buyer();
        UUID order = api.placeOrder(buyer, product, 1).id();
        UUID id = api.post("/api/v1/orders/" + order + "/cases", buyer.token(),
            Map.of("topic", "OTHER", "message", "case " + i)).id();
        Api.Response solved = api.post("/api/v1/cases/" + id + "/solve", support.token(), Map.of("note", "solved " + i));
        assertThat(solved.status()).isEqualTo(200);
        Instant until = Instant.parse(solved.text("reopenUntil"));
        lastWindowEnd = until.isAfter(lastWindowEnd) ? until : lastWindowEnd;
        cases.add(id);
        openerOf.put(id, buyer);
      }
      // the windows end while this instance is still up, its timers off
      Instant end = lastWindowEnd;
      await().atMost(REOPEN_WITHIN.plusSeconds(5)).until(() -> Instant.now().isAfter(end));
      assertThat(api.get("/api/v1/cases/" + cases.get(0), support.token()).text("status")).isEqualTo("SOLVED");
    } finally {
      first.close();
    }

    List<ConfigurableApplicationContext> next = new ArrayList<>();
    try {
      next.add(start(url));
      if (postgres) {
        next.add(start(url));
      }
      List<Api> apis = next.stream().map(SolvedCasesCloseOnceTest::api).toList();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        for (int i = 0; i < CASES; i++) {
          assertThat(apis.get(i % apis.size()).get("/api/v1/cases/" + cases.get(i), support.token()).text("status"))
              .as("case %d", i).isEqualTo("CLOSED");
        }
      });
      for (int i = 0; i < CASES; i++) {
        Api api = apis.get((i + 1) % apis.size());
        UUID id = cases.get(i);
        JsonNode c = api.get("/api/v1/cases/" + id, support.token()).body();
        assertThat(PaymentFixture.list(c.path("timeline")).stream().filter(e -> e.path("type").asString()
            .equals("CASE_CLOSED"))).as("CASE_CLOSED of case %d", i).hasSize(1);
        Api.Principal opener = openerOf.get(id);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(api.all("/api/v1/inbox", opener.token())
            .stream().filter(n -> n.path("type").asString().equals("CASE_UPDATED"))
            .filter(n -> n.path("body").asString().contains("closed"))).hasSize(1));
      }
    } finally {
      next.forEach(ConfigurableApplicationContext::close);
    }
  }

  private ConfigurableApplicationContext start(String url, String... extra) {
    List<String> args = new ArrayList<>(List.of(
        "--server.port=0",
        "--orderly.mode=demo", "--orderly.demo.seed=false",
        "--orderly.admin-token=" + ApiTest.ADMIN_TOKEN,
        "--orderly.timers.max-idle=PT0.2S",
        "--orderly.support.reopen-within=" + REOPEN_WITHIN,
        "--orderly.restrictions.max-unpaid-orders=1000",
        "--orderly.data-dir=" + dataDir));
    if (url != null) {
      args.add("--spring.datasource.url=" + url);
      args.add("--spring.datasource.username=" + OwnDatabase.user());
      args.add("--spring.datasource.password=" + OwnDatabase.password());
    }
    args.addAll(List.of(extra));
    return new SpringApplicationBuilder(OrderlyApplication.class).run(args.toArray(String[]::new));
  }

  private static Api api(ConfigurableApplicationContext context) {
    return new Api("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
  }

}
