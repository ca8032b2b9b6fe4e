package dev.orderly.web;

import dev.orderly.common.ErrorCode;
import dev.orderly.payment.PaymentFailureCode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * What every stable code means and what the buyer or caller can do about it, read from
 * messages*.properties ({@code error.<CODE>.title|detail|action} and
 * {@code payment-failure.<CODE>.title|detail|action}). The API serves it, and docs/error-codes.md
 * is generated from it, so both always say what the problem documents say.
 */
@Component
class ErrorCatalog {

  /** The languages every code is documented in; English is the default. */
  static final List<Locale> LANGUAGES = WebConfig.SUPPORTED;

  record ErrorEntry(String code, int status, String title, String meaning, String action) {}

  record PaymentFailureEntry(String code, String title, String meaning, String action) {}

  record Catalog(List<ErrorEntry> errors, List<PaymentFailureEntry> paymentFailures) {}

  private final MessageSource messages;

  ErrorCatalog(MessageSource messages) {
    this.messages = messages;
  }

  Catalog catalog(Locale language) {
    return new Catalog(
        Arrays.stream(ErrorCode.values()).map(c -> error(c, language)).toList(),
        Arrays.stream(PaymentFailureCode.values()).map(c -> paymentFailure(c, language)).toList());
  }

  ErrorEntry error(ErrorCode code, Locale language) {
    String key = "error." + code.name();
    return new ErrorEntry(code.name(), code.status(), text(key + ".title", code.name(), language),
        text(key + ".detail", "", language), text(key + ".action", "", language));
  }

  PaymentFailureEntry paymentFailure(PaymentFailureCode code, Locale language) {
    String key = "payment-failure." + code.name();
    return new PaymentFailureEntry(code.name(), text(key + ".title", code.name(), language),
        text(key + ".detail", "", language), text(key + ".action", "", language));
  }

  /** One of {@link #LANGUAGES}; anything else (the locale resolver never yields it) is English. */
  static Locale supported(Locale locale) {
    return LANGUAGES.contains(locale) ? locale : Locale.ENGLISH;
  }

  /** The documented language with this tag (en, zh-CN, id), ignoring case. */
  static Optional<Locale> forTag(String tag) {
    return LANGUAGES.stream().filter(l -> l.toLanguageTag().equalsIgnoreCase(tag)).findFirst();
  }

  private String text(String key, String fallback, Locale language) {
    // a text missing in one language falls back to English; ErrorMessagesTest keeps every bundle complete
    return messages.getMessage(key, null, fallback, language);
  }
}
