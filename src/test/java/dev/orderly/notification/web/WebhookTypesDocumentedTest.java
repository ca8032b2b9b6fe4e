package dev.orderly.notification.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.notification.Webhooks;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The types the API document offers to subscribe are exactly the ones a subscription takes. */
class WebhookTypesDocumentedTest {

  @Test
  void theDocumentedTypesAreTheSubscribableOnes() throws NoSuchFieldException {
    ArraySchema documented = WebhookController.CreateWebhook.class.getDeclaredField("types")
        .getAnnotation(ArraySchema.class);
    assertThat(documented.schema().allowableValues())
        .containsExactlyInAnyOrder(Webhooks.SUBSCRIBABLE.stream().map(Enum::name).toArray(String[]::new));
    assertThat(Arrays.asList(documented.schema().allowableValues())).doesNotContain("WEBHOOK_DISABLED");
  }
}
