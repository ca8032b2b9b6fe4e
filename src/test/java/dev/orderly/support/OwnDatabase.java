package dev.orderly.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A database no other test context touches, for tests that must see every change in it: a fresh
 * H2 file, or a fresh PostgreSQL database next to {@code ORDERLY_TEST_DATABASE_URL} (dropped when
 * the JVM ends). Other contexts cached in the same JVM keep their timers running on the shared
 * test database, so a "nothing changed" check can only be made on one of these.
 */
public final class OwnDatabase {
  private OwnDatabase() {}

  /** The properties that {@link ApiTest.TestDatabase} yields to: a subclass cannot override its keys directly. */
  static final String OWN_URL = "orderly.test.own-database.url";
  static final String OWN_DATA_DIR = "orderly.test.own-database.data-dir";

  /** Registers the datasource of a new database whose name starts with {@code label}. */
  public static void register(DynamicPropertyRegistry registry, String label) {
    String url = postgres(label);
    if (url != null) {
      registry.add(OWN_URL, () -> url);
      registry.add("spring.datasource.username", OwnDatabase::user);
      registry.add("spring.datasource.password", OwnDatabase::password);
      return;
    }
    try {
      Path dir = Files.createTempDirectory("orderly-" + label + "-");
      registry.add(OWN_DATA_DIR, dir::toString);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * For applications a test starts by hand ({@code SpringApplicationBuilder}): a new PostgreSQL
   * database next to {@code ORDERLY_TEST_DATABASE_URL} (dropped when the JVM ends) as a JDBC URL for
   * {@link #user()} and {@link #password()}, or null when the tests run on H2 (give each application
   * a data directory of the test's own instead).
   */
  public static String postgres(String label) {
    String url = System.getenv("ORDERLY_TEST_DATABASE_URL");
    if (url == null || !url.startsWith("jdbc:postgresql")) {
      return null;
    }
    String name = "orderly_" + label + "_" + Long.toHexString(System.nanoTime());
    admin(url, user(), password(), "CREATE DATABASE " + name);
    Runtime.getRuntime().addShutdownHook(new Thread(() ->
        admin(url, user(), password(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
    return url.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
  }

  public static String user() {
    return env("ORDERLY_TEST_DATABASE_USER", "postgres");
  }

  public static String password() {
    return env("ORDERLY_TEST_DATABASE_PASSWORD", "");
  }

  /**
   * Every application table's row count and a digest of its rows (in no particular order), so that
   * two fingerprints differ exactly when some row was added, removed or changed. The console's session
   * tables count by rows only: every request moves its session's last access time.
   */
  public static Map<String, String> fingerprint(DataSource dataSource) {
    Map<String, String> tables = new TreeMap<>();
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      List<String> names = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables "
          + "WHERE table_schema = 'public' AND table_type IN ('BASE TABLE', 'TABLE')")) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      for (String table : names) {
        if (table.equalsIgnoreCase("flyway_schema_history")) {
          continue;
        }
        if (table.toLowerCase(java.util.Locale.ROOT).startsWith("spring_session")) {
          // console sessions: each request moves its session's last access time; only how many there are counts
          try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            tables.put(table, rs.getLong(1) + " rows");
          }
          continue;
        }
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= columns; i++) {
              row.append(rs.getString(i)).append('\u001f');
            }
            rows.add(row.toString());
          }
        }
        rows.sort(null);
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        rows.forEach(r -> sha.update(r.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        tables.put(table.toLowerCase(java.util.Locale.ROOT),
            rows.size() + " rows " + HexFormat.of().formatHex(sha.digest()).substring(0, 16));
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return tables;
  }

  private static void admin(String url, String user, String password, String statement) {
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (Exception e) {
      throw new IllegalStateException(statement + ": " + e.getMessage(), e);
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
