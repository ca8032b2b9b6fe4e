package dev.orderly.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.cancellation.CancellationReason;
import dev.orderly.cancellation.NextStep;
import dev.orderly.cancellation.SellerCancellationReason;
import dev.orderly.common.ErrorCode;
import dev.orderly.payment.PaymentFailureCode;
import dev.orderly.order.CancelReason;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every code is documented (title, meaning, action) in every language, and nothing else is; every
 * cancellation text (next steps, reasons, terms, durations, confirmation) exists in every language,
 * and its MessageFormat patterns parse and format.
 */
class ErrorMessagesTest {

  private static final List<String> PARTS = List.of("title", "detail", "action");

  private static final List<String> BUNDLES =
      List.of("messages.properties", "messages_zh_CN.properties", "messages_id.properties");

  /** The locale each bundle is formatted in, as the application picks it from Accept-Language. */
  private static final Map<String, Locale> LOCALES = Map.of(
      "messages.properties", Locale.ENGLISH,
      "messages_zh_CN.properties", Locale.SIMPLIFIED_CHINESE,
      "messages_id.properties", Locale.forLanguageTag("id"));

  /** Prefixes of keys that belong to a code; a key under one of them for no code is stale. */
  private static final List<String> CODE_PREFIXES = List.of("error.", "payment-failure.", "next-step.",
      "cancellation-reason.", "seller-cancellation-reason.", "cancel-reason.", "terms.", "duration.", "cancellation.");

  /**
   * The java.text.MessageFormat patterns and the sample arguments each is formatted with (every set
   * in turn). String arguments must reappear in the result: a pattern that drops one (a missing
   * placeholder, or a lone apostrophe quoting it away) fails.
   */
  static final Map<String, List<Object[]>> PATTERNS = patterns();

  private static Map<String, List<Object[]>> patterns() {
    Map<String, List<Object[]>> m = new LinkedHashMap<>();
    for (String unit : List.of("days", "hours", "minutes", "seconds")) {
      m.put("duration." + unit, List.<Object[]>of(new Object[] {0L}, new Object[] {1L}, new Object[] {5L}, new Object[] {1500L}));
    }
    m.put("duration.join", List.<Object[]>of(new Object[] {"\u00ab1 day\u00bb", "\u00ab2 hours\u00bb"}));
    m.put("terms.payment-window", List.<Object[]>of(new Object[] {"\u00ab30 minutes\u00bb"}));
    m.put("terms.free-cancel", List.<Object[]>of(new Object[] {"\u00ab1 hour\u00bb"}));
    m.put("terms.free-cancel.none", List.<Object[]>of(new Object[0]));
    m.put("terms.cancellation-window", List.<Object[]>of(new Object[] {"\u00ab1 day\u00bb", "\u00ab2 days\u00bb"}));
    m.put("terms.cancellation-window.none", List.<Object[]>of(new Object[0]));
    m.put("terms.fee", List.<Object[]>of(new Object[] {"2.5"}, new Object[] {"10"}));
    m.put("terms.fee.none", List.<Object[]>of(new Object[0]));
    m.put("terms.digital.cancellable", List.<Object[]>of(new Object[0]));
    m.put("terms.digital.not-cancellable", List.<Object[]>of(new Object[0]));
    m.put("terms.after-shipping", List.<Object[]>of(new Object[0]));
    m.put("cancellation.confirmation", List.<Object[]>of(new Object[] {"ORD-20250101-0007", "2025-01-01T10:15:30Z"}));
    return m;
  }

  @ParameterizedTest
  @ValueSource(strings = {"messages.properties", "messages_zh_CN.properties", "messages_id.properties"})
  void everyCodeHasATitleAMeaningAndAnActionInEveryLanguage(String bundle) throws Exception {
    Properties p = load(bundle);
    for (String key : expectedKeys()) {
      assertThat(p.getProperty(key)).as(bundle + " lacks " + key).isNotBlank();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"messages.properties", "messages_zh_CN.properties", "messages_id.properties"})
  void noBundleDocumentsACodeThatNoLongerExists(String bundle) throws Exception {
    Set<String> expected = Set.copyOf(allKeys());
    List<String> stale = load(bundle).stringPropertyNames().stream()
        .filter(k -> CODE_PREFIXES.stream().anyMatch(k::startsWith))
        .filter(k -> !expected.contains(k)).sorted().toList();
    assertThat(stale).as(bundle + ": keys of unknown codes or parts").isEmpty();
  }

