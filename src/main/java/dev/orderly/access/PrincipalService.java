package dev.orderly.access;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.Jdbc;
import dev.orderly.common.OrderlyException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Principals and their tokens. Principals never change once created, so lookups are cached. */
@Service
public class PrincipalService {

  public static final Set<String> LOCALES = Set.of("en", "zh-CN", "id");

  /** Longer bearer tokens are refused unread: Orderly's own are 47 characters. */
  static final int MAX_TOKEN_LENGTH = 200;

  private final JdbcClient jdbc;
  private final Clock clock;
  private final AccessProperties properties;
  private final Map<String, Actor> byTokenHash = new ConcurrentHashMap<>();
  private final Map<UUID, Actor> enrolled = new ConcurrentHashMap<>();

  PrincipalService(JdbcClient jdbc, Clock clock, AccessProperties properties) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.properties = properties;
  }

  public record Created(Principal principal, String token) {}

  /** How a principal is reached: its language and, if known, its email address. */
  public record Contact(UUID id, String name, Role role, Locale locale, String email) {}

  @Transactional
  public Created create(String name, Role role, String locale) {
    return create(name, role, locale, null);
  }

  @Transactional
  public Created create(String name, Role role, String locale, String email) {
    return createWithToken(name, role, locale, email, Tokens.newToken());
  }

  /** For demo principals whose well-known tokens are printed at start. */
  @Transactional
  public Created createWithToken(String name, Role role, String locale, String token) {
    return createWithToken(name, role, locale, null, token);
  }

  @Transactional
  public Created createWithToken(String name, Role role, String locale, String email, String token) {
    if (role == Role.ADMIN) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "the admin is configured, not created");
    }
    String lang = locale == null ? "en" : locale;
    if (!LOCALES.contains(lang)) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "locale must be one of " + LOCALES);
    }
    Principal principal = new Principal(UUID.randomUUID(), name, role, lang, clock.instant());
    jdbc.sql("INSERT INTO principals (id, name, role, locale, email, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .params(principal.id(), name, role.name(), lang, email, Tokens.hash(token), Jdbc.ts(principal.createdAt()))
        .update();
    return new Created(principal, token);
  }

  /** Contacts of many principals in one query (notifications for a batch of orders). */
  public java.util.Map<UUID, Contact> contacts(java.util.Collection<UUID> ids) {
    java.util.Map<UUID, Contact> found = new java.util.HashMap<>();
    if (ids.isEmpty()) {
      return found;
    }
    List<UUID> distinct = List.copyOf(new java.util.LinkedHashSet<>(ids));
    jdbc.sql("SELECT id, name, role, locale, email FROM principals WHERE id IN (" + Jdbc.placeholders(distinct) + ")")
        .params(List.copyOf(distinct))
        .query((rs, n) -> new Contact(rs.getObject("id", UUID.class), rs.getString("name"),
            Role.valueOf(rs.getString("role")), Locale.forLanguageTag(rs.getString("locale")), rs.getString("email")))
        .list().forEach(c -> found.put(c.id(), c));
    return found;
  }

  public Optional<Contact> contact(UUID id) {
    return jdbc.sql("SELECT id, name, role, locale, email FROM principals WHERE id = ?").param(id)
        .query((rs, n) -> new Contact(rs.getObject("id", UUID.class), rs.getString("name"),
            Role.valueOf(rs.getString("role")), Locale.forLanguageTag(rs.getString("locale")), rs.getString("email")))
        .optional();
  }

  public boolean exists(String name, Role role) {
    return jdbc.sql("SELECT COUNT(*) FROM principals WHERE name = ? AND role = ?")
        .params(name, role.name()).query(Long.class).single() > 0;
  }

  /** The admin token generated for this run, to print with the demo tokens (demo mode, none configured). */
  public Optional<String> generatedAdminToken() {
    return properties.generatedAdminToken();
  }

  /** The actor a bearer token stands for, if any: the admin's token, or a principal's. */
  public Optional<Actor> authenticate(String token) {
    Optional<Actor> admin = authenticateAdmin(token);
    if (admin.isPresent() || token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
      return admin;
    }
    String hash = Tokens.hash(token);
    Actor cached = byTokenHash.get(hash);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Actor> actor = jdbc.sql("SELECT id, name, role, locale FROM principals WHERE token_hash = ?")
        .param(hash)
        .query((rs, n) -> new Actor(rs.getObject("id", UUID.class), rs.getString("name"),
            Role.valueOf(rs.getString("role")), Locale.forLanguageTag(rs.getString("locale"))))
        .optional();
    actor.ifPresent(a -> byTokenHash.put(hash, a));
    return actor;
  }

  /** The admin, if {@code token} is the configured admin token (no database look-up). */
  Optional<Actor> authenticateAdmin(String token) {
    if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH
        || !Tokens.sameHash(Tokens.hash(token), properties.adminTokenHash())) {
      return Optional.empty();
    }
    return Optional.of(new Actor(null, "admin", Role.ADMIN, Locale.ENGLISH));
  }

  /**
   * The principal an identity provider vouches for ({@code orderly.access.mode=oidc}), recorded on
   * first sight so that products, orders, restrictions and notifications can refer to it (name,
   * locale and email from the token). Principals never change: a principal already known keeps the
   * role, name and locale it has, and the caller compares the role. It has no token of its own (its
   * stored hash is of a random token nobody holds).
   */
  Actor enrol(UUID id, String name, Role role, String locale, String email) {
    if (role == Role.ADMIN || !LOCALES.contains(locale)) {
      throw new IllegalArgumentException("the admin is configured, not enrolled; locales are " + LOCALES);
    }
    Actor known = enrolled.get(id);
    if (known != null) {
      return known;
    }
    Optional<Actor> existing = actor(id);
    if (existing.isEmpty()) {
      try {
        jdbc.sql("INSERT INTO principals (id, name, role, locale, email, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .params(id, name, role.name(), locale, email, Tokens.hash(Tokens.newToken()), Jdbc.ts(clock.instant()))
            .update();
      } catch (DuplicateKeyException raced) {
        // the same principal's first two requests at once: the other one recorded it
      }
      existing = actor(id);
    }
    Actor actor = existing.orElseThrow();
    enrolled.put(id, actor);
    return actor;
  }

  private Optional<Actor> actor(UUID id) {
    return jdbc.sql("SELECT id, name, role, locale FROM principals WHERE id = ?").param(id)
        .query((rs, n) -> new Actor(rs.getObject("id", UUID.class), rs.getString("name"),
            Role.valueOf(rs.getString("role")), Locale.forLanguageTag(rs.getString("locale"))))
        .optional();
  }
}
