package dev.orderly.sandbox;

import dev.orderly.common.ConditionalOnSandbox;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * How the provider behaves right now: the defaults for the buyer's actions and the health of each
 * payment method. Kept in memory, per process, like a test double's knobs.
 */
@Component
@ConditionalOnSandbox
class SandboxConditions {

  enum Method { CARD, ALIPAY, WECHAT_PAY, GOPAY, OVO, DANA, BANK_TRANSFER }

  enum Mode {
    NORMAL,
    /** Every call about the method answers 503; its callbacks wait until it is back. */
    DOWN,
    /** Calls about the method answer after {@code latency}; its callbacks leave that much later. */
    SLOW,
    /** Payments with the method fail with PROVIDER_ERROR and its refunds fail. */
    FAILING
  }

  record MethodState(Method method, Mode mode, Duration latency) {}

  record Settings(Duration callbackDelay, int duplicateCallbacks, boolean reorderCallbacks, boolean dropCallbacks) {
    static final Settings DEFAULTS = new Settings(Duration.ZERO, 0, false, false);
  }

  static final Duration DEFAULT_LATENCY = Duration.ofSeconds(3);
  static final Duration MAX_LATENCY = Duration.ofMinutes(1);
  static final Duration MAX_CALLBACK_DELAY = Duration.ofHours(1);
  static final int MAX_DUPLICATE_CALLBACKS = 10;

  private final Map<Method, MethodState> methods = new EnumMap<>(Method.class);
  private Settings settings = Settings.DEFAULTS;

  SandboxConditions() {
    reset();
  }

  synchronized Settings settings() {
    return settings;
  }

  synchronized Settings changeSettings(Duration callbackDelay, Integer duplicateCallbacks, Boolean reorderCallbacks,
      Boolean dropCallbacks) {
    Settings s = settings;
    settings = new Settings(callbackDelay != null ? callbackDelay : s.callbackDelay(),
        duplicateCallbacks != null ? duplicateCallbacks : s.duplicateCallbacks(),
        reorderCallbacks != null ? reorderCallbacks : s.reorderCallbacks(),
        dropCallbacks != null ? dropCallbacks : s.dropCallbacks());
    return settings;
  }

  synchronized List<MethodState> methods() {
    return List.copyOf(methods.values());
  }

  synchronized MethodState changeMethod(Method method, Mode mode, Duration latency) {
    MethodState s = methods.get(method);
    MethodState changed = new MethodState(method, mode != null ? mode : s.mode(), latency != null ? latency : s.latency());
    methods.put(method, changed);
    return changed;
  }

  synchronized void reset() {
    settings = Settings.DEFAULTS;
    for (Method m : Method.values()) {
      methods.put(m, new MethodState(m, Mode.NORMAL, DEFAULT_LATENCY));
    }
  }

  /** The state of a stored payment's method; a method the sandbox does not know is never disturbed. */
  synchronized MethodState of(String method) {
    return method(method).map(methods::get).orElse(new MethodState(null, Mode.NORMAL, Duration.ZERO));
  }

  boolean isDown(String method) {
    return of(method).mode() == Mode.DOWN;
  }

  boolean isFailing(String method) {
    return of(method).mode() == Mode.FAILING;
  }

  /** How late calls and callbacks about the method are: its latency while SLOW, else none. */
  Duration lag(String method) {
    MethodState s = of(method);
    return s.mode() == Mode.SLOW ? s.latency() : Duration.ZERO;
  }

  /** Before a call about a payment of the method does anything. */
  void refuseIfDown(String method) {
    if (isDown(method)) {
      throw SandboxError.of(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE");
    }
  }

  /** After a call about the method did its work, before it answers: the answer is late, not the work. */
  void answerLate(String method) {
    Duration lag = lag(method);
    if (!lag.isZero()) {
      try {
        Thread.sleep(lag.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static Optional<Method> method(String name) {
    return Arrays.stream(Method.values()).filter(m -> m.name().equals(name)).findFirst();
  }

  static Optional<Mode> mode(String name) {
    return Arrays.stream(Mode.values()).filter(m -> m.name().equals(name)).findFirst();
  }

  /** An ISO-8601 duration between zero and {@code max}, or null when absent; anything else is a bad request. */
  static Duration duration(String text, Duration max) {
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

  static Integer duplicates(Integer n) {
    SandboxError.require(n == null || (n >= 0 && n <= MAX_DUPLICATE_CALLBACKS));
    return n;
  }
}
