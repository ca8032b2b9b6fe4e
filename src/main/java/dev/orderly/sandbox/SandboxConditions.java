package dev.orderly.sandbox;

import dev.orderly.common.ConditionalOnSandbox;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * How the provider behaves right now: the defaults for the buyer's actions and the health of each
 * payment method. Kept in memory, per process, like a test double's knobs. A call about a method
 * that is {@code DOWN} is refused with {@code SERVICE_UNAVAILABLE} (503); knobs out of range with
 * {@code INVALID_REQUEST} (400).
 */
@Component
@ConditionalOnSandbox
public class SandboxConditions {

  /** The methods the sandbox takes payments with (the same names as Orderly's, but its own list). */
  public enum Method { CARD, ALIPAY, WECHAT_PAY, GOPAY, OVO, DANA, BANK_TRANSFER }

  public enum Mode {
    NORMAL,
    /** Every call about the method answers 503; its callbacks wait until it is back. */
    DOWN,
    /** Calls about the method answer after {@code latency}; its callbacks leave that much later. */
    SLOW,
    /** Payments with the method fail with PROVIDER_ERROR and its refunds fail. */
    FAILING
  }

  /** A method's mode, and how late its answers and callbacks are while SLOW. */
  public record MethodState(Method method, Mode mode, Duration latency) {}

  /** How the provider calls back after a buyer's action: how late, how many extra copies, reordered, or not at all. */
  public record Settings(Duration callbackDelay, int duplicateCallbacks, boolean reorderCallbacks,
      boolean dropCallbacks) {
    static final Settings DEFAULTS = new Settings(Duration.ZERO, 0, false, false);
  }

  public static final Duration DEFAULT_LATENCY = Duration.ofSeconds(3);
  public static final Duration MAX_LATENCY = Duration.ofMinutes(1);
  public static final Duration MAX_CALLBACK_DELAY = Duration.ofHours(1);
  public static final int MAX_DUPLICATE_CALLBACKS = 10;

  private final Map<Method, MethodState> methods = new EnumMap<>(Method.class);
  private Settings settings = Settings.DEFAULTS;

  SandboxConditions() {
    reset();
  }

  public synchronized Settings settings() {
    return settings;
  }

  /** Members given as null stay as they are. */
  public synchronized Settings changeSettings(@Nullable Duration callbackDelay, @Nullable Integer duplicateCallbacks,
      @Nullable Boolean reorderCallbacks, @Nullable Boolean dropCallbacks) {
    Settings s = settings;
    settings = new Settings(callbackDelay != null ? callbackDelay : s.callbackDelay(),
        duplicateCallbacks != null ? duplicateCallbacks : s.duplicateCallbacks(),
        reorderCallbacks != null ? reorderCallbacks : s.reorderCallbacks(),
        dropCallbacks != null ? dropCallbacks : s.dropCallbacks());
    return settings;
  }

  public synchronized List<MethodState> methods() {
    return List.copyOf(methods.values());
  }

  /** Members given as null stay as they are. */
  public synchronized MethodState changeMethod(Method method, @Nullable Mode mode, @Nullable Duration latency) {
    MethodState s = methods.get(method);
    MethodState changed = new MethodState(method, mode != null ? mode : s.mode(), latency != null ? latency : s.latency());
    methods.put(method, changed);
    return changed;
  }

  public synchronized void reset() {
    settings = Settings.DEFAULTS;
    for (Method m : Method.values()) {
      methods.put(m, new MethodState(m, Mode.NORMAL, DEFAULT_LATENCY));
    }
  }

  public synchronized MethodState of(Method method) {
    return methods.get(method);
  }

  public boolean isDown(Method method) {
    return of(method).mode() == Mode.DOWN;
  }

  public boolean isFailing(Method method) {
    return of(method).mode() == Mode.FAILING;
  }

  /** How late calls and callbacks about the method are: its latency while SLOW, else none. */
  public Duration lag(Method method) {
    MethodState s = of(method);
    return s.mode() == Mode.SLOW ? s.latency() : Duration.ZERO;
  }

  /** Before a call about a payment of the method does anything. */
  public void refuseIfDown(Method method) {
    if (isDown(method)) {
      throw SandboxError.of(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE");
    }
  }

  /** After a call about the method did its work, before it answers: the answer is late, not the work. */
  public void answerLate(Method method) {
    Duration lag = lag(method);
    if (!lag.isZero()) {
      try {
        Thread.sleep(lag.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public static Optional<Method> method(@Nullable String name) {
    return Arrays.stream(Method.values()).filter(m -> m.name().equals(name)).findFirst();
  }

  public static Optional<Mode> mode(@Nullable String name) {
    return Arrays.stream(Mode.values()).filter(m -> m.name().equals(name)).findFirst();
  }

  /** An ISO-8601 duration between zero and {@code max}, or null when absent; anything else is a bad request. */
  public static @Nullable Duration duration(@Nullable String text, Duration max) {
    if (text == null) {
      return null;
    }
    try {
      Duration d = Duration.parse(text);
      SandboxError.require(!d.isNegative() && d.compareTo(max) <= 0);
      return d;
    } catch (DateTimeParseException e) {
      throw SandboxError.invalidRequest();
    }
  }

  public static @Nullable Integer duplicates(@Nullable Integer n) {
    SandboxError.require(n == null || (n >= 0 && n <= MAX_DUPLICATE_CALLBACKS));
    return n;
  }
}
