package dev.orderly.access;

import dev.orderly.access.internal.PrincipalRepository;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Ids;
import dev.orderly.common.OrderlyException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Principals and their tokens. Principals never change once created, so lookups are cached. */
@Service
public class PrincipalService {

  public static final Set<String> LOCALES = Set.of("en", "zh-CN", "id");

  /** Longer bearer tokens are refused unread: Orderly's own are 47 characters. */
  static final int MAX_TOKEN_LENGTH = 200;

  private final PrincipalRepository principals;
  private final Clock clock;
  private final AccessProperties properties;
  private final Map<String, Actor> byTokenHash = new ConcurrentHashMap<>();
  private final Map<UUID, Actor> enrolled = new ConcurrentHashMap<>();

  PrincipalService(PrincipalRepository principals, Clock clock, AccessProperties properties) {
    this.principals = principals;
    this.clock = clock;
    this.properties = properties;
  }

  public record Created(Principal principal, String token) {}

  /** How a principal is reached: its language and, if known, its email address. */
  public record Contact(UUID id, String name, Role role, Locale locale, @Nullable String email) {}

  @Transactional
  public Created create(String name, Role role, String locale) {
    return create(name, role, locale, null);
  }

  @Transactional
  public Created create(String name, Role role, @Nullable String locale, @Nullable String email) {
    return createWithToken(name, role, locale, email, Tokens.newToken());
  }

  /** For demo principals whose well-known tokens are printed at start. */
  @Transactional
  public Created createWithToken(String name, Role role, String locale, String token) {
    return createWithToken(name, role, locale, null, token);
  }

  @Transactional
  public Created createWithToken(String name, Role role, @Nullable String locale, @Nullable String email, String token) {
    if (role == Role.ADMIN) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "the admin is configured, not created");
    }
    String lang = locale == null ? "en" : locale;
    if (!LOCALES.contains(lang)) {
      throw new OrderlyException(ErrorCode.VALIDATION_FAILED, "locale must be one of " + LOCALES);
    }
    Principal principal = new Principal(Ids.next(), name, role, lang, clock.instant());
    principals.insert(principal.id(), name, role, lang, email, Tokens.hash(token), principal.createdAt());
    return new Created(principal, token);
  }

  /** Contacts of many principals in one query (notifications for a batch of orders). */
  public java.util.Map<UUID, Contact> contacts(java.util.Collection<UUID> ids) {
    java.util.Map<UUID, Contact> found = new java.util.HashMap<>();
    if (ids.isEmpty()) {
      return found;
    }
    principals.contacts(List.copyOf(new java.util.LinkedHashSet<>(ids))).forEach(c -> found.put(c.id(), c));
    return found;
  }

  public Optional<Contact> contact(UUID id) {
    return principals.contact(id);
  }

  public boolean exists(String name, Role role) {
    return principals.exists(name, role);
  }

  /** The principal's role, if it exists. */
  public Optional<Role> role(UUID id) {
    return principals.role(id);
  }

  /**
   * The principal's role, locking its row until the caller's transaction ends (empty if there is
   * no such principal): one buyer's placements and a restriction's lift queue up behind it.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<Role> lock(UUID id) {
    return principals.lockRole(id);
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
    Optional<Actor> actor = principals.actorByTokenHash(hash);
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
    Optional<Actor> existing = principals.actor(id);
    if (existing.isEmpty()) {
      try {
        principals.insert(id, name, role, locale, email, Tokens.hash(Tokens.newToken()), clock.instant());
      } catch (DuplicateKeyException raced) {
        // the same principal's first two requests at once: the other one recorded it
      }
      existing = principals.actor(id);
    }
    Actor actor = existing.orElseThrow();
    enrolled.put(id, actor);
    return actor;
  }
}
