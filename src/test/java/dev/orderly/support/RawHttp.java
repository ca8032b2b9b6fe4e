package dev.orderly.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests a well-behaved client refuses to send: malformed
 * percent-encoding, empty parameter names, raw bytes in paths. One request per connection.
 */
public final class RawHttp {

  public record Response(int status, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  private final int port;

  public RawHttp(int port) {
    this.port = port;
  }

  /**
   * Sends {@code target} (path and query exactly as given) with the headers and body; a body gets
   * a Content-Length and, unless a Content-Type header is given, {@code application/json}.
   */
  public Response send(String method, String target, Map<String, String> headers, byte[] body) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      head.append("Host: 127.0.0.1:").append(port).append("\r\n");
      head.append("Connection: close\r\n");
      boolean typed = headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Content-Type"));
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      if (body != null) {
        if (!typed) {
          head.append("Content-Type: application/json\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n");
      } else if (!"GET".equals(method) && !"HEAD".equals(method) && !"DELETE".equals(method)) {
        head.append("Content-Length: 0\r\n");
      }
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return read(socket.getInputStream(), "HEAD".equals(method));
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + abbreviate(target) + ": " + e, e);
    }
  }

  private static Response read(InputStream in, boolean headOnly) throws IOException {
    String statusLine = line(in);
    String[] parts = statusLine.split(" ", 3);
    int status = Integer.parseInt(parts[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String l = line(in); !l.isEmpty(); l = line(in)) {
      int colon = l.indexOf(':');
      headers.computeIfAbsent(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(l.substring(colon + 1).trim());
    }
    byte[] body;
    List<String> encoding = headers.get("transfer-encoding");
    List<String> length = headers.get("content-length");
    if (headOnly || status == 204 || status == 304) {
      body = new byte[0];
    } else if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
          size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
        buffer.write(in.readNBytes(size));
        line(in);
      }
      body = buffer.toByteArray();
    } else if (length != null) {
      body = in.readNBytes(Integer.parseInt(length.get(0)));
    } else {
      body = in.readAllBytes();
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (b != '\r') {
        buffer.write(b);
      }
    }
    return buffer.toString(StandardCharsets.ISO_8859_1);
  }

  public static String abbreviate(String s) {
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }
}
