package dev.orderly.demo;

import dev.orderly.access.PrincipalService;
import dev.orderly.access.Role;
import dev.orderly.common.Money;
import dev.orderly.common.OrderlyMode;
import dev.orderly.inventory.InventoryService;
import dev.orderly.common.SelfAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Demo mode only: principals with well-known tokens and a few products, created once (unless
 * {@code orderly.demo.seed=false}), and at every start a banner with where Orderly answers, the
 * demo tokens and the admin token generated for this run. Production mode seeds nothing.
 */
@Component
@Conditional(DemoData.DemoMode.class)
class DemoData implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(DemoData.class);

  record DemoPrincipal(String name, Role role, String locale, String token) {}

  static final List<DemoPrincipal> PRINCIPALS = List.of(
      new DemoPrincipal("alice", Role.BUYER, "en", "demo-buyer-alice"),
      new DemoPrincipal("budi", Role.BUYER, "id", "demo-buyer-budi"),
      new DemoPrincipal("li", Role.BUYER, "zh-CN", "demo-buyer-li"),
      new DemoPrincipal("acme-shop", Role.SELLER, "en", "demo-seller-acme"),
      new DemoPrincipal("toko-budi", Role.SELLER, "id", "demo-seller-toko"),
      new DemoPrincipal("sam", Role.SUPPORT, "en", "demo-support-sam"));

  static class DemoMode implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return OrderlyMode.of(context.getEnvironment()) == OrderlyMode.DEMO;
    }
  }

  private final PrincipalService principals;
  private final InventoryService inventory;
  private final Environment environment;
  private final SelfAddress self;

  DemoData(PrincipalService principals, InventoryService inventory, Environment environment, SelfAddress self) {
    this.principals = principals;
    this.inventory = inventory;
    this.environment = environment;
    this.self = self;
  }

  @Override
  @Transactional
  public void run(ApplicationArguments args) {
    boolean seed = environment.getProperty("orderly.demo.seed", Boolean.class, true);
    if (seed) {
      seed();
    }
    StringBuilder banner = new StringBuilder("\n\nOrderly demo is running at " + self.baseUrl()
        + "/  (API documentation: /swagger-ui.html)\n");
    if (seed) {
      banner.append("Demo principals (Authorization: Bearer <token>):\n");
      PRINCIPALS.forEach(p -> banner.append(String.format("  %-8s %-10s %s%n", p.role(), p.name(), p.token())));
    }
    principals.generatedAdminToken().ifPresent(token -> banner.append(String.format(
        "  %-8s %-10s %s   (generated for this run; set orderly.admin-token to keep one)%n", "ADMIN", "admin", token)));
    log.info(banner.toString());
  }

  /** The demo principals for the web console's sign-in page (none without demo data). */
  @Bean
  static DemoPrincipals demoPrincipals(Environment environment) {
    boolean seeded = environment.getProperty("orderly.demo.seed", Boolean.class, true);
    return new DemoPrincipals(seeded ? PRINCIPALS.stream()
        .map(p -> new DemoPrincipals.Principal(p.name(), p.role(), p.locale(), p.token())).toList() : List.of());
  }

  private void seed() {
    for (DemoPrincipal p : PRINCIPALS) {
      if (!principals.exists(p.name(), p.role())) {
        // demo email addresses: without spring.mail.host the emails go to the log (and the inbox has them)
        var created = principals.createWithToken(p.name(), p.role(), p.locale(), p.name() + "@demo.orderly.test",
            p.token());
        if (p.name().equals("acme-shop")) {
          seedProducts(created.principal().id(), "USD", new String[][] {
              {"TSHIRT-M", "Cotton T-shirt, size M", "12.50", "40", "false"},
              {"MUG", "Enamel mug", "8.00", "25", "false"},
              {"EBOOK-COOK", "Cookbook (e-book)", "5.99", "1000", "true"}});
        } else if (p.name().equals("toko-budi")) {
          seedProducts(created.principal().id(), "IDR", new String[][] {
              {"BATIK-L", "Kemeja batik, ukuran L", "185000", "15", "false"},
              {"KOPI-250", "Kopi Gayo 250 g", "65000", "60", "false"}});
        }
      }
    }
  }

  private void seedProducts(java.util.UUID sellerId, String currency, String[][] rows) {
    for (String[] r : rows) {
      inventory.create(new InventoryService.NewProduct(sellerId, r[0], r[1], Money.of(r[2], currency),
          Integer.parseInt(r[3]), Boolean.parseBoolean(r[4])));
    }
  }
}
