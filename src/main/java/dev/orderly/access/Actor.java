package dev.orderly.access;

import java.util.Locale;
import java.util.UUID;

/** The authenticated principal behind a request. A seller actor is a shop. */
public record Actor(UUID id, String name, Role role, Locale locale) {

  public boolean is(Role r) {
    return role == r;
  }

  /** How the actor appears on timelines and audit trails. */
  public String label() {
    return role.name().toLowerCase(Locale.ROOT) + ":" + (id == null ? name : id);
  }
}
