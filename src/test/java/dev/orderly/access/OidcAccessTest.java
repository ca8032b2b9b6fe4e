package dev.orderly.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.OwnDatabase;
import dev.orderly.support.TestIdentityProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code orderly.access.mode=oidc} against a real (if small) OpenID Connect provider: an RSA key
 * made here, its JWK set served over HTTP by a server in this test, tokens signed with it. Each of
 * the provider's roles works through the real API (and is the same principal token after token);
 * a wrong signature, an expired token, another issuer or no principal are 401 as any bad token; a
 * token naming no Orderly role is 403; the admin token and the admin's principals still work.
 */
@TestPropertySource(properties = {
    "orderly.access.mode=oidc",
    "orderly.timers.enabled=false",
    "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + OidcAccessTest.ISSUER})
// a context of its own: closed after the class, so its connections do not stay open while other tests run
@DirtiesContext
class OidcAccessTest extends ApiTest {

  static final String ISSUER = "https://id.shop.test";

  private static final TestIdentityProvider PROVIDER = TestIdentityProvider.start(ISSUER);
  private static final RSAKey KEY = PROVIDER.key();
  private static final RSAKey IMPOSTOR = TestIdentityProvider.rsaKey("shop-key-1"); // same key id, another key

  @DynamicPropertySource
  static void keys(DynamicPropertyRegistry registry) {
    // a database of its own, timers off: this second kind of instance stays cached while other tests run
    OwnDatabase.register(registry, "oidc");
    registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
        () -> PROVIDER.url("/jwks"));
  }

  @Autowired
  private JdbcClient jdbc;

  @Test
  void eachRoleOfTheProviderWorksAndIsOnePrincipalTokenAfterToken() {
    String sellerSub = UUID.randomUUID().toString(); // the platform's ids may be UUIDs...
    String buyerSub = "user|" + UUID.randomUUID();   // ...or anything else
    String seller = token(Map.of("sub", sellerSub, "orderly_role", "SELLER", "name", "Toko Sinar"));
    Api.Response product = api.post("/api/v1/products", seller, Map.of("sku", "OIDC-1", "title", "A lamp",
        "price", Map.of("amount", "12.00", "currency", "USD"), "stock", 3));
    assertThat(product.status()).as(product.raw().body()).isEqualTo(201);

    String buyer = token(Map.of("sub", buyerSub, "orderly_role", List.of("offline_access", "buyer"),
        "name", "Li Wei", "locale", "zh-Hans-CN", "email", "li@shop.test"));
    Api.Response order = api.post("/api/v1/orders", buyer,
        Map.of("items", List.of(Map.of("productId", product.id().toString(), "quantity", 1))));
    assertThat(order.status()).as(order.raw().body()).isEqualTo(201);
    // a fresh token of the same person is the same principal: the order is theirs
    String again = token(Map.of("sub", buyerSub, "orderly_role", "BUYER"));
    assertThat(api.get("/api/v1/orders/" + order.id(), again).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/orders", again).body().size()).isEqualTo(1);

    String support = token(Map.of("sub", "agent-" + UUID.randomUUID(), "orderly_role", "support"));
    assertThat(api.get("/api/v1/support/queue", support).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/orders/" + order.id(), support).status()).isEqualTo(200);

    // roles still decide what each may do, and another's order is still not found
    Api.Response buyerAsSeller = api.post("/api/v1/orders/" + order.id() + "/process", buyer, null);
    assertThat(buyerAsSeller.status()).isEqualTo(403);
    assertThat(buyerAsSeller.code()).isEqualTo("FORBIDDEN");
    String otherBuyer = token(Map.of("sub", "user|" + UUID.randomUUID(), "orderly_role", "BUYER"));
    assertThat(api.get("/api/v1/orders/" + order.id(), otherBuyer).code()).isEqualTo("ORDER_NOT_FOUND");

    // recorded on first sight, with what the token said about the person
    Map<String, Object> row = jdbc.sql("SELECT id, name, role, locale, email FROM principals WHERE id = ?")
        .param(JwtActors.id(ISSUER, buyerSub)).query().singleRow();
    assertThat(row).containsEntry("name", "Li Wei").containsEntry("role", "BUYER").containsEntry("locale", "zh-CN")
        .containsEntry("email", "li@shop.test");
    assertThat(jdbc.sql("SELECT role FROM principals WHERE id = ?").param(UUID.fromString(sellerSub))
        .query(String.class).single()).isEqualTo("SELLER");
    assertThat(PROVIDER.keySetRequests()).as("the keys came from the provider's JWK set").isPositive();
  }

  @Test
  void aNewPrincipalsFirstRequestsAtOnceRecordItOnce() throws Exception {
    String sub = "user|" + UUID.randomUUID();
    List<String> tokens = IntStream.range(0, 8)
        .mapToObj(i -> token(Map.of("sub", sub, "orderly_role", "BUYER"))).toList();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(tokens.size());
    try {
      List<Future<Integer>> answers = tokens.stream().map(t -> pool.submit(() -> {
        start.await();
        return api.get("/api/v1/orders", t).status();
      })).toList();
      start.countDown();
      for (Future<Integer> answer : answers) {
        assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(jdbc.sql("SELECT COUNT(*) FROM principals WHERE id = ?").param(JwtActors.id(ISSUER, sub))
        .query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void aBadSignatureAnExpiredTokenAnotherIssuerOrNoPrincipalIs401() {
    Map<String, Object> buyer = Map.of("sub", "user|" + UUID.randomUUID(), "orderly_role", "BUYER");
    assertThat(api.get("/api/v1/orders", token(buyer)).status()).as("the good token").isEqualTo(200);

    assertUnauthenticated(TestIdentityProvider.sign(IMPOSTOR, TestIdentityProvider.claims(buyer, ISSUER, Instant.now().plus(Duration.ofMinutes(5)))),
        "signed with another key");
    assertUnauthenticated(TestIdentityProvider.sign(KEY, TestIdentityProvider.claims(buyer, ISSUER, Instant.now().minus(Duration.ofMinutes(5)))), "expired");
    assertUnauthenticated(TestIdentityProvider.sign(KEY, TestIdentityProvider.claims(buyer, "https://id.elsewhere.test",
        Instant.now().plus(Duration.ofMinutes(5)))), "another issuer");
    assertUnauthenticated(token(Map.of("orderly_role", "BUYER")), "no principal claim");
    assertUnauthenticated("eyJhbGciOiJub25lIn0." + token(buyer).split("\\.")[1] + ".", "unsigned (alg none)");
    assertUnauthenticated("not.a.jwt", "not a JWT at all");
  }

  @Test
  void aTokenNamingNoOrderlyRoleIs403OnEveryOperation() {
    for (Object role : List.of("wizard", "ADMIN", List.of("buyer", "seller"), List.of())) {
      String token = token(Map.of("sub", "user|" + UUID.randomUUID(), "orderly_role", role));
      for (String path : List.of("/api/v1/orders", "/api/v1/sellers/me/policy")) {
        Api.Response r = api.get(path, token);
        assertThat(r.status()).as(role + " " + path).isEqualTo(403);
        assertThat(r.code()).isEqualTo("FORBIDDEN");
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
      }
    }
    Api.Response missing = api.get("/api/v1/orders", token(Map.of("sub", "user|" + UUID.randomUUID())));
    assertThat(missing.status()).isEqualTo(403);
    assertThat(missing.text("reason")).contains("orderly_role");

    // a principal keeps the role it was first seen with
    String sub = "user|" + UUID.randomUUID();
    assertThat(api.get("/api/v1/orders", token(Map.of("sub", sub, "orderly_role", "BUYER"))).status()).isEqualTo(200);
    Api.Response promoted = api.get("/api/v1/sellers/me/policy", token(Map.of("sub", sub, "orderly_role", "SELLER")));
    assertThat(promoted.status()).isEqualTo(403);
    assertThat(promoted.text("reason")).contains("is a BUYER in Orderly");
  }

  @Test
  void theAdminTokenAndThePrincipalsItCreatesStillWork() {
    Api.Response created = api.post("/api/v1/admin/principals", ADMIN_TOKEN, Map.of("name", "integration",
        "role", "SELLER"));
    assertThat(created.status()).isEqualTo(201);
    assertThat(api.get("/api/v1/sellers/me/policy", created.text("token")).status()).isEqualTo(200);
    // the provider cannot make an admin
    String claimsAdmin = token(Map.of("sub", "root", "orderly_role", "ADMIN"));
    assertThat(api.post("/api/v1/admin/principals", claimsAdmin, Map.of("name", "x", "role", "BUYER")).status())
        .isEqualTo(403);
  }

  // ---------------------------------------------------------------------------------------------

  private void assertUnauthenticated(String token, String what) {
    Api.Response r = api.get("/api/v1/orders", token);
    assertThat(r.status()).as(what).isEqualTo(401);
    assertThat(r.code()).as(what).isEqualTo("UNAUTHENTICATED");
    assertThat(r.header("WWW-Authenticate")).as(what).isEqualTo("Bearer realm=\"orderly\", error=\"invalid_token\"");
  }

  private static String token(Map<String, Object> claims) {
    return PROVIDER.token(claims);
  }
}