  // a text copied from English is a missing translation, not a translation
  @ParameterizedTest
  @ValueSource(strings = {"messages_zh_CN.properties", "messages_id.properties"})
  void translationsAreNotEnglishCopies(String bundle) throws Exception {
    Properties english = load("messages.properties");
    Properties translated = load(bundle);
    List<String> copied = allKeys().stream()
        .filter(k -> english.getProperty(k) != null && english.getProperty(k).equals(translated.getProperty(k)))
        .filter(k -> english.getProperty(k).replaceAll("\\{[^}]*}", "").chars().anyMatch(Character::isLetter))
        .toList();
    assertThat(copied).as(bundle + ": texts identical to English").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"messages.properties", "messages_zh_CN.properties", "messages_id.properties"})
  void everyCancellationTextExistsInEveryLanguage(String bundle) throws Exception {
    Properties p = load(bundle);
    List<String> missing = cancellationKeys().stream().filter(k -> p.getProperty(k) == null || p.getProperty(k).isBlank())
        .toList();
    assertThat(missing).as(bundle + " lacks").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"messages.properties", "messages_zh_CN.properties", "messages_id.properties"})
  void termsDurationsAndConfirmationAreMessageFormatPatternsThatFormat(String bundle) throws Exception {
    Properties p = load(bundle);
    Locale locale = LOCALES.get(bundle);
    PATTERNS.forEach((key, samples) -> {
      String pattern = p.getProperty(key);
      assertThat(pattern).as(bundle + " lacks " + key).isNotBlank();
      // a lone apostrophe starts a quoted section: it vanishes and hides what follows, placeholders too
      assertThat(pattern.replace("''", "")).as(bundle + " " + key + ": write a literal apostrophe as ''")
          .doesNotContain("'");
      MessageFormat format;
      try {
        format = new MessageFormat(pattern, locale);
      } catch (IllegalArgumentException e) {
        throw new AssertionError(bundle + " " + key + " is not a MessageFormat pattern: " + pattern, e);
      }
      for (Object[] args : samples) {
        String text = format.format(args);
        String as = bundle + " " + key + " formatted with " + Arrays.toString(args) + " -> " + text;
        assertThat(text).as(as).isNotBlank().doesNotContain("{").doesNotContain("}");
        for (Object arg : args) {
          assertThat(text).as(as + ": shows every argument").contains(arg instanceof Number n
              ? java.text.NumberFormat.getIntegerInstance(locale).format(n) : arg.toString());
        }
      }
    });
  }

  @Test
  void englishDurationsAreSingularForOneAndPluralOtherwise() {
    Properties p = loadUnchecked("messages.properties");
    for (String unit : List.of("day", "hour", "minute", "second")) {
      MessageFormat f = new MessageFormat(p.getProperty("duration." + unit + "s"), Locale.ENGLISH);
      assertThat(f.format(new Object[] {1L})).isEqualTo("1 " + unit);
      assertThat(f.format(new Object[] {5L})).isEqualTo("5 " + unit + "s");
      assertThat(f.format(new Object[] {0L})).isEqualTo("0 " + unit + "s");
      assertThat(f.format(new Object[] {1500L})).isEqualTo("1,500 " + unit + "s");
    }
  }

  // next steps, reasons and error texts are read as plain text (no arguments, so no MessageFormat):
  // an apostrophe written twice for MessageFormat would show twice
  @ParameterizedTest
  @ValueSource(strings = {"messages.properties", "messages_zh_CN.properties", "messages_id.properties"})
  void plainTextsDoNotDoubleApostrophes(String bundle) throws Exception {
    Properties p = load(bundle);
    List<String> doubled = allKeys().stream().filter(k -> !PATTERNS.containsKey(k))
        .filter(k -> p.getProperty(k) != null && p.getProperty(k).contains("''")).toList();
    assertThat(doubled).as(bundle + ": plain texts with ''").isEmpty();
  }

  @Test
  void everyKeyIsDocumentedOncePerBundle() throws Exception {
    for (String bundle : BUNDLES) {
      // Properties silently keeps the last of two equal keys, hiding an edit to the first
      List<String> keys = text(bundle).lines().map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("!"))
          .map(l -> l.split("[=:]", 2)[0].strip()).toList();
      List<String> duplicates = keys.stream().filter(k -> keys.indexOf(k) != keys.lastIndexOf(k)).distinct().toList();
      assertThat(duplicates).as(bundle + ": duplicate keys").isEmpty();
    }
  }

  static List<String> expectedKeys() {
    List<String> keys = new ArrayList<>();
    Stream.concat(Arrays.stream(ErrorCode.values()).map(c -> "error." + c.name()),
            Arrays.stream(PaymentFailureCode.values()).map(c -> "payment-failure." + c.name()))
        .forEach(prefix -> PARTS.forEach(part -> keys.add(prefix + "." + part)));
    return keys;
  }

  /** The texts of the cancellation feature: one per value of its enums, plus the terms patterns. */
  static List<String> cancellationKeys() {
    List<String> keys = new ArrayList<>();
    Arrays.stream(NextStep.values()).forEach(s -> keys.add("next-step." + s.name()));
    Arrays.stream(CancellationReason.values()).forEach(r -> keys.add("cancellation-reason." + r.name()));
    Arrays.stream(SellerCancellationReason.values()).forEach(r -> keys.add("seller-cancellation-reason." + r.name()));
    Arrays.stream(CancelReason.values()).forEach(r -> keys.add("cancel-reason." + r.name()));
    keys.addAll(PATTERNS.keySet());
    return keys;
  }

  static List<String> allKeys() {
    List<String> keys = new ArrayList<>(expectedKeys());
    keys.addAll(cancellationKeys());
    return keys;
  }

  private static Properties loadUnchecked(String bundle) {
    try {
      return load(bundle);
    } catch (IOException e) {
      throw new AssertionError(bundle, e);
    }
  }

  private static Properties load(String bundle) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(text(bundle)));
    return p;
  }

  /** The bundle's text; fails unless it is valid UTF-8, the encoding Spring reads it with. */
  private static String text(String bundle) throws IOException {
    try (var in = ErrorMessagesTest.class.getClassLoader().getResourceAsStream(bundle)) {
      assertThat(in).as(bundle + " on the class path").isNotNull();
      byte[] bytes = in.readAllBytes();
      try {
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        throw new AssertionError(bundle + " is not valid UTF-8", e);
      }
    }
  }
}
