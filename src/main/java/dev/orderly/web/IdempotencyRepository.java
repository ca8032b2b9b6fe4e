package dev.orderly.web;

import dev.orderly.common.Jdbc;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code idempotency_keys} table: one row per principal and key, with the request's hash and,
 * once the command succeeded, the answer to replay.
 */
@Repository
class IdempotencyRepository {

  /**
   * A key's row.
   *
   * @param requestHash SHA-256 (hex) of the method, path and body the key was first used with
   * @param status the stored answer's HTTP status; null while the first request is still running
   */
  record Stored(String requestHash, Integer status, String contentType, String body) {}

  private final JdbcClient jdbc;

  IdempotencyRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The principal's key, unless it was created before {@code expiredBefore}. */
  Optional<Stored> find(UUID principal, String key, Instant expiredBefore) {
    return jdbc.sql("SELECT request_hash, response_status, content_type, response_body FROM idempotency_keys "
            + "WHERE principal_id = ? AND idem_key = ? AND created_at >= ?")
        .params(principal, key, Jdbc.ts(expiredBefore))
        .query((rs, n) -> new Stored(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3), rs.getString(4)))
        .optional();
  }

  /**
   * Takes the key for a request: drops the key's row if it was created before {@code expiredBefore},
   * then inserts it without an answer. Throws {@link org.springframework.dao.DuplicateKeyException}
   * when the key is taken (another request with it committed first).
   */
  void reserve(UUID principal, String key, String requestHash, Instant now, Instant expiredBefore) {
    jdbc.sql("DELETE FROM idempotency_keys WHERE principal_id = ? AND idem_key = ? AND created_at < ?")
        .params(principal, key, Jdbc.ts(expiredBefore)).update();
    jdbc.sql("INSERT INTO idempotency_keys (principal_id, idem_key, request_hash, created_at) VALUES (?, ?, ?, ?)")
        .params(principal, key, requestHash, Jdbc.ts(now)).update();
  }

  /** Keeps the successful answer to replay for the key. */
  void storeAnswer(UUID principal, String key, int status, String contentType, String body) {
    jdbc.sql("UPDATE idempotency_keys SET response_status = ?, content_type = ?, response_body = ? "
            + "WHERE principal_id = ? AND idem_key = ?")
        .params(status, contentType, body, principal, key)
        .update();
  }

  /** Deletes every key created before {@code cutoff}. */
  void forgetBefore(Instant cutoff) {
    jdbc.sql("DELETE FROM idempotency_keys WHERE created_at < ?").param(Jdbc.ts(cutoff)).update();
  }
}
