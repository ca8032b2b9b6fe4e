package dev.orderly.access;

import java.io.Serializable;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The authenticated principal behind a request: the principal of Spring Security's authentication
 * for it ({@link CurrentActor}), and what a controller's {@code Actor} parameter receives. A seller
 * actor is a shop. The configured admin has no id. Serializable: the web console keeps it in the
 * HTTP session.
 */
public record Actor(@Nullable UUID id, String name, Role role, Locale locale) implements Serializable {

  public boolean is(Role r) {
    return role == r;
  }

  /** How the actor appears on timelines and audit trails. */
  public String label() {
    return role.name().toLowerCase(Locale.ROOT) + ":" + (id == null ? name : id);
  }
}
