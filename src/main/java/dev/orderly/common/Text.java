package dev.orderly.common;

import java.util.Optional;

/**
 * What text Orderly accepts from outside: anything a person can type, and nothing that hides what
 * is shown or breaks what reads it later (emails, webhooks, the timeline, a support agent's screen).
 *
 * <p>Refused: blank text (an optional member is left out instead), control characters other than
 * tab and line breaks (NUL truncates in C libraries and some databases), Unicode bidirectional
 * overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069: they make text read
 * differently than it is, CVE-2021-42574 "Trojan Source"), unpaired surrogates (not a character;
 * not encodable as UTF-8) and the noncharacters U+FFFE and U+FFFF.
 *
 * <p>Lengths are counted in characters (Unicode code points), as JSON Schema's {@code maxLength}
 * counts them: 600 emoji are 600 characters, although Java stores them in 1,200 {@code char}s.
 */
public final class Text {
  private Text() {}

  /** Why the text is refused, or empty when it is acceptable. */
  public static Optional<String> problem(String text) {
    if (text.isBlank()) {
      return Optional.of("must not be blank (an optional member is left out rather than sent blank)");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return Optional.of("contains an unpaired surrogate at character " + (i + 1));
      }
      if (Character.isLowSurrogate(c)) {
        return Optional.of("contains an unpaired surrogate at character " + (i + 1));
      }
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f)) {
        return Optional.of(String.format("contains the control character U+%04X", (int) c));
      }
      if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
        return Optional.of(String.format("contains the bidirectional control character U+%04X", (int) c));
      }
      if (c == 0xfffe || c == 0xffff) {
        return Optional.of(String.format("contains the noncharacter U+%04X", (int) c));
      }
    }
    return Optional.empty();
  }

  /** At most {@code max} characters of the text, never splitting a character in two. */
  public static String truncate(String text, int max) {
    if (text == null || length(text) <= max) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, max));
  }

  /** The length in characters (code points), the way JSON Schema and PostgreSQL count it. */
  public static int length(CharSequence text) {
    return Character.codePointCount(text, 0, text.length());
  }
}
