package dev.orderly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.common.DemoSecrets;
import dev.orderly.support.Api;
import dev.orderly.support.JarProcess;
import dev.orderly.support.SandboxCallback;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The packaged jar in production mode (issue 11, item 1): it refuses to start with a missing,
 * short or documented secret, naming the setting; the sandbox is off unless enabled with a secret
 * of the operator's own; and the sandbox's buyer actions and pay page never exist in production,
 * so a buyer cannot mark its own order paid and a callback signed with the documented secret
 * changes nothing. Runs on an embedded database of its own (the production database is
 * PostgreSQL, but the rules tested here do not depend on the database).
 */
class ProductionSafetyIT {

  private static final String ADMIN = "it-admin-" + UUID.randomUUID();
  private static final String OPERATOR_SANDBOX_SECRET = "operator-sandbox-" + UUID.randomUUID();

  @TempDir
  Path dir;

  @Test
  void productionRefusesToStartWithAMissingShortOrDocumentedSecretAndNamesTheSetting() throws Exception {
    refused(List.of(), "orderly.admin-token must be set");
    refused(List.of("--orderly.admin-token=change-me"), "orderly.admin-token is a documented default secret");
    refused(List.of("--orderly.admin-token=demo-seller-acme"), "orderly.admin-token is a documented default secret");
    refused(List.of("--orderly.admin-token=too-short"), "orderly.admin-token is shorter than 16 characters");
    refused(List.of("--orderly.admin-token=" + ADMIN, "--orderly.payment.sandbox.enabled=true"),
        "orderly.payment.sandbox.secret must be set");
    refused(List.of("--orderly.admin-token=" + ADMIN, "--orderly.payment.sandbox.enabled=true",
        "--orderly.payment.sandbox.secret=" + DemoSecrets.SANDBOX_SECRET),
        "orderly.payment.sandbox.secret is a documented default secret");
    refused(List.of("--orderly.admin-token=" + ADMIN, "--orderly.webhooks.secret-key=" + DemoSecrets.WEBHOOK_SECRET_KEY),
        "orderly.webhooks.secret-key is the documented demo key");
  }

  @Test
  void aMisspeltModeIsRefusedRatherThanRunAsADemo() throws Exception {
    try (JarProcess jar = JarProcess.start(dir.resolve("mode.log"), List.of("--server.port=0",
        "--orderly.data-dir=" + dir.resolve("data-mode"), "--orderly.mode=prodution", "--orderly.admin-token=" + ADMIN))) {
      assertThat(jar.awaitExit(Duration.ofSeconds(90))).isNotZero();
      assertThat(jar.output()).contains("orderly.mode is 'prodution'").contains("Set orderly.mode to demo or production");
    }
  }

  @Test
  void withTheSandboxOffABuyerCannotPayAtItAndAForgedCallbackChangesNothing() throws Exception {
    try (JarProcess jar = start("off", List.of())) {
      Api api = new Api("http://127.0.0.1:" + jar.awaitPort(Duration.ofSeconds(90)));
      Unpaid o = unpaidOrder(api);

      JsonNode options = api.get("/api/v1/orders/" + o.order() + "/payment-options", o.buyer().token()).body();
      assertThat(options.path("payable").asBoolean()).isTrue();
      assertThat(options.path("methods")).allSatisfy(m -> {
        assertThat(m.path("status").asString()).isEqualTo("UNAVAILABLE");
        assertThat(m.path("refusal").asString()).isEqualTo("PAYMENT_METHOD_NOT_AVAILABLE");
      });
      Api.Response pay = api.post("/api/v1/orders/" + o.order() + "/payments", o.buyer().token(), Map.of("method", "CARD"));
      assertThat(pay.status()).isEqualTo(422);
      assertThat(pay.code()).isEqualTo("PAYMENT_METHOD_NOT_AVAILABLE");

      // the attack: the buyer "pays" at the sandbox without a key, or forges its callback
      assertThat(api.post("/sandbox/v1/payments/sbx_anything/succeed", null, null).status()).isEqualTo(404);
      assertThat(api.get("/sandbox/v1/payments/sbx_anything/page", null).status()).isEqualTo(404);
      Api.Response forged = SandboxCallback.send(api, SandboxCallback.succeeded("sbx_anything"),
          DemoSecrets.SANDBOX_SECRET, Instant.now().getEpochSecond());
      assertThat(forged.status()).isEqualTo(404);
      assertThat(forged.code()).isEqualTo("NOT_FOUND");
      assertThat(api.order(o.order(), o.buyer()).path("status").asString()).isEqualTo("AWAITING_PAYMENT");
      assertCleanShutdown(jar);
    }
  }

