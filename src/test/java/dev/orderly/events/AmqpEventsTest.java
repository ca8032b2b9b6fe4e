package dev.orderly.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import dev.orderly.OrderlyApplication;
import dev.orderly.events.internal.AmqpEventsConfig;
import dev.orderly.support.Api;
import dev.orderly.support.ApiTest;
import dev.orderly.support.Shop;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Events out against the local RabbitMQ (127.0.0.1:5672, guest/guest): an instance of its own with
 * {@code orderly.events.amqp.enabled=true} on a database of its own (its timers must not act on
 * other tests' rows), a temporary queue bound to {@code orderly.events} with {@code #}, an order
 * placed and paid through the API. Skipped with a printed reason when no broker is reachable.
 */
class AmqpEventsTest {

  private static final String HOST = "127.0.0.1";
  private static final int PORT = 5672;

  @TempDir
  Path dataDir;

  @Test
  void orderEventsGoOutToRabbitMqWithStableIdsAndARefusedOrderSendsNothing() throws Exception {
    if (!reachable()) {
      System.out.println("skipped: no RabbitMQ broker reachable on " + HOST + ":" + PORT);
      Assumptions.assumeTrue(false, "skipped: no RabbitMQ broker reachable on " + HOST + ":" + PORT);
    }
    String url = System.getenv("ORDERLY_TEST_DATABASE_URL");
    if (url == null || !url.startsWith("jdbc:postgresql")) {
      run(null); // H2: a file of its own under the temporary data dir
      return;
    }
    String database = "orderly_amqp_" + Long.toHexString(System.nanoTime());
    sql(url, "CREATE DATABASE " + database);
    try {
      run(url.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1"));
    } finally {
      sql(url, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  private void run(String databaseUrl) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(HOST);
    factory.setPort(PORT);
    factory.setUsername("guest");
    factory.setPassword("guest");
    try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
      channel.exchangeDeclare(AmqpEventsConfig.EXCHANGE, "topic", true);
      String queue = channel.queueDeclare().getQueue(); // server-named, exclusive, auto-delete
      channel.queueBind(queue, AmqpEventsConfig.EXCHANGE, "#");
      BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
      channel.basicConsume(queue, true, (tag, delivery) -> received.add(delivery), tag -> {});

      try (ConfigurableApplicationContext app = start(databaseUrl)) {
        Api api = new Api("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"));
        Shop shop = Shop.open(api, Map.of(), "10.00", false);

        Api.Response refused = api.placeOrder(shop.buyer(), shop.product(), 51); // stock is 50
        assertThat(refused.code()).isEqualTo("INSUFFICIENT_STOCK");

        UUID order = shop.placeOrder();
        shop.pay(order);
        // a later event: the relay sends in the order of writing, so once this one is out, everything
        // written before it (by the refused order, the placement, the payment) is out too
        UUID later = shop.placeOrder();

        List<Delivery> messages = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (messages.stream().noneMatch(m -> later.toString().equals(orderId(m))) && System.nanoTime() < deadline) {
          Delivery d = received.poll(200, TimeUnit.MILLISECONDS);
          if (d != null) {
            messages.add(d);
          }
        }

        assertThat(messages).extracting(m -> m.getEnvelope().getRoutingKey())
            .containsExactly("ORDER_PLACED", "ORDER_PAID", "ORDER_PLACED");
        // the messages before the later one name this order: the refused one published nothing
        assertThat(messages).extracting(AmqpEventsTest::orderId)
            .containsExactly(order.toString(), order.toString(), later.toString());
        for (Delivery m : messages) {
          JsonNode body = Api.JSON.readTree(new String(m.getBody(), StandardCharsets.UTF_8));
          assertThat(m.getProperties().getContentType()).isEqualTo("application/json");
          assertThat(body.path("type").asString()).isEqualTo(m.getEnvelope().getRoutingKey());
          assertThat(body.path("id").asString()).isEqualTo(m.getProperties().getMessageId());
          assertThat(body.path("occurredAt").asString()).isNotBlank();
        }
        Set<String> ids = messages.stream().map(m -> m.getProperties().getMessageId()).collect(Collectors.toSet());
        assertThat(ids).hasSize(3).doesNotContainNull();

        // the message ids are the outbox rows' ids (stable across redeliveries), all marked published
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        // a row is marked once the broker confirmed it, which may come after its message was consumed
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> jdbc
            .sql("SELECT COUNT(*) FROM event_outbox WHERE published_at IS NULL").query(Long.class).single() == 0);
        List<String> rows = jdbc.sql("SELECT id FROM event_outbox WHERE published_at IS NOT NULL")
            .query((rs, n) -> rs.getObject(1, UUID.class).toString()).list();
        assertThat(rows).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM event_outbox").query(Long.class).single()).isEqualTo(3L);
      }
    }
  }

  private static String orderId(Delivery m) {
    return Api.JSON.readTree(new String(m.getBody(), StandardCharsets.UTF_8)).path("orderId").asString();
  }

  /** No broker at all: the app still starts, the event stays in the outbox, retried with doubling pauses. */
  @Test
  void withoutABrokerEventsWaitInTheOutboxAndAreRetried() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String url = System.getenv("ORDERLY_TEST_DATABASE_URL");
    boolean postgres = url != null && url.startsWith("jdbc:postgresql");
    String database = "orderly_amqp_" + Long.toHexString(System.nanoTime());
    if (postgres) {
      sql(url, "CREATE DATABASE " + database);
    }
    try (ConfigurableApplicationContext app = start(postgres ? url.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1")
        : null, closedPort)) {
      Api api = new Api("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"));
      Shop shop = Shop.open(api, Map.of(), "10.00", false);
      UUID order = shop.placeOrder();
      JdbcClient jdbc = app.getBean(JdbcClient.class);
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> jdbc
          .sql("SELECT attempts FROM event_outbox WHERE order_id = ? AND type = 'ORDER_PLACED'").params(order)
          .query(Integer.class).optional().orElse(0) >= 3);
      Map<String, Object> row = jdbc.sql("SELECT published_at, last_error, next_attempt_at FROM event_outbox "
          + "WHERE order_id = ?").params(order).query().singleRow();
      assertThat(row.get("published_at")).isNull();
      assertThat(row.get("last_error")).isNotNull();
      assertThat(row.get("next_attempt_at")).isNotNull();
    } finally {
      if (postgres) {
        sql(url, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      }
    }
  }

  private ConfigurableApplicationContext start(String databaseUrl) {
    return start(databaseUrl, PORT);
  }

  private ConfigurableApplicationContext start(String databaseUrl, int brokerPort) {
    List<String> args = new ArrayList<>(List.of(
        "--server.port=0",
        "--orderly.mode=demo", "--orderly.demo.seed=false",
        "--orderly.admin-token=" + ApiTest.ADMIN_TOKEN,
        "--orderly.timers.max-idle=PT0.2S",
        "--orderly.events.amqp.enabled=true",
        "--orderly.events.amqp.retry-backoff=PT0.2S",
        "--spring.rabbitmq.host=" + HOST,
        "--spring.rabbitmq.port=" + brokerPort,
        "--orderly.data-dir=" + dataDir));
    if (databaseUrl != null) {
      args.add("--spring.datasource.url=" + databaseUrl);
      args.add("--spring.datasource.username=" + envOr("ORDERLY_TEST_DATABASE_USER", "postgres"));
      args.add("--spring.datasource.password=" + envOr("ORDERLY_TEST_DATABASE_PASSWORD", ""));
    }
    return new SpringApplicationBuilder(OrderlyApplication.class).run(args.toArray(String[]::new));
  }

  private static boolean reachable() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, PORT), 1000);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static void sql(String url, String statement) throws Exception {
    try (java.sql.Connection c = DriverManager.getConnection(url, envOr("ORDERLY_TEST_DATABASE_USER", "postgres"),
        envOr("ORDERLY_TEST_DATABASE_PASSWORD", "")); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
