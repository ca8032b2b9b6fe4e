package dev.orderly.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.OwnDatabase;
import dev.orderly.support.TestIdentityProvider;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The web console's sign-in through the shop platform's OpenID Connect provider (oidc mode with a
 * client registration): the authorization code flow over real HTTP, redirect by redirect, against a
 * provider made in the test (its ID tokens signed RS256 with a key it made, the nonce of the request
 * inside). The person signed in is the same actor their JWT is on the API; an ID token naming no
 * Orderly role signs nobody in.
 */
@TestPropertySource(properties = {
    "orderly.access.mode=oidc",
    "orderly.timers.enabled=false",
    "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + OidcConsoleSignInTest.ISSUER,
    "spring.security.oauth2.client.registration.shop.client-id=" + TestIdentityProvider.CLIENT_ID,
    "spring.security.oauth2.client.registration.shop.client-secret=" + TestIdentityProvider.CLIENT_SECRET,
    "spring.security.oauth2.client.registration.shop.client-name=Shop account",
    "spring.security.oauth2.client.registration.shop.authorization-grant-type=authorization_code",
    "spring.security.oauth2.client.registration.shop.scope=openid",
    "spring.security.oauth2.client.registration.shop.redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
    "spring.security.oauth2.client.provider.shop.user-name-attribute=sub"})
// a context of its own: closed after the class, so its connections do not stay open while other tests run
@DirtiesContext
class OidcConsoleSignInTest extends ApiTest {

  static final String ISSUER = "https://id.shop.test";
  private static final TestIdentityProvider PROVIDER = TestIdentityProvider.start(ISSUER);

  @DynamicPropertySource
  static void provider(DynamicPropertyRegistry registry) {
    OwnDatabase.register(registry, "oidcconsole");
    registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> PROVIDER.url("/jwks"));
    registry.add("spring.security.oauth2.client.provider.shop.authorization-uri", () -> PROVIDER.url("/authorize"));
    registry.add("spring.security.oauth2.client.provider.shop.token-uri", () -> PROVIDER.url("/token"));
    registry.add("spring.security.oauth2.client.provider.shop.jwk-set-uri", () -> PROVIDER.url("/jwks"));
  }

  @Test
  void aPersonSignsInThroughTheProviderAndIsTheActorTheirTokenIsOnTheApi() throws Exception {
    String sub = "user|" + UUID.randomUUID();
    PROVIDER.signInAs(Map.of("sub", sub, "orderly_role", "BUYER", "name", "Dewi", "locale", "id"));
    Browser browser = new Browser();
    HttpResponse<String> page = browser.get(url("/sign-in"));
    assertThat(page.body()).contains("href=\"/oauth2/authorization/shop\"", "Sign in with Shop account");

    String landed = browser.signInThroughProvider();
    assertThat(landed).isEqualTo(url("/console"));
    HttpResponse<String> orders = browser.follow(landed);
    assertThat(orders.statusCode()).isEqualTo(200);
    assertThat(orders.uri().getPath()).isEqualTo("/console/orders");
    assertThat(orders.body()).contains("lang=\"id\"", "Dewi");

    // the same person through the API, with a token of the provider's: the console lists that order
    UUID seller = UUID.randomUUID();
    String sellerToken = PROVIDER.token(Map.of("sub", seller.toString(), "orderly_role", "SELLER"));
    UUID product = api.product(new Api.Principal(seller, "seller", sellerToken), "5.00", 3);
    UUID order = api.placeOrder(new Api.Principal(null, "dewi", PROVIDER.token(Map.of("sub", sub, "orderly_role",
        "BUYER"))), product, 1).id();
    assertThat(browser.get(url("/console/orders")).body()).contains("/console/orders/" + order);
  }

  @Test
  void anIdTokenNamingNoOrderlyRoleSignsNobodyIn() throws Exception {
    PROVIDER.signInAs(Map.of("sub", "user|" + UUID.randomUUID(), "name", "Nobody"));
    Browser browser = new Browser();
    String landed = browser.signInThroughProvider();
    assertThat(landed).isEqualTo(url("/sign-in?error=role"));
    assertThat(browser.get(landed).body()).contains("id=\"sign-in-failed\"", "no role in Orderly");
    HttpResponse<String> console = browser.get(url("/console/orders"));
    assertThat(console.statusCode()).as("still signed out").isEqualTo(302);
    assertThat(console.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/sign-in"));
  }

  private String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** A browser's cookies and redirects, one at a time so that each step can be looked at. */
  private final class Browser {
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> get(String url) throws Exception {
      return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Follows redirects to the first page that is not one. */
    HttpResponse<String> follow(String url) throws Exception {
      HttpResponse<String> r = get(url);
      for (int i = 0; i < 5 && r.statusCode() == 302; i++) {
        r = get(r.uri().resolve(r.headers().firstValue("Location").orElseThrow()).toString());
      }
      return r;
    }

    /** Orderly → the provider (which signs the person in at once) → Orderly's callback: where Orderly sends them then. */
    String signInThroughProvider() throws Exception {
      HttpResponse<String> start = get(url("/oauth2/authorization/shop"));
      assertThat(start.statusCode()).isEqualTo(302);
      String authorize = start.headers().firstValue("Location").orElseThrow();
      assertThat(authorize).startsWith(PROVIDER.url("/authorize")).contains("nonce=", "state=");
      HttpResponse<String> provider = get(authorize);
      assertThat(provider.statusCode()).isEqualTo(302);
      HttpResponse<String> callback = get(provider.headers().firstValue("Location").orElseThrow());
      assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
      return URI.create(url("/")).resolve(callback.headers().firstValue("Location").orElseThrow()).toString();
    }
  }
}
