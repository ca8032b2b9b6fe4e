package dev.orderly.demo;

import dev.orderly.access.Role;
import java.util.List;

/**
 * Demo mode's principals with their well-known tokens, for the web console's one-click sign-in and
 * the sign-in page's table. Empty when demo data is switched off ({@code orderly.demo.seed=false});
 * absent in production mode. Never the admin token, which is only printed to the log.
 */
public record DemoPrincipals(List<Principal> principals) {

  /** One demo principal: its name, role, language and token. */
  public record Principal(String name, Role role, String locale, String token) {}
}
