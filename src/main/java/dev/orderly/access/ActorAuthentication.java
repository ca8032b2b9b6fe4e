package dev.orderly.access;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated caller in Spring Security's terms. With an {@link Actor}, its one authority is
 * {@code ROLE_<role>} and the principal is the actor. Without one (a JWT whose role claim names no
 * Orderly role, in {@code oidc} mode) it has no authority, so every {@code /api/v1} call is refused
 * with {@code 403 FORBIDDEN}, and {@link #refusal()} says why.
 */
final class ActorAuthentication extends AbstractAuthenticationToken {

  /** The authority a role is checked as: {@code ROLE_BUYER}, {@code ROLE_SELLER}... */
  static String authority(Role role) {
    return "ROLE_" + role.name();
  }

  private final Actor actor;
  private final String subject;
  private final String refusal;

  private ActorAuthentication(Actor actor, String subject, String refusal) {
    super(actor == null ? List.of() : List.of(new SimpleGrantedAuthority(authority(actor.role()))));
    this.actor = actor;
    this.subject = subject;
    this.refusal = refusal;
    setAuthenticated(true);
  }

  static ActorAuthentication of(Actor actor) {
    return new ActorAuthentication(actor, actor.label(), null);
  }

  /** Authenticated, but with no role Orderly knows: {@code why} becomes the 403's reason. */
  static ActorAuthentication withoutRole(String subject, String why) {
    return new ActorAuthentication(null, subject, why);
  }

  /** The actor, or null for an authentication without an Orderly role. */
  Actor actor() {
    return actor;
  }

  String refusal() {
    return refusal;
  }

  @Override
  public Object getPrincipal() {
    return actor != null ? actor : subject;
  }

  @Override
  public Object getCredentials() {
    return null; // the token is never kept past authentication
  }

  @Override
  public String getName() {
    return subject;
  }
}
