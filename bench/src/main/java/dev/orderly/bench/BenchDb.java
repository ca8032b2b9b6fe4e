package dev.orderly.bench;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * Plain JDBC connections to the database of a run, from the same {@code --spring.datasource.*} /
 * {@code --orderly.data-dir} arguments the application gets. For H2 the URL is the application's own
 * (application.properties, with its durability settings such as WRITE_DELAY=0), with the data
 * directory filled in, so the bench opens the file exactly as the application does.
 */
final class BenchDb {
  private final String url;
  private final String user;
  private final String password;

  private BenchDb(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** From Spring-style settings (keys without the leading "--"). */
  static BenchDb of(Map<String, String> settings) {
    Properties app = new Properties();
    try (InputStream in = BenchDb.class.getResourceAsStream("/application.properties")) {
      app.load(in);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("application.properties not on the class path", e);
    }
    String url = settings.getOrDefault("spring.datasource.url", app.getProperty("spring.datasource.url"));
    String dataDir = settings.getOrDefault("orderly.data-dir", app.getProperty("orderly.data-dir"));
    url = url.replace("${orderly.data-dir}", dataDir);
    return new BenchDb(url, settings.getOrDefault("spring.datasource.username", app.getProperty("spring.datasource.username")),
        settings.getOrDefault("spring.datasource.password", app.getProperty("spring.datasource.password", "")));
  }

  static BenchDb of(String url, String user, String password) {
    return new BenchDb(url, user, password);
  }

  boolean postgres() {
    return url.startsWith("jdbc:postgresql:");
  }

  String url() {
    return url;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password == null ? "" : password);
  }
}
