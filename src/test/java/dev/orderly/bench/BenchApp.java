package dev.orderly.bench;

import dev.orderly.OrderlyApplication;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** The application started in the bench's own process, with the bench's settings. */
final class BenchApp {
  private BenchApp() {}

  /**
   * The bench defaults (random port, production mode, anti-hoarding rules lifted since the bench's
   * buyers hold and expire many orders), then {@code extra}, then {@code --key=value} arguments.
   * Passed as command-line arguments so that they win over application.properties.
   */
  static Map<String, String> settings(String adminToken, Map<String, String> extra, String[] args) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("server.port", "0");
    props.put("orderly.mode", "production");
    props.put("orderly.admin-token", adminToken);
    props.put("orderly.restrictions.max-unpaid-orders", "1000000000");
    props.put("orderly.restrictions.max-expired", "1000000000");
    props.put("spring.main.banner-mode", "off");
    props.put("logging.level.root", "WARN");
    props.putAll(extra);
    for (String a : args) {
      String kv = a.startsWith("--") ? a.substring(2) : a;
      int eq = kv.indexOf('=');
      props.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return props;
  }

  static ConfigurableApplicationContext start(Map<String, String> settings) {
    List<String> springArgs = new ArrayList<>();
    settings.forEach((k, v) -> springArgs.add("--" + k + "=" + v));
    return SpringApplication.run(OrderlyApplication.class, springArgs.toArray(String[]::new));
  }
}
