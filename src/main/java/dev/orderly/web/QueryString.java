package dev.orderly.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request's query string, decoded strictly once (by {@link RequestGuard}, for every request) and
 * kept on the request for whoever reads it next ({@link DeclaredInputs}). Percent-encoding of UTF-8
 * (RFC 3986) with {@code +} for a space (WHATWG form encoding); a parameter without a name, a
 * {@code %} not followed by two hex digits, or bytes that are not UTF-8 make it malformed.
 */
final class QueryString {

  private static final String ATTRIBUTE = QueryString.class.getName();

  /** Why a query string could not be read. */
  static final class Malformed extends Exception {
    Malformed(String why) {
      super(why, null, false, false);
    }
  }

  private QueryString() {}

  /** Parses the request's query string and keeps the result on the request. */
  static Map<String, List<String>> read(HttpServletRequest request) throws Malformed {
    Map<String, List<String>> params = parse(request.getQueryString());
    request.setAttribute(ATTRIBUTE, params);
    return params;
  }

  /** The parameters {@link #read} kept, or the query string parsed now (a request the guard did not see). */
  @SuppressWarnings("unchecked")
  static Map<String, List<String>> of(HttpServletRequest request) throws Malformed {
    Object kept = request.getAttribute(ATTRIBUTE);
    return kept instanceof Map<?, ?> map ? (Map<String, List<String>>) map : read(request);
  }

  /** Name → values, in the order given. */
  static Map<String, List<String>> parse(String query) throws Malformed {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return params;
    }
    for (String pair : query.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      if (name.isEmpty()) {
        throw new Malformed("a parameter has no name");
      }
      params.computeIfAbsent(name, k -> new ArrayList<>()).add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return params;
  }

  private static String decode(String part) throws Malformed {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == '%') {
        if (i + 2 >= part.length() || Character.digit(part.charAt(i + 1), 16) < 0
            || Character.digit(part.charAt(i + 2), 16) < 0) {
          throw new Malformed("'%' must be followed by two hexadecimal digits");
        }
        bytes.write(Character.digit(part.charAt(i + 1), 16) * 16 + Character.digit(part.charAt(i + 2), 16));
        i += 2;
      } else {
        byte[] raw = String.valueOf(c == '+' ? ' ' : c).getBytes(StandardCharsets.UTF_8);
        bytes.write(raw, 0, raw.length);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new Malformed("percent-encoded bytes are not UTF-8");
    }
  }
}
