package dev.orderly.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.common.ErrorCode;
import dev.orderly.common.PaymentFailureCode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every code is documented (title, meaning, action) in every language, and nothing else is. */
class ErrorMessagesTest {

  private static final List<String> PARTS = List.of("title", "detail", "action");

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
    Set<String> expected = Set.copyOf(expectedKeys());
    List<String> stale = load(bundle).stringPropertyNames().stream()
        .filter(k -> k.startsWith("error.") || k.startsWith("payment-failure."))
        .filter(k -> !expected.contains(k)).sorted().toList();
    assertThat(stale).as(bundle + ": keys of unknown codes or parts").isEmpty();
  }

  // a text copied from English is a missing translation, not a translation
  @ParameterizedTest
  @ValueSource(strings = {"messages_zh_CN.properties", "messages_id.properties"})
  void translationsAreNotEnglishCopies(String bundle) throws Exception {
    Properties english = load("messages.properties");
    Properties translated = load(bundle);
    List<String> copied = expectedKeys().stream()
        .filter(k -> english.getProperty(k) != null && english.getProperty(k).equals(translated.getProperty(k)))
        .toList();
    assertThat(copied).as(bundle + ": texts identical to English").isEmpty();
  }

  @Test
  void everyKeyIsDocumentedOncePerBundle() throws Exception {
    for (String bundle : List.of("messages.properties", "messages_zh_CN.properties", "messages_id.properties")) {
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
