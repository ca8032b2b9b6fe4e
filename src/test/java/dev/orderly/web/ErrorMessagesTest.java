package dev.orderly.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.common.ErrorCode;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorMessagesTest {

  @ParameterizedTest
  @ValueSource(strings = {"messages.properties", "messages_zh_CN.properties", "messages_id.properties"})
  void everyErrorCodeHasATitleAndAnExplanationInEveryLanguage(String bundle) throws Exception {
    Properties p = new Properties();
    try (var in = getClass().getClassLoader().getResourceAsStream(bundle)) {
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(p.getProperty("error." + code.name() + ".title")).as(bundle + " title of " + code).isNotBlank();
      assertThat(p.getProperty("error." + code.name() + ".detail")).as(bundle + " detail of " + code).isNotBlank();
    }
  }
}
