package dev.orderly.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request whose body was read once (to hash it) and is served again to the handler. A form's
 * body ({@code application/x-www-form-urlencoded}) was parsed too: its fields are the request's
 * parameters after the query string's, as the container would give them had it read the body.
 */
final class CachedBodyRequest extends HttpServletRequestWrapper {
  private final byte[] body;
  private final Map<String, List<String>> form;
  private @Nullable Map<String, String[]> parameters;

  CachedBodyRequest(HttpServletRequest request, byte[] body, Map<String, List<String>> form) {
    super(request);
    this.body = body;
    this.form = form;
  }

  @Override
  public Map<String, String[]> getParameterMap() {
    if (form.isEmpty()) {
      return super.getParameterMap();
    }
    if (parameters == null) {
      Map<String, List<String>> all = new LinkedHashMap<>();
      try {
        // the query string as the guard read it (the container's own parsing would try to read the body again)
        QueryString.of((HttpServletRequest) getRequest()).forEach((name, values) ->
            all.computeIfAbsent(name, k -> new ArrayList<>()).addAll(values));
      } catch (QueryString.Malformed cannotBe) {
        throw new IllegalStateException("the guard refuses a malformed query string first", cannotBe);
      }
      form.forEach((name, values) -> all.computeIfAbsent(name, k -> new ArrayList<>()).addAll(values));
      Map<String, String[]> merged = new LinkedHashMap<>();
      all.forEach((name, values) -> merged.put(name, values.toArray(String[]::new)));
      parameters = Collections.unmodifiableMap(merged);
    }
    return parameters;
  }

  @Override
  public @Nullable String getParameter(String name) {
    String[] values = getParameterMap().get(name);
    return values == null || values.length == 0 ? null : values[0];
  }

  @Override
  public Enumeration<String> getParameterNames() {
    return Collections.enumeration(getParameterMap().keySet());
  }

  @Override
  public String @Nullable [] getParameterValues(String name) {
    return getParameterMap().get(name);
  }

  byte[] body() {
    return body;
  }

  @Override
  public ServletInputStream getInputStream() {
    ByteArrayInputStream in = new ByteArrayInputStream(body);
    return new ServletInputStream() {
      @Override
      public int read() {
        return in.read();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        return in.read(b, off, len);
      }

      @Override
      public boolean isFinished() {
        return in.available() == 0;
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setReadListener(ReadListener listener) {
        throw new UnsupportedOperationException("synchronous reads only");
      }
    };
  }

  @Override
  public BufferedReader getReader() {
    return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
  }

  @Override
  public int getContentLength() {
    return body.length;
  }

  @Override
  public long getContentLengthLong() {
    return body.length;
  }
}
