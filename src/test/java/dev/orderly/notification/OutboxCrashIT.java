package dev.orderly.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.orderly.support.Api;
import dev.orderly.support.JarProcess;
import dev.orderly.support.ApiTest;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6: the notification outbox survives {@code kill -9}. The packaged jar runs as a child
 * process; buyers cancel unpaid orders from several threads (each cancellation: ORDER_CANCELLED and
 * CANCELLATION_DECIDED to the buyer, each by email and to the seller's webhook) while the webhook
 * receiver hangs (sends are mid-flight) and the SMTP port is closed (emails fail and wait for their
 * retry). The process is killed with SIGKILL while still producing, then started again on the same
 * database with the receiver answering and an SMTP server on the port. Every change acknowledged
 * before the kill must have both its notifications delivered on both channels; a change cut by the
 * kill must be wholly there (and delivered) or wholly absent; the database must show every delivery
 * DELIVERED, and the ids received must be exactly the ids of the deliveries. Duplicates are allowed
 * (at least once) and counted. Acknowledged changes are first looked up after the restart: a database
 * that keeps commits in memory for a while (H2's MVStore writes them out every WRITE_DELAY, 500 ms by
 * default) loses the last ones to the kill, and that is reported as such.
 *
 * <p>Runs under failsafe ({@code mvn -B verify}) against {@code target/orderly.jar}. On PostgreSQL
 * ({@code ORDERLY_TEST_DATABASE_URL=jdbc:postgresql:...}) it uses a database of its own, dropped after.
 */
class OutboxCrashIT {
  private static final int PRODUCERS = 4;
  /** Acknowledged changes before the kill. */
  private static final int KILL_AFTER = 40;
  private static final List<String> TYPES = List.of("ORDER_CANCELLED", "CANCELLATION_DECIDED");
  /** A webhook send gives up after 10 s (WebhookChannel); a request stalled for less is still being waited for. */
  private static final long STILL_SENDING_NANOS = TimeUnit.SECONDS.toNanos(8);
  private static final Pattern BACKLOG = Pattern.compile("(?m)^orderly_notifications_backlog(\\{[^}]*\\})? (\\S+)$");

  /** Kept when the test fails: the child's logs (run-1.log, run-2.log) and the H2 file are there. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  private JarProcess child;
  private StallingWebhookReceiver receiver;
  private GreenMail mail;
  private Database database;
  private ExecutorService producers;

  @AfterEach
  void cleanUp() throws Exception {
    try {
      if (producers != null) {
        producers.shutdownNow();
      }
      if (child != null) {
        child.close(); // kills it if still alive
      }
    } finally {
      if (receiver != null) {
        receiver.close();
      }
      if (mail != null) {
        mail.stop();
      }
      if (database != null) {
        database.drop();
      }
    }
  }

  @Test
  void afterAKill9EveryPendingNotificationIsDeliveredAndNoneIsMissing() throws Exception {
    long started = System.nanoTime();
    System.out.println("OutboxCrashIT: working in " + dir + " (kept if the test fails)");
    database = Database.create(dir);
    int smtpPort = freePort(); // nothing listens there until phase 2
    receiver = new StallingWebhookReceiver();
    List<String> args = new ArrayList<>(List.of(
        "--server.port=0",
        "--server.address=127.0.0.1",
        "--orderly.mode=production",
        "--orderly.admin-token=" + ApiTest.ADMIN_TOKEN,
        "--orderly.data-dir=" + dir.resolve("data"),
        "--orderly.webhooks.allow-private-targets=true",
        "--orderly.notifications.retry-backoff=PT0.5S",
        "--orderly.notifications.lease=PT5S",
        "--orderly.timers.max-idle=PT0.2S",
        "--spring.mail.host=127.0.0.1",
        "--spring.mail.port=" + smtpPort));
    args.addAll(database.childArgs());

    // ---- phase 1: produce, with every delivery failing or hanging, and kill -9 in the middle ----
    child = JarProcess.start(dir.resolve("run-1.log"), args);
    Api api = new Api("http://127.0.0.1:" + child.awaitPort(Duration.ofSeconds(90)));
    long firstStartMillis = (System.nanoTime() - started) / 1_000_000;

    Api.Principal seller = api.seller();
    // a long payment window and a short reminder lead: no reminder falls due during the test
    api.policy(seller, Map.of("paymentWindow", "PT2H", "paymentReminderBefore", "PT1M"));
    UUID product = api.product(seller, "10.00", "USD", 100_000, false);
    Api.Response hook = api.post("/api/v1/webhooks", seller.token(), Map.of("url", receiver.url(), "types", TYPES));
    assertThat(hook.status()).as(hook.raw().body()).isEqualTo(201);
    receiver.secret(hook.text("secret"));
    UUID hookId = hook.id();

    Map<UUID, Buyer> buyerOfOrder = new ConcurrentHashMap<>();
    Set<UUID> acknowledged = ConcurrentHashMap.newKeySet(); // cancellation answered 201 APPROVED before the kill
    Set<UUID> cut = ConcurrentHashMap.newKeySet(); // placed, but the cancellation's request was cut by the kill
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicBoolean killing = new AtomicBoolean();
    producers = Executors.newFixedThreadPool(PRODUCERS);
    for (int i = 0; i < PRODUCERS; i++) {
      String email = "buyer" + i + "-" + UUID.randomUUID().toString().substring(0, 8) + "@shop.test";
      Buyer buyer = new Buyer(api.principal("BUYER", "en", email), email);
      producers.submit(() -> produce(api, buyer, product, buyerOfOrder, acknowledged, cut, failures, killing));
    }

    await("acknowledged changes").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
        .until(() -> acknowledged.size() >= KILL_AFTER || !failures.isEmpty());
    assertThat(failures).as("refusals or errors before the kill").isEmpty();
    // a webhook send is hanging at the receiver right now (the relay took the first items long ago: if
    // their sends have timed out by now, the relay's next batch hangs there again)
    await("a webhook send in flight").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
        .until(() -> receiver.stalledSince(STILL_SENDING_NANOS) > 0);
    long backlogAtKill = backlog(api);
    long inFlightAtKill = receiver.stalledSince(STILL_SENDING_NANOS);
    assertThat(backlogAtKill).as("deliveries pending just before the kill").isPositive();
    assertThat(inFlightAtKill).as("webhook sends hanging at the receiver at the kill").isPositive();
    assertThat(receiver.delivered).as("nothing is answered 2xx before the kill").isEmpty();

    killing.set(true);
    int exit = child.kill9();
    assertThat(exit).as("exit value of a process killed by SIGKILL").isEqualTo(137);
    producers.shutdown();
    assertThat(producers.awaitTermination(30, TimeUnit.SECONDS)).as("producers stopped").isTrue();
    assertThat(failures).as("refusals or errors before the kill").isEmpty();
    int acknowledgedAtKill = acknowledged.size();
    assertThat(acknowledgedAtKill).isGreaterThanOrEqualTo(KILL_AFTER);

    // ---- phase 2: the receiver answers, the SMTP server is up, the same jar starts on the same database ----
    receiver.answerNow();
    mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    long restarted = System.nanoTime();
    child = JarProcess.start(dir.resolve("run-2.log"), args);
    Api after = new Api("http://127.0.0.1:" + child.awaitPort(Duration.ofSeconds(90)));

    // the acknowledged changes survived the kill: each order is there, cancelled (asked as its buyer)
    List<String> lost = new ArrayList<>();
    for (UUID order : acknowledged) {
      Api.Response r = after.get("/api/v1/orders/" + order, buyerOfOrder.get(order).principal().token());
      if (r.status() != 200 || !"CANCELLED".equals(r.text("status"))) {
        lost.add(order + ": " + (r.status() == 200 ? r.text("status") : "HTTP " + r.status()));
      }
    }
    assertThat(lost).as("changes acknowledged (201 APPROVED) before the kill but not in the database after it")
        .isEmpty();

    // every acknowledged change: both notifications arrived by webhook (signature verified) and by email
    await("every acknowledged change delivered on both channels").atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(missing(acknowledged, buyerOfOrder)).isEmpty());
    long deliveredMillis = (System.nanoTime() - restarted) / 1_000_000;
    // and everything else that committed (changes cut by the kill): the backlog drains to nothing
    await("backlog drained").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .until(() -> backlog(after) == 0);
    child.stop(); // graceful: the embedded database file is closed and can be opened here

    // ---- the database's side: nothing missing, nothing half there ----
    Map<UUID, String> orderStatus = new HashMap<>();
    Map<UUID, Notification> notifications = new HashMap<>();
    Map<String, Long> deliveryStatuses = new LinkedHashMap<>();
    List<Delivery> deliveries = new ArrayList<>();
    try (Connection c = database.connect(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT id, status FROM orders WHERE seller_id = '" + seller.id() + "'")) {
        while (rs.next()) {
          orderStatus.put(rs.getObject(1, UUID.class), rs.getString(2));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT id, type, order_id, recipient_id FROM notifications")) {
        while (rs.next()) {
          notifications.put(rs.getObject(1, UUID.class), new Notification(rs.getString(2), rs.getObject(3, UUID.class),
              rs.getObject(4, UUID.class)));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT notification_id, channel, target, status, attempts "
          + "FROM notification_deliveries")) {
        while (rs.next()) {
          deliveries.add(new Delivery(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getInt(5)));
          deliveryStatuses.merge(rs.getString(4), 1L, Long::sum);
        }
      }
    }

    assertThat(deliveryStatuses).as("deliveries by status").containsOnlyKeys("DELIVERED");
    // acknowledged changes are there
    for (UUID order : acknowledged) {
      assertThat(orderStatus.get(order)).as("order %s, acknowledged cancelled before the kill", order)
          .isEqualTo("CANCELLED");
    }
    // every change wholly there or wholly absent: a cancelled order has exactly its two notifications,
    // each with one email to its buyer and one webhook delivery; any other order has none
    Map<UUID, List<UUID>> notificationsOfOrder = new HashMap<>();
    notifications.forEach((id, n) -> notificationsOfOrder.computeIfAbsent(n.orderId(), k -> new ArrayList<>()).add(id));
    assertThat(orderStatus.keySet()).as("every notification is about one of the test's orders")
        .containsAll(notificationsOfOrder.keySet());
    Map<UUID, List<Delivery>> deliveriesOf = deliveries.stream().collect(Collectors.groupingBy(Delivery::notificationId));
    int cutCommitted = 0;
    for (Map.Entry<UUID, String> o : orderStatus.entrySet()) {
      List<UUID> ids = notificationsOfOrder.getOrDefault(o.getKey(), List.of());
      if (!"CANCELLED".equals(o.getValue())) {
        assertThat(ids).as("notifications of order %s, %s", o.getKey(), o.getValue()).isEmpty();
        continue;
      }
      if (cut.contains(o.getKey())) {
        cutCommitted++;
      }
      // exactly one of each: a cancellation granted at once is told to the buyer once
      assertThat(ids.stream().map(id -> notifications.get(id).type()).toList())
          .as("types of the notifications of cancelled order %s", o.getKey()).containsExactlyInAnyOrderElementsOf(TYPES);
      for (UUID id : ids) {
        List<Delivery> ds = deliveriesOf.getOrDefault(id, List.of());
        assertThat(ds).as("deliveries of notification %s", id).hasSize(2)
            .extracting(Delivery::channel).containsExactlyInAnyOrder("EMAIL", "WEBHOOK");
        assertThat(ds).filteredOn(d -> d.channel().equals("WEBHOOK")).extracting(Delivery::target)
            .containsExactly(hookId.toString());
        if (buyerOfOrder.containsKey(o.getKey())) {
          assertThat(ds).filteredOn(d -> d.channel().equals("EMAIL")).extracting(Delivery::target)
              .containsExactly(buyerOfOrder.get(o.getKey()).email());
        }
      }
    }

    // what the receivers got is exactly what the outbox holds (by id), with matching contents
    Set<String> webhookRows = ids(deliveries, "WEBHOOK");
    Set<String> emailRows = ids(deliveries, "EMAIL");
    List<StallingWebhookReceiver.Received> hooks = List.copyOf(receiver.delivered);
    assertThat(hooks).as("webhooks whose signature did not verify").allMatch(StallingWebhookReceiver.Received::verified);
    Set<String> hookIds = hooks.stream().map(StallingWebhookReceiver.Received::webhookId).collect(Collectors.toSet());
    assertThat(hookIds).as("distinct webhook-ids received").isEqualTo(webhookRows);
    assertThat(hookIds).as("webhooks whose send the kill cut went out again after the restart")
        .containsAll(receiver.stalled.stream().map(StallingWebhookReceiver.Received::webhookId).toList());
    for (StallingWebhookReceiver.Received r : hooks) {
      Notification n = notifications.get(UUID.fromString(r.webhookId()));
      assertThat(r.type()).as("type of webhook %s", r.webhookId()).isEqualTo(n.type());
      assertThat(r.orderId()).as("orderId of webhook %s", r.webhookId()).isEqualTo(String.valueOf(n.orderId()));
      assertThat(r.notificationId()).isEqualTo(r.webhookId());
    }
    List<Email> emails = emails();
    Set<String> emailIds = emails.stream().map(Email::notificationId).collect(Collectors.toSet());
    assertThat(emailIds).as("distinct X-Orderly-Notification-Id received").isEqualTo(emailRows);
    Map<UUID, String> targetOfEmail = deliveries.stream().filter(d -> d.channel().equals("EMAIL"))
        .collect(Collectors.toMap(Delivery::notificationId, Delivery::target));
    for (Email e : emails) {
      assertThat(e.to()).as("recipient of email %s", e.notificationId())
          .isEqualTo(targetOfEmail.get(UUID.fromString(e.notificationId())));
    }
    assertThat(notifications).as("notifications").hasSizeGreaterThanOrEqualTo(2 * acknowledgedAtKill);

    int webhookDuplicates = hooks.size() - hookIds.size();
    int emailDuplicates = emails.size() - emailIds.size();
    System.out.printf("OutboxCrashIT: %d changes acknowledged before kill -9 (%d more cut by it: %d committed, %d "
            + "absent); %d notifications, %d deliveries pending at the kill (%d webhook sends in flight, %d stalled "
            + "in all); after restart all %d deliveries DELIVERED, the acknowledged ones within %.1f s; duplicates: "
            + "%d webhooks, %d emails; first start %.1f s, test %.1f s (%s)%n",
        acknowledgedAtKill, cut.size(), cutCommitted, cut.size() - cutCommitted, notifications.size(), backlogAtKill,
        inFlightAtKill, receiver.stalled.size(), deliveries.size(), deliveredMillis / 1000.0, webhookDuplicates,
        emailDuplicates, firstStartMillis / 1000.0, (System.nanoTime() - started) / 1e9, database.kind());
  }

  /** One buyer placing and cancelling orders until the kill. */
  private static void produce(Api api, Buyer buyer, UUID product, Map<UUID, Buyer> buyerOfOrder,
      Set<UUID> acknowledged, Set<UUID> cut, ConcurrentLinkedQueue<String> failures, AtomicBoolean killing) {
    for (int n = 0; n < 500 && !killing.get() && failures.isEmpty(); n++) {
      UUID order;
      try {
        Api.Response placed = api.placeOrder(buyer.principal(), product, 1);
        if (placed.status() != 201) {
          failures.add("place: " + placed.status() + " " + placed.raw().body());
          return;
        }
        order = placed.id();
      } catch (RuntimeException e) {
        if (!killing.get()) {
          failures.add("place: " + e);
        }
        return; // cut by the kill: an uncancelled order at most (checked: no notifications)
      }
      buyerOfOrder.put(order, buyer);
      try {
        Api.Response cancelled = api.post("/api/v1/orders/" + order + "/cancellations", buyer.principal().token(),
            Map.of("reason", "CHANGED_MIND"));
        if (cancelled.status() != 201 || !"APPROVED".equals(cancelled.text("status"))) {
          failures.add("cancel: " + cancelled.status() + " " + cancelled.raw().body());
          return;
        }
        acknowledged.add(order);
      } catch (RuntimeException e) {
        if (killing.get()) {
          cut.add(order);
        } else {
          failures.add("cancel: " + e);
        }
        return;
      }
    }
  }

  /** What is still missing for the acknowledged changes: per order, a webhook and an email of each type. */
  private List<String> missing(Set<UUID> acknowledged, Map<UUID, Buyer> buyerOfOrder) throws Exception {
    Map<String, Set<String>> hookTypesOfOrder = new HashMap<>();
    Map<String, String> hookOfNotification = new HashMap<>();
    for (StallingWebhookReceiver.Received r : receiver.delivered) {
      if (r.verified() && r.orderId() != null) {
        hookTypesOfOrder.computeIfAbsent(r.orderId(), k -> new HashSet<>()).add(r.type());
        hookOfNotification.put(r.webhookId(), r.orderId());
      }
    }
    Map<String, Set<String>> emailedNotificationsOfOrder = new HashMap<>();
    for (Email e : emails()) {
      String order = hookOfNotification.get(e.notificationId());
      if (order != null) {
        emailedNotificationsOfOrder.computeIfAbsent(order, k -> new HashSet<>()).add(e.notificationId());
      }
    }
    List<String> missing = new ArrayList<>();
    for (UUID order : acknowledged) {
      Set<String> types = hookTypesOfOrder.getOrDefault(order.toString(), Set.of());
      if (!types.containsAll(TYPES)) {
        missing.add(order + ": webhooks " + types);
      }
      // the webhook tells which notification ids belong to the order; each must also have come by email
      Set<String> ids = hookOfNotification.entrySet().stream().filter(e -> e.getValue().equals(order.toString()))
          .map(Map.Entry::getKey).collect(Collectors.toSet());
      if (!emailedNotificationsOfOrder.getOrDefault(order.toString(), Set.of()).containsAll(ids) || ids.size() < 2) {
        missing.add(order + ": emails to " + buyerOfOrder.get(order).email());
      }
    }
    return missing;
  }

  record Buyer(Api.Principal principal, String email) {}

  record Email(String notificationId, String to) {}

  private List<Email> emails() throws Exception {
    List<Email> result = new ArrayList<>();
    for (MimeMessage m : mail.getReceivedMessages()) {
      String[] id = m.getHeader("X-Orderly-Notification-Id");
      result.add(new Email(id == null ? null : id[0], m.getAllRecipients()[0].toString()));
    }
    return result;
  }

  record Notification(String type, UUID orderId, UUID recipientId) {}

  record Delivery(UUID notificationId, String channel, String target, String status, int attempts) {}

  private static Set<String> ids(List<Delivery> deliveries, String channel) {
    return deliveries.stream().filter(d -> d.channel().equals(channel)).map(d -> d.notificationId().toString())
        .collect(Collectors.toSet());
  }

  private static long backlog(Api api) {
    Api.Response r = api.get("/actuator/prometheus", null);
    assertThat(r.status()).isEqualTo(200);
    Matcher m = BACKLOG.matcher(r.raw().body());
    assertThat(m.find()).as("orderly_notifications_backlog in /actuator/prometheus").isTrue();
    return (long) Double.parseDouble(m.group(2));
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The child's database: an H2 file under the temp dir, or a PostgreSQL database of its own (dropped after). */
  record Database(String kind, String url, String user, String password, String adminUrl, String name) {

    static Database create(Path dir) throws Exception {
      String url = System.getenv("ORDERLY_TEST_DATABASE_URL");
      if (url == null || !url.startsWith("jdbc:postgresql")) {
        Path data = dir.resolve("data");
        return new Database("H2", "jdbc:h2:file:" + data.resolve("orderly") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
            "sa", "", null, null);
      }
      String name = "orderly_crash_" + Long.toHexString(System.nanoTime());
      Database db = new Database("PostgreSQL", url.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1"),
          envOr("ORDERLY_TEST_DATABASE_USER", "postgres"), envOr("ORDERLY_TEST_DATABASE_PASSWORD", ""), url, name);
      db.admin("CREATE DATABASE " + name);
      return db;
    }

    List<String> childArgs() {
      if (adminUrl == null) {
        return List.of(); // the embedded default: an H2 file in orderly.data-dir
      }
      return List.of("--spring.datasource.url=" + url, "--spring.datasource.username=" + user,
          "--spring.datasource.password=" + password);
    }

    Connection connect() throws Exception {
      return DriverManager.getConnection(url, user, password);
    }

    void drop() throws Exception {
      if (adminUrl != null) {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }

    private void admin(String statement) throws Exception {
      try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
        s.execute(statement);
      }
    }

    private static String envOr(String name, String fallback) {
      String value = System.getenv(name);
      return value == null || value.isBlank() ? fallback : value;
    }
  }
}
