package dev.orderly.notification.web;

import dev.orderly.common.Cursor;
import dev.orderly.common.Paged;
import org.springframework.http.ResponseEntity;
import org.jspecify.annotations.Nullable;
import jakarta.validation.constraints.Size;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.Valid;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Refusals;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import dev.orderly.common.PageLimit;
import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.access.Role;
import dev.orderly.notification.NotificationType;
import dev.orderly.notification.WebhookDelivery;
import dev.orderly.notification.WebhookStatus;
import dev.orderly.notification.WebhookSubscription;
import dev.orderly.notification.Webhooks;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Webhook subscriptions (API.md, Notifications): sellers for their shop, the admin for everything. */
@Tag(name = "Webhooks", description = "Signed webhooks (Standard Webhooks) for sellers and the admin, with a delivery log.")
@RestController
@RequestMapping("/api/v1/webhooks")
class WebhookController {

  /** What to subscribe: an http(s) URL and the notification types to send to it (WEBHOOK_DISABLED is not one). */
  record CreateWebhook(
      @NotBlank @Size(max = 2000) @Schema(description = "an http or https URL", example = "https://shop.example/hooks")
      String url,
      @NotNull @Size(min = 1, max = 20)
      @ArraySchema(schema = @Schema(allowableValues = {"PAYMENT_REMINDER", "ORDER_PAID", "ORDER_CANCELLED",
          "ORDER_SHIPPED", "CANCELLATION_REQUESTED", "CANCELLATION_DECIDED", "SELLER_RESPONSE_DUE", "REFUND_UPDATED",
          "PAYMENT_METHOD_DEGRADED", "CASE_UPDATED"}))
      List<@NotNull String> types) {}

  /** The secret is in the answer to the creation only. */
  record CreatedWebhook(UUID id, String url, List<NotificationType> types, String secret, WebhookStatus status,
      Instant createdAt) {}

  private final Webhooks webhooks;

  WebhookController(Webhooks webhooks) {
    this.webhooks = webhooks;
  }

  @Operation(operationId = "createWebhook", summary = "Subscribe a webhook",
      description = "Subscribes a URL to notification types; answers with the signing secret, shown once. Private and "
          + "loopback addresses are refused unless allowed.")
  @Refusals({ErrorCode.WEBHOOK_URL_NOT_ALLOWED})
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  CreatedWebhook create(@Allowed({Role.SELLER, Role.ADMIN}) Actor actor, @Valid @RequestBody CreateWebhook body) {
    Webhooks.Created c = webhooks.create(actor, body.url(), body.types());
    WebhookSubscription s = c.subscription();
    return new CreatedWebhook(s.id(), s.url(), s.types(), c.secret(), s.status(), s.createdAt());
  }

  @Operation(operationId = "listWebhooks", summary = "List webhooks",
      description = "The caller's subscriptions (the admin: all), with their status, oldest first. Paged like every list: limit, cursor, and the next page in the Link header (rel=\"next\").")
  @GetMapping
  ResponseEntity<List<WebhookSubscription>> list(@Allowed({Role.SELLER, Role.ADMIN}) Actor actor,
      @RequestParam(required = false) @Nullable Cursor cursor,
      @RequestParam(defaultValue = PageLimit.DEFAULT) @Min(PageLimit.MIN) @Max(PageLimit.MAX) int limit) {
    return Paged.answer(webhooks.list(actor, cursor, limit));
  }

  @Operation(operationId = "deleteWebhook", summary = "Delete a webhook",
      description = "Removes a subscription of the caller's; nothing more is sent to it.")
  @Refusals({ErrorCode.NOT_FOUND})
  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@Allowed({Role.SELLER, Role.ADMIN}) Actor actor, @PathVariable UUID id) {
    webhooks.delete(actor, id);
  }

  @Operation(operationId = "listWebhookDeliveries", summary = "List a webhook's deliveries",
      description = "Every delivery to a subscription of the caller's, newest first, with each attempt. Paged like every list: limit, cursor, and the next page in the Link header (rel=\"next\").")
  @Refusals({ErrorCode.NOT_FOUND})
  @GetMapping("/{id}/deliveries")
  ResponseEntity<List<WebhookDelivery>> deliveries(@Allowed({Role.SELLER, Role.ADMIN}) Actor actor,
      @PathVariable UUID id, @RequestParam(required = false) @Nullable Cursor cursor,
      @RequestParam(defaultValue = PageLimit.DEFAULT) @Min(PageLimit.MIN) @Max(PageLimit.MAX) int limit) {
    return Paged.answer(webhooks.deliveries(actor, id, cursor, limit));
  }
}
