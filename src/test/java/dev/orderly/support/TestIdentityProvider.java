package dev.orderly.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small OpenID Connect provider for tests, over real HTTP with real RS256 signatures: its JWK set
 * ({@code /jwks}), and the authorization code flow for one confidential client ({@code /authorize}
 * answers at once as if the person had signed in, redirecting back with a code; {@code /token}
 * checks the client's secret (HTTP Basic) and the code, and returns an ID token carrying the
 * authorization request's nonce and the claims of {@link #signInAs}).
 */
public final class TestIdentityProvider implements AutoCloseable {

  public static final String CLIENT_ID = "orderly-console";
  public static final String CLIENT_SECRET = "test-client-secret";

  private final String issuer;
  private final RSAKey key;
  private final HttpServer server;
  private final AtomicInteger keySetRequests = new AtomicInteger();
  private final AtomicReference<Map<String, Object>> person = new AtomicReference<>(Map.of());
  private final Map<String, Map<String, Object>> codes = new ConcurrentHashMap<>();

  private TestIdentityProvider(String issuer, RSAKey key, HttpServer server) {
    this.issuer = issuer;
    this.key = key;
    this.server = server;
  }

  public static TestIdentityProvider start(String issuer) {
    try {
      RSAKey key = rsaKey("shop-key-1");
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      TestIdentityProvider idp = new TestIdentityProvider(issuer, key, server);
      byte[] keys = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
      server.createContext("/jwks", exchange -> {
        idp.keySetRequests.incrementAndGet();
        idp.answer(exchange, 200, "application/jwk-set+json", keys);
      });
      server.createContext("/authorize", idp::authorize);
      server.createContext("/token", idp::token);
      server.start();
      return idp;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** The provider's signing key (a test signs its own expired or foreign tokens with it). */
  public RSAKey key() {
    return key;
  }

  public int keySetRequests() {
    return keySetRequests.get();
  }

  /** Who signs in at the next {@code /authorize}: the ID token's own claims ({@code sub}, {@code orderly_role}...). */
  public void signInAs(Map<String, Object> claims) {
    person.set(Map.copyOf(claims));
  }

  /** A token signed with the provider's key, valid for five minutes. */
  public String token(Map<String, Object> claims) {
    return sign(key, claims(claims, issuer, Instant.now().plus(Duration.ofMinutes(5))));
  }

  private void authorize(HttpExchange exchange) throws IOException {
    Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
    if (!CLIENT_ID.equals(q.get("client_id")) || !"code".equals(q.get("response_type"))) {
      answer(exchange, 400, "text/plain", "unknown client or response type".getBytes(StandardCharsets.UTF_8));
      return;
    }
    String code = UUID.randomUUID().toString();
    Map<String, Object> claims = new LinkedHashMap<>(person.get());
    claims.put("aud", CLIENT_ID);
    if (q.get("nonce") != null) {
      claims.put("nonce", q.get("nonce"));
    }
    codes.put(code, claims);
    exchange.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=" + code + "&state="
        + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
    exchange.sendResponseHeaders(302, -1);
    exchange.close();
  }

  private void token(HttpExchange exchange) throws IOException {
    String basic = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
        .getBytes(StandardCharsets.UTF_8));
    Map<String, String> form = query(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    Map<String, Object> claims = codes.remove(form.getOrDefault("code", ""));
    if (!basic.equals(exchange.getRequestHeaders().getFirst("Authorization")) || claims == null
        || !"authorization_code".equals(form.get("grant_type"))) {
      answer(exchange, 400, "application/json", "{\"error\":\"invalid_grant\"}".getBytes(StandardCharsets.UTF_8));
      return;
    }
    String idToken = token(claims);
    String body = "{\"access_token\":\"" + UUID.randomUUID() + "\",\"token_type\":\"Bearer\",\"expires_in\":300,"
        + "\"scope\":\"openid\",\"id_token\":\"" + idToken + "\"}";
    answer(exchange, 200, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  private void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  public static JWTClaimsSet claims(Map<String, Object> claims, String issuer, Instant expires) {
    JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer(issuer).issueTime(Date.from(expires.minusSeconds(600)))
        .expirationTime(Date.from(expires)).jwtID(UUID.randomUUID().toString());
    claims.forEach(b::claim);
    return b.build();
  }

  public static String sign(RSAKey key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public static RSAKey rsaKey(String id) {
    try {
      return new RSAKeyGenerator(2048).keyID(id).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
