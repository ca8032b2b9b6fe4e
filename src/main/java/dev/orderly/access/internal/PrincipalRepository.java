package dev.orderly.access.internal;

import dev.orderly.access.Actor;
import dev.orderly.access.PrincipalService.Contact;
import dev.orderly.access.Role;
import dev.orderly.common.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code principals} table: buyers, sellers (shops) and support agents, each with the SHA-256
 * hash of its bearer token (never the token). Rows are never changed once written.
 */
@Repository
public class PrincipalRepository {
  private final JdbcClient jdbc;

  PrincipalRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Writes a new principal; a second row with the same id throws Spring's
   * {@link org.springframework.dao.DuplicateKeyException}.
   */
  public void insert(UUID id, String name, Role role, String locale, @Nullable String email, String tokenHash,
      Instant createdAt) {
    jdbc.sql("INSERT INTO principals (id, name, role, locale, email, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .params(id, name, role.name(), locale, email, tokenHash, Jdbc.ts(createdAt))
        .update();
  }

  /** The contacts of the principals with these ids that exist, in one query. */
  public List<Contact> contacts(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("SELECT id, name, role, locale, email FROM principals WHERE id IN (" + Jdbc.placeholders(ids) + ")")
        .params(List.<Object>copyOf(ids))
        .query(PrincipalRepository::contact).list();
  }

  public Optional<Contact> contact(UUID id) {
    return jdbc.sql("SELECT id, name, role, locale, email FROM principals WHERE id = ?").param(id)
        .query(PrincipalRepository::contact).optional();
  }

  public boolean exists(String name, Role role) {
    return jdbc.sql("SELECT COUNT(*) FROM principals WHERE name = ? AND role = ?")
        .params(name, role.name()).query(Long.class).single() > 0;
  }

  /** The principal whose token hashes to {@code tokenHash}, as an actor. */
  public Optional<Actor> actorByTokenHash(String tokenHash) {
    return jdbc.sql("SELECT id, name, role, locale FROM principals WHERE token_hash = ?").param(tokenHash)
        .query(PrincipalRepository::actor).optional();
  }

  public Optional<Actor> actor(UUID id) {
    return jdbc.sql("SELECT id, name, role, locale FROM principals WHERE id = ?").param(id)
        .query(PrincipalRepository::actor).optional();
  }

  private static Contact contact(ResultSet rs, int n) throws SQLException {
    return new Contact(rs.getObject("id", UUID.class), rs.getString("name"), Role.valueOf(rs.getString("role")),
        Locale.forLanguageTag(rs.getString("locale")), rs.getString("email"));
  }

  private static Actor actor(ResultSet rs, int n) throws SQLException {
    return new Actor(rs.getObject("id", UUID.class), rs.getString("name"), Role.valueOf(rs.getString("role")),
        Locale.forLanguageTag(rs.getString("locale")));
  }

  /** The principal's role, locking its row until the transaction ends (empty if there is none). */
  public Optional<Role> lockRole(UUID id) {
    return jdbc.sql("SELECT role FROM principals WHERE id = ? FOR UPDATE").param(id)
        .query((rs, n) -> Role.valueOf(rs.getString(1))).optional();
  }

  public Optional<Role> role(UUID id) {
    return jdbc.sql("SELECT role FROM principals WHERE id = ?").param(id)
        .query((rs, n) -> Role.valueOf(rs.getString(1))).optional();
  }
}
