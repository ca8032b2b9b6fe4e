package dev.orderly.web;

import dev.orderly.common.Text;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON is read strictly, because a typo in a request must not cost money: an unknown or misspelt
 * member is refused (a {@code paymentWindw} that silently changed nothing would be believed), as
 * are a member given twice, a number sent as a string ({@code "quantity": "1"}) or a string as a
 * number, an enum as its index, a duration as a number of seconds, and text that {@link Text}
 * refuses. Every refusal names the member (see {@link JsonProblems}).
 *
 * <p>Durations are written in ISO-8601 with whole days as days ({@code P7D}, {@code P1DT2H},
 * {@code PT30M}) — the form the README and the configuration use — and read in any ISO-8601
 * form {@link Duration#parse} accepts.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson implements WebMvcConfigurer {

  private final JsonMapper jsonMapper;

  StrictJson(JsonMapper jsonMapper) {
    this.jsonMapper = jsonMapper;
  }

  /**
   * Request and response bodies of Spring MVC go through the strict mapper; Orderly's own JSON
   * (timeline details, notification data, outbox payloads) keeps the application's mapper, since
   * what it wrote itself is not hostile input.
   */
  @Override
  public void configureMessageConverters(HttpMessageConverters.ServerBuilder converters) {
    JsonMapper.Builder builder = jsonMapper.rebuild();
    customize(builder);
    converters.withJsonConverter(new JacksonJsonHttpMessageConverter(builder.build()));
  }

  static void customize(JsonMapper.Builder builder) {
    builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
            DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .withCoercionConfig(LogicalType.Float, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
        .addModule(new SimpleModule("orderly-strict-json")
            .addDeserializer(String.class, new TextDeserializer())
            .addDeserializer(Duration.class, new DurationDeserializer())
            .addSerializer(Duration.class, new DurationSerializer()));
  }

  /** A refusal whose message is ours and says what the member must be; the path names the member. */
  static final class InvalidValue extends MismatchedInputException {
    InvalidValue(JsonParser p, String message, Class<?> target) {
      super(p, message, target);
    }
  }

  /** Strings only from JSON strings, and only text {@link Text} accepts. */
  static final class TextDeserializer extends StdDeserializer<String> {
    TextDeserializer() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw new InvalidValue(p, "must be a string", String.class);
      }
      String text = p.getString();
      Text.problem(text).ifPresent(why -> {
        throw new InvalidValue(p, why, String.class);
      });
      return text;
    }
  }

  static final class DurationDeserializer extends StdDeserializer<Duration> {
    DurationDeserializer() {
      super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) {
      if (p.currentToken() == JsonToken.VALUE_STRING) {
        try {
          return Duration.parse(p.getString());
        } catch (DateTimeParseException e) {
          // fall through to the refusal
        }
      }
      throw new InvalidValue(p, "must be an ISO-8601 duration in days, hours, minutes and seconds such as \"PT30M\" or "
          + "\"P2D\" (no years or months: their length varies)", Duration.class);
    }
  }

  static final class DurationSerializer extends StdSerializer<Duration> {
    DurationSerializer() {
      super(Duration.class);
    }

    @Override
    public void serialize(Duration value, JsonGenerator gen, SerializationContext provider) {
      gen.writeString(iso(value));
    }
  }

  /** {@code P7D} rather than {@code PT168H}: see {@link dev.orderly.common.Durations#iso}. */
  static String iso(Duration d) {
    return dev.orderly.common.Durations.iso(d);
  }
}
