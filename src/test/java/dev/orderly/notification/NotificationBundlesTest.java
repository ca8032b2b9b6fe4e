package dev.orderly.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Date;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every notification type has a title and a body in every language, and every text formats. */
class NotificationBundlesTest {

  @ParameterizedTest
  @CsvSource({"notifications.properties,en", "notifications_zh_CN.properties,zh-CN", "notifications_id.properties,id"})
  void everyTypeHasATitleAndABodyThatFormat(String bundle, String language) throws Exception {
    Properties p = new Properties();
    try (var in = getClass().getClassLoader().getResourceAsStream(bundle)) {
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    Locale locale = Locale.forLanguageTag(language);
    Object[] sample = {"261123-ABCDEFGH", "detail", "20.00 USD", new Date(0), "a note", "CARD, OVO"};
    for (NotificationType type : NotificationType.values()) {
      String prefix = "notification." + type.name() + ".";
      assertThat(p.getProperty(prefix + "title")).as(bundle + " title of " + type).isNotBlank();
      assertThat(p.stringPropertyNames().stream().filter(k -> k.startsWith(prefix) && k.endsWith("body")))
          .as(bundle + " body of " + type).isNotEmpty();
    }
    // the variants the renderer picks by data (NotificationTexts): every language has each of them
    for (String variant : new String[] {"approved", "approved-nothing-to-refund", "rejected"}) {
      assertThat(p.getProperty("notification.CANCELLATION_DECIDED." + variant + ".body")).as(bundle + " " + variant)
          .isNotBlank();
    }
    for (String key : p.stringPropertyNames()) {
      String text = new MessageFormat(p.getProperty(key), locale).format(sample);
      assertThat(text).as(bundle + " " + key).isNotBlank().doesNotContain("{").doesNotContain("}");
    }
  }
}
