package dev.orderly.notification;

import dev.orderly.common.PageLimit;
import dev.orderly.access.Actor;
import dev.orderly.access.Allowed;
import dev.orderly.access.Role;
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
@RestController
@RequestMapping("/api/v1/webhooks")
class WebhookController {

  record CreateWebhook(String url, List<String> types) {}

  /** The secret is in the answer to the creation only. */
  record CreatedWebhook(UUID id, String url, List<NotificationType> types, String secret, String status,
      Instant createdAt) {}

  private final Webhooks webhooks;

  WebhookController(Webhooks webhooks) {
    this.webhooks = webhooks;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  CreatedWebhook create(@Allowed({Role.SELLER, Role.ADMIN}) Actor actor, @RequestBody CreateWebhook body) {
    Webhooks.Created c = webhooks.create(actor, body.url(), body.types());
    Webhooks.Subscription s = c.subscription();
    return new CreatedWebhook(s.id(), s.url(), s.types(), c.secret(), s.status(), s.createdAt());
  }

  @GetMapping
  List<Webhooks.Subscription> list(@Allowed({Role.SELLER, Role.ADMIN}) Actor actor) {
    return webhooks.list(actor);
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@Allowed({Role.SELLER, Role.ADMIN}) Actor actor, @PathVariable UUID id) {
    webhooks.delete(actor, id);
  }

  @GetMapping("/{id}/deliveries")
  List<Webhooks.Delivery> deliveries(@Allowed({Role.SELLER, Role.ADMIN}) Actor actor, @PathVariable UUID id,
      @RequestParam(defaultValue = PageLimit.DEFAULT) @Min(PageLimit.MIN) @Max(PageLimit.MAX) int limit) {
    return webhooks.deliveries(actor, id, limit);
  }
}
