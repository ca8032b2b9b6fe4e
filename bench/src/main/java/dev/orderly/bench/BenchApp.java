package dev.orderly.bench;

import dev.orderly.OrderlyApplication;
import dev.orderly.access.Actor;
import dev.orderly.access.Role;
import dev.orderly.order.OrderPlacement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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

  /** What a bench does with the started application. */
  interface Body {
    void run(ConfigurableApplicationContext ctx) throws Exception;
  }

  /** Starts the application, runs {@code body}, closes it; 1 when the body failed (printed), else 0. */
  static int run(Map<String, String> settings, Body body) {
    long bootStart = System.nanoTime();
    ConfigurableApplicationContext ctx = start(settings);
    try {
      System.out.printf("started in %d ms%n", (System.nanoTime() - bootStart) / 1_000_000);
      body.run(ctx);
      return 0;
    } catch (Throwable e) {
      e.printStackTrace();
      return 1;
    } finally {
      ctx.close();
    }
  }

  static ConfigurableApplicationContext start(Map<String, String> settings) {
    List<String> springArgs = new ArrayList<>();
    settings.forEach((k, v) -> springArgs.add("--" + k + "=" + v));
    return SpringApplication.run(OrderlyApplication.class, springArgs.toArray(String[]::new));
  }

  /**
   * Places n one-item unpaid orders through OrderPlacement from {@code threads} threads, round-robin
   * over the shop's buyers and spread over its products; returns their ids.
   */
  static List<UUID> place(OrderPlacement orders, BenchHttp.Shop shop, int n, int threads) throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<UUID> ids = Collections.synchronizedList(new ArrayList<>(n));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        done.add(pool.submit(() -> {
          for (int k; (k = next.getAndIncrement()) < n; ) {
            BenchHttp.Principal b = shop.buyers().get(k % shop.buyers().size());
            UUID product = shop.products().get((k / shop.buyers().size() + k) % shop.products().size());
            ids.add(orders.place(new Actor(b.id(), b.name(), Role.BUYER, Locale.ENGLISH),
                List.of(new OrderPlacement.Item(product, 1)), null).id());
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return new ArrayList<>(ids);
  }
}
