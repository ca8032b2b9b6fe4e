package dev.orderly.common;

import java.util.Locale;
import org.springframework.context.MessageSource;

/** A stable code and what it means, in the caller's language: a refusal's reason, a next step. */
public record Explained(String code, String message) {

  /** An error code with its meaning ({@code error.<CODE>.detail} in messages*.properties). */
  public static Explained error(ErrorCode code, MessageSource messages, Locale locale) {
    return new Explained(code.name(),
        messages.getMessage("error." + code.name() + ".detail", null, code.name(), locale));
  }
}
