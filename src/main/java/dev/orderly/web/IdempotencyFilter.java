package dev.orderly.web;

import dev.orderly.access.Actor;
import dev.orderly.access.CurrentActor;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import dev.orderly.web.IdempotencyRepository.Stored;
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

  private final IdempotencyRepository keys;
  private final TransactionTemplate transactions;
  private final Problems problems;
  private final Clock clock;

  IdempotencyFilter(IdempotencyRepository keys, TransactionTemplate transactions, Problems problems, Clock clock) {
    this.keys = keys;
    this.transactions = transactions;
    this.problems = problems;
    this.clock = clock;
  }

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
        keys.reserve(principal, key, hash, now, now.minus(KEY_RETENTION));
        try {
          chain.doFilter(request, wrapped);
        } catch (IOException | ServletException e) {
          throw new IllegalStateException(e);
        }
        int status = wrapped.getStatus();
        if (status >= 200 && status < 300 && !tx.isRollbackOnly()) {
          keys.storeAnswer(principal, key, status, wrapped.getContentType(),
              new String(wrapped.getContentAsByteArray(), StandardCharsets.UTF_8));
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
    return keys.find(principal, key, clock.instant().minus(KEY_RETENTION));
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