  @Test
  void withItsOwnSecretTheSandboxRunsInProductionButNeverItsBuyerActions() throws Exception {
    try (JarProcess jar = start("on", List.of("--orderly.payment.sandbox.enabled=true",
        "--orderly.payment.sandbox.secret=" + OPERATOR_SANDBOX_SECRET))) {
      Api api = new Api("http://127.0.0.1:" + jar.awaitPort(Duration.ofSeconds(90)));
      Unpaid o = unpaidOrder(api);
      Api.Response attempt = api.post("/api/v1/orders/" + o.order() + "/payments", o.buyer().token(),
          Map.of("method", "CARD"));
      assertThat(attempt.status()).as(attempt.raw().body()).isEqualTo(201);
      String ref = attempt.text("providerReference");

      // no buyer action and no pay page in production, whoever asks
      assertThat(api.post("/sandbox/v1/payments/" + ref + "/succeed", null, null).status()).isEqualTo(404);
      assertThat(api.get("/sandbox/v1/payments/" + ref + "/page", null).status()).isEqualTo(404);
      // the documented secret is worth nothing: neither as merchant key nor to sign a callback
      assertThat(api.send("GET", "/sandbox/v1/payments/" + ref, null, null,
          Map.of("X-Sandbox-Key", DemoSecrets.SANDBOX_SECRET)).code()).isEqualTo("INVALID_MERCHANT_KEY");
      long now = Instant.now().getEpochSecond();
      Api.Response forged = SandboxCallback.send(api, SandboxCallback.succeeded(ref), DemoSecrets.SANDBOX_SECRET, now);
      assertThat(forged.status()).isEqualTo(401);
      assertThat(forged.code()).isEqualTo("CALLBACK_SIGNATURE_INVALID");
      assertThat(api.order(o.order(), o.buyer()).path("status").asString()).isEqualTo("AWAITING_PAYMENT");
      // the operator's own secret is: the provider's word, signed with it, is applied
      Api.Response genuine = SandboxCallback.send(api, SandboxCallback.succeeded(ref), OPERATOR_SANDBOX_SECRET, now);
      assertThat(genuine.status()).isEqualTo(200);
      assertThat(api.order(o.order(), o.buyer()).path("status").asString()).isEqualTo("PAID");
      assertCleanShutdown(jar);
    }
  }

  // ---------------------------------------------------------------------------------------------

  record Unpaid(Api.Principal buyer, UUID order) {}

  private static Unpaid unpaidOrder(Api api) {
    Api.Principal seller = principal(api, "SELLER");
    Api.Principal buyer = principal(api, "BUYER");
    Api.Response product = api.post("/api/v1/products", seller.token(), Map.of("sku", "IT-1", "title", "A thing",
        "price", Map.of("amount", "10.00", "currency", "USD"), "stock", 5, "digital", false));
    assertThat(product.status()).as(product.raw().body()).isEqualTo(201);
    Api.Response order = api.placeOrder(buyer, product.id(), 1);
    assertThat(order.status()).as(order.raw().body()).isEqualTo(201);
    return new Unpaid(buyer, order.id());
  }

  private static Api.Principal principal(Api api, String role) {
    String name = role.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
    Api.Response r = api.post("/api/v1/admin/principals", ADMIN, Map.of("name", name, "role", role, "locale", "en"));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    return new Api.Principal(r.id(), name, r.text("token"));
  }

  private JarProcess start(String name, List<String> extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
        "--orderly.mode=production", "--orderly.admin-token=" + ADMIN, "--orderly.data-dir=" + dir.resolve("data-" + name)));
    args.addAll(extra);
    return JarProcess.start(dir.resolve(name + ".log"), args);
  }

  /** A refused start: the process ends by itself, with Spring Boot's report naming the setting. */
  private void refused(List<String> extra, String because) throws Exception {
    List<String> args = new ArrayList<>(List.of("--server.port=0", "--orderly.mode=production",
        "--orderly.data-dir=" + dir.resolve("data-refused")));
    args.addAll(extra);
    try (JarProcess jar = JarProcess.start(dir.resolve("refused.log"), args)) {
      assertThat(jar.awaitExit(Duration.ofSeconds(90))).as(because).isNotZero();
      assertThat(jar.output()).as(because).contains("APPLICATION FAILED TO START")
          .contains("Orderly refuses to start: " + because).doesNotContain("Tomcat started on port");
    }
  }

  /** SIGTERM: the jar stops by itself, and nothing after the shutdown began is a warning or an error. */
  static void assertCleanShutdown(JarProcess jar) throws InterruptedException {
    jar.stop();
    String output = jar.output();
    int from = output.indexOf("Commencing graceful shutdown");
    assertThat(from).as("the shutdown was logged").isNotNegative();
    assertThat(output.substring(from).lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList())
        .as("warnings or errors during a clean shutdown").isEmpty();
  }
}
