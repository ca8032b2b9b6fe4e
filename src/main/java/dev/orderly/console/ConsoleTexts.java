package dev.orderly.console;

import dev.orderly.common.OrderlyException;
import dev.orderly.common.Text;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's texts in the viewer's language ({@code console*.properties}), and its form fields'
 * rules: the API's ({@link Text}), so that a form accepts exactly what the API would.
 */
@Component
class ConsoleTexts {

  private final MessageSource messages;

  ConsoleTexts(MessageSource messages) {
    this.messages = messages;
  }

  String text(String key, Object... args) {
    return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
  }

  /** After a form: back to {@code to} (a console path), which shows the flash {@code key} once. */
  String done(String to, RedirectAttributes flash, String key, Object... args) {
    flash.addFlashAttribute("flash", text(key, args));
    return "redirect:" + to;
  }

  /** After a form on an order: back to the order's page, with the flash {@code key}. */
  String doneOnOrder(UUID orderId, RedirectAttributes flash, String key) {
    return done("/console/orders/" + orderId, flash, key);
  }

  /** A text field that must be filled: trimmed, at most {@code max} characters; else 400 naming it. */
  static String required(String field, @Nullable String value, int max) {
    String v = optional(field, value, max);
    if (v == null) {
      throw OrderlyException.invalid(field, "must not be blank");
    }
    return v;
  }

  /** A text field that may be left empty (null then), at most {@code max} characters. */
  static @Nullable String optional(String field, @Nullable String value, int max) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    // the API's rule for any text from outside (no control or bidirectional characters...)
    Text.problem(v).ifPresent(why -> {
      throw OrderlyException.invalid(field, why);
    });
    if (Text.length(v) > max) {
      throw OrderlyException.invalid(field, "must be at most " + max + " characters");
    }
    return v;
  }
}
