package dev.orderly.web;

import dev.orderly.common.Refusals;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The error-code catalogue, in the language of {@code Accept-Language} (en, zh-CN, id). */
@Tag(name = "Error codes", description = "What every stable code means and what to do about it, in English, Simplified Chinese and Indonesian.")
@RestController
class ErrorCatalogController {

  private final ErrorCatalog catalog;

  ErrorCatalogController(ErrorCatalog catalog) {
    this.catalog = catalog;
  }

  /** Every error and payment failure code. Any role: the /api/v1 interceptor already requires a token. */
  @Operation(operationId = "listErrorCodes", summary = "List the error codes",
      description = "Every error code and payment failure code with its meaning and what to do, in the caller's language.")
  @GetMapping("/api/v1/error-codes")
  ResponseEntity<ErrorCatalog.Catalog> all(Locale locale) {
    Locale language = ErrorCatalog.supported(locale);
    return localized(language, catalog.catalog(language));
  }

  /**
   * One error code. Public, because a problem's {@code type} is {@code /errors/<CODE>} and should
   * dereference for anyone holding the problem; {@code ?lang=} picks a language over the header.
   */
  @Operation(operationId = "getErrorCode", summary = "Read one error code",
      description = "What a problem's type URI points to: the code's meaning and what to do. Public; lang picks a language "
          + "over Accept-Language.")
  @Refusals({ErrorCode.NOT_FOUND})
  @GetMapping("/errors/{code}")
  ResponseEntity<ErrorCatalog.ErrorEntry> one(@PathVariable String code,
      @RequestParam(required = false) String lang, Locale locale) {
    ErrorCode errorCode = Arrays.stream(ErrorCode.values()).filter(c -> c.name().equals(code)).findFirst()
        .orElseThrow(() -> new OrderlyException(ErrorCode.NOT_FOUND, "no error code " + code));
    Locale language = lang == null ? ErrorCatalog.supported(locale) : ErrorCatalog.forTag(lang)
        .orElseThrow(() -> new OrderlyException(ErrorCode.VALIDATION_FAILED, "lang must be one of "
            + ErrorCatalog.LANGUAGES.stream().map(Locale::toLanguageTag).collect(Collectors.joining(", "))));
    return localized(language, catalog.error(errorCode, language));
  }

  private static <T> ResponseEntity<T> localized(Locale language, T body) {
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_LANGUAGE, language.toLanguageTag())
        .varyBy(HttpHeaders.ACCEPT_LANGUAGE)
        .body(body);
  }
}
