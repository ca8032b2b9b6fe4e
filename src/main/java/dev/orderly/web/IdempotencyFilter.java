package dev.orderly.web;

import dev.orderly.access.Actor;
import dev.orderly.access.CurrentActor;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import dev.orderly.common.Jdbc;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.WebUtils;

/**
 * A POST carrying an {@code Idempotency-Key} runs exactly once per key and principal.
 *
 * <p>The key, the command's changes and the stored response commit in one transaction (the
 * handler's own transactions join it), so a crash can never leave a command done but its key
 * unrecorded, or the reverse. A concurrent duplicate waits on the key's row and then replays the
 * stored answer. Only successful answers are stored: a refusal changed nothing, so a retry of it
 * is simply evaluated again.
 */
class IdempotencyFilter extends OncePerRequestFilter {

  static final Duration KEY_RETENTION = Duration.ofHours(24);
  /** Whose keys the admin's are: no principal has the nil UUID. */
  static final UUID ADMIN_KEYS = new UUID(0, 0);

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final Problems problems;
  private final Clock clock;

  IdempotencyFilter(JdbcClient jdbc, TransactionTemplate transactions, Problems problems, Clock clock) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.problems = problems;
    this.clock = clock;
  }

  private record Stored(String requestHash, Integer status, String contentType, String body) {}

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String key = request.getHeader("Idempotency-Key");
    Optional<Actor> actor = CurrentActor.of(request);
    // the guard has read the body already (bounded), so hashing it here costs no second read
    CachedBodyRequest cached = WebUtils.getNativeRequest(request, CachedBodyRequest.class);
    if (key != null && (key.isBlank() || key.length() > 255 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
      problems.write(request, response, ErrorCode.VALIDATION_FAILED,
          "Idempotency-Key must have 1 to 255 visible ASCII characters",
          OrderlyException.memberErrors("Idempotency-Key", "must have 1 to 255 visible ASCII characters"));
      return;
    }
    if (key == null || !"POST".equals(request.getMethod()) || actor.isEmpty() || cached == null) {
      chain.doFilter(request, response);
      return;
    }
    // the configured admin has no principal row; its keys are kept under a fixed owner of their own
    UUID owner = actor.get().id() != null ? actor.get().id() : ADMIN_KEYS;
    runOnce(owner, key, hash(request, cached.body()), request, response, chain);
  }

  private void runOnce(UUID principal, String key, String hash, HttpServletRequest request,
      HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
    Optional<Stored> earlier = find(principal, key);
    if (earlier.isPresent()) {
      replayOrRefuse(earlier.get(), hash, request, response);
      return;
    }
    ContentCachingResponseWrapper wrapped = new ContentCachingResponseWrapper(response);
    try {
      transactions.executeWithoutResult(tx -> {
        Instant now = clock.instant();
        jdbc.sql("DELETE FROM idempotency_keys WHERE principal_id = ? AND idem_key = ? AND created_at < ?")
            .params(principal, key, Jdbc.ts(now.minus(KEY_RETENTION))).update();
        jdbc.sql("INSERT INTO idempotency_keys (principal_id, idem_key, request_hash, created_at) VALUES (?, ?, ?, ?)")
            .params(principal, key, hash, Jdbc.ts(now)).update();
        try {
          chain.doFilter(request, wrapped);
        } catch (IOException | ServletException e) {
          throw new IllegalStateException(e);
        }
        int status = wrapped.getStatus();
        if (status >= 200 && status < 300 && !tx.isRollbackOnly()) {
          jdbc.sql("UPDATE idempotency_keys SET response_status = ?, content_type = ?, response_body = ? "
                  + "WHERE principal_id = ? AND idem_key = ?")
              .params(status, wrapped.getContentType(),
                  new String(wrapped.getContentAsByteArray(), StandardCharsets.UTF_8), principal, key)
              .update();
        } else {
          tx.setRollbackOnly();
        }
      });
    } catch (DuplicateKeyException raced) {
      // another request with this key committed first: answer as it did
      Optional<Stored> winner = find(principal, key);
      if (winner.isPresent()) {
        replayOrRefuse(winner.get(), hash, request, response);
      } else {
        writeProblem(request, response, ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS, "a request with this key is in progress");
      }
      return;
    }
    wrapped.copyBodyToResponse();
  }

  private Optional<Stored> find(UUID principal, String key) {
    return jdbc.sql("SELECT request_hash, response_status, content_type, response_body FROM idempotency_keys "
            + "WHERE principal_id = ? AND idem_key = ? AND created_at >= ?")
        .params(principal, key, Jdbc.ts(clock.instant().minus(KEY_RETENTION)))
        .query((rs, n) -> new Stored(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3), rs.getString(4)))
        .optional();
  }

  private void replayOrRefuse(Stored stored, String hash, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!stored.requestHash().equals(hash)) {
      writeProblem(request, response, ErrorCode.IDEMPOTENCY_KEY_REUSED,
          "this Idempotency-Key was used with a different request");
      return;
    }
    if (stored.status() == null) {
      writeProblem(request, response, ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS, "a request with this key is in progress");
      return;
    }
    response.setStatus(stored.status());
    if (stored.contentType() != null) {
      response.setContentType(stored.contentType());
    }
    response.setHeader("Idempotent-Replayed", "true");
    byte[] bytes = stored.body() == null ? new byte[0] : stored.body().getBytes(StandardCharsets.UTF_8);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  private void writeProblem(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String reason)
      throws IOException {
    problems.write(request, response, code, reason, Map.of());
  }

  private static String hash(HttpServletRequest request, byte[] body) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((request.getMethod() + " " + request.getRequestURI() + "\n").getBytes(StandardCharsets.UTF_8));
      sha.update(body);
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}
