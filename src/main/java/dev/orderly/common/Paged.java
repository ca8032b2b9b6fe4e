package dev.orderly.common;

import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The answer of a list endpoint (API.md, Conventions → Lists): the page's items as a JSON array and,
 * while there is a next page, {@code Link: <this request's URI with cursor=…>; rel="next"} (RFC 8288
 * §3). The link keeps every other query parameter (filters, limit) as the client sent it.
 */
public final class Paged {
  private Paged() {}

  public static <T> ResponseEntity<List<T>> answer(Page<T> page) {
    ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
    if (page.next() != null) {
      String next = ServletUriComponentsBuilder.fromCurrentRequest()
          .replaceQueryParam("cursor", page.next().token())
          .build().toUriString();
      ok.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
    }
    return ok.body(page.items());
  }
}
