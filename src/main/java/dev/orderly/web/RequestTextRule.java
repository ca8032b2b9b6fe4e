package dev.orderly.web;

import io.swagger.v3.oas.models.media.Schema;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The text rule every request string follows ({@link dev.orderly.common.Text}) in the OpenAPI
 * document: every string member of a schema that a request body reaches gets {@link #TEXT_PATTERN}
 * and a minimum length of one.
 */
@Configuration(proxyBeanMethods = false)
class RequestTextRule {

  /**
   * {@link dev.orderly.common.Text} as an ECMA-262 pattern: not blank; no control characters but
   * tab and line breaks; no bidirectional controls; no noncharacters U+FFFE/U+FFFF.
   */
  static final String TEXT_PATTERN =
      "^(?!\\s*$)[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069\\uFFFE\\uFFFF]*$";

  /** Request strings follow the text rule; every schema a request body reaches gets the pattern. */
  @Bean
  OpenApiCustomizer requestText() {
    return openApi -> {
      Map<String, Schema> schemas = openApi.getComponents() == null ? null : openApi.getComponents().getSchemas();
      if (schemas == null || openApi.getPaths() == null) {
        return;
      }
      Set<String> requestSchemas = new HashSet<>();
      openApi.getPaths().values().forEach(path -> path.readOperations().forEach(op -> {
        if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
          op.getRequestBody().getContent().values().forEach(m -> collect(m.getSchema(), schemas, requestSchemas));
        }
      }));
      requestSchemas.forEach(name -> textRule(schemas.get(name)));
    };
  }

  private static void collect(Schema<?> schema, Map<String, Schema> schemas, Set<String> seen) {
    if (schema == null) {
      return;
    }
    if (schema.get$ref() != null) {
      String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
      if (seen.add(name)) {
        collect(schemas.get(name), schemas, seen);
      }
      return;
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(p -> collect(p, schemas, seen));
    }
    collect(schema.getItems(), schemas, seen);
  }

  private static void textRule(Schema<?> schema) {
    if (schema == null || schema.getProperties() == null) {
      return;
    }
    for (Schema<?> p : schema.getProperties().values()) {
      Schema<?> target = p.getItems() != null ? p.getItems() : p;
      boolean string = "string".equals(target.getType()) || (target.getTypes() != null && target.getTypes().contains("string"));
      if (string && target.getEnum() == null && target.getFormat() == null && target.getPattern() == null) {
        target.setPattern(TEXT_PATTERN);
        if (target.getMinLength() == null || target.getMinLength() < 1) {
          target.setMinLength(1); // blank text is refused; an optional member is left out instead
        }
      }
    }
  }
}
