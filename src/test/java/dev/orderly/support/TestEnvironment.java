package dev.orderly.support;

import dev.orderly.access.Actor;
import dev.orderly.access.Principal;
import dev.orderly.access.PrincipalService;
import dev.orderly.access.Role;
import java.util.Locale;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What every test application gets: the test database ({@link ApiTest.TestDatabase}) and the test
 * SMTP server ({@link TestMail}); and, for tests that call services directly, a fresh principal.
 */
public final class TestEnvironment {

  private TestEnvironment() {}

  /** The database and the mail server, for a test class's {@code @DynamicPropertySource}. */
  public static void configure(DynamicPropertyRegistry registry) {
    ApiTest.TestDatabase.configure(registry);
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> TestMail.server().getSmtp().getPort());
  }

  /** A new principal of this role, as the actor a service call takes. */
  public static Actor newActor(PrincipalService principals, Role role) {
    Principal p = principals.create("module-test-" + role.name().toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID(),
        role, "en").principal();
    return new Actor(p.id(), p.name(), p.role(), Locale.ENGLISH);
  }
}
