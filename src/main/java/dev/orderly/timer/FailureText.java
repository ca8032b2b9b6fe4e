package dev.orderly.timer;

import org.jspecify.annotations.Nullable;
import dev.orderly.common.Text;

/**
 * The error kept on a row whose work failed ({@code last_error} columns, timeline details): the
 * message clipped to {@value #MAX_LENGTH} characters, so that a provider's page of HTML cannot fill
 * the database, and never null.
 */
public final class FailureText {
  /** Characters kept of an error; the {@code last_error} columns are wider. */
  public static final int MAX_LENGTH = 300;

  private FailureText() {}

  public static String of(@Nullable String message) {
    return message == null || message.isBlank() ? "unknown" : Text.truncate(message, MAX_LENGTH);
  }

  /** The exception's message, or its class when it has none. */
  public static String of(Throwable error) {
    String message = error.getMessage();
    return of(message == null || message.isBlank() ? error.getClass().getSimpleName() : message);
  }
}
