package dev.orderly.notification.internal;

import dev.orderly.notification.NotificationType;
import java.text.MessageFormat;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Renders a notification's title and body in the recipient's language from its type and data
 * (texts in notifications*.properties). Rendering at read or send time, not at write time, keeps
 * the hot write path cheap and lets a corrected text reach the inbox retroactively.
 */
@Component
public class NotificationTexts {
  private static final TypeReference<LinkedHashMap<String, Object>> DATA = new TypeReference<>() {};

  /** A notification's title and body in one language, and the support case it is about, if any. */
  public record Rendered(String title, String body, java.util.@Nullable UUID caseId) {}

  private final MessageSource messages;
  private final ObjectMapper json;

  NotificationTexts(MessageSource messages, ObjectMapper json) {
    this.messages = messages;
    this.json = json;
  }

  /** Renders from the notification's data as stored (a JSON object). */
  public Rendered render(NotificationType type, String data, Locale locale) {
    return render(type, json.readValue(data, DATA), locale);
  }

  Rendered render(NotificationType type, Map<String, Object> data, Locale locale) {
    String key = "notification." + type.name();
    String variant = switch (type) {
      case CANCELLATION_DECIDED -> !String.valueOf(data.get("status")).contains("APPROVED") ? ".rejected"
          : nothingToRefund(data) ? ".approved-nothing-to-refund" : ".approved";
      case REFUND_UPDATED -> "." + data.get("status");
      case CASE_UPDATED -> "REPLIED".equals(data.get("change")) ? ".replied" : "." + data.get("status");
      default -> "";
    };
    Object[] args = {
        data.get("orderNumber"),
        second(type, data, locale),
        data.get("amount") != null ? data.get("amount") : data.get("refundAmount"),
        date(firstOf(data, "respondBy", "expectedBy", "deadline", "reopenUntil")),
        java.util.Objects.requireNonNullElse(firstOf(data, "note", "body"), ""),
        data.getOrDefault("workingMethods", "")};
    Object caseId = data.get("caseId");
    return new Rendered(format(key + ".title", locale, args), format(key + variant + ".body", locale, args),
        caseId == null ? null : java.util.UUID.fromString(caseId.toString()));
  }

  /**
   * A granted cancellation of an unpaid order (or with a fee of the whole amount) refunds nothing:
   * the buyer is told so rather than "0.00 USD will be refunded". {@code refundAmount} is stored as
   * {@code Money.toString()}, "0.00 USD".
   */
  private static boolean nothingToRefund(Map<String, Object> data) {
    String refund = String.valueOf(data.get("refundAmount"));
    int space = refund.indexOf(' ');
    try {
      return space > 0 && new java.math.BigDecimal(refund.substring(0, space)).signum() == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The type's own detail: the reason, the carrier and tracking number, or the requested reason. */
  private String second(NotificationType type, Map<String, Object> data, Locale locale) {
    return switch (type) {
      case ORDER_CANCELLED -> text("cancel-reason." + data.get("reason"), locale);
      case ORDER_SHIPPED -> data.get("carrier") + " " + data.get("trackingNumber");
      case PAYMENT_METHOD_DEGRADED -> String.valueOf(data.get("method"));
      case CANCELLATION_REQUESTED -> text("cancellation-reason." + data.get("reason"), locale);
      case WEBHOOK_DISABLED -> String.valueOf(data.get("url"));
      case CASE_UPDATED -> String.valueOf(data.get("caseNumber"));
      default -> "";
    };
  }

  private String text(String key, Locale locale) {
    return messages.getMessage(key, null, key, locale);
  }

  private String format(String key, Locale locale, Object[] args) {
    MessageFormat format = new MessageFormat(messages.getMessage(key, null, key, locale), locale);
    for (java.text.Format f : format.getFormatsByArgumentIndex()) {
      if (f instanceof java.text.DateFormat d) {
        d.setTimeZone(TimeZone.getTimeZone("UTC")); // times are shown in UTC, as everywhere in the API
      }
    }
    return format.format(args);
  }

  private static @Nullable Object firstOf(Map<String, Object> data, String... keys) {
    for (String key : keys) {
      if (data.get(key) != null) {
        return data.get(key);
      }
    }
    return null;
  }

  private static @Nullable Date date(@Nullable Object iso) {
    return iso == null ? null : Date.from(Instant.parse(iso.toString()));
  }
}
