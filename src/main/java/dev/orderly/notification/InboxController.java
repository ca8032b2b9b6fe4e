package dev.orderly.notification;

import io.swagger.v3.oas.annotations.media.Schema;
import dev.orderly.common.Refusals;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import dev.orderly.common.PageLimit;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderly.access.Actor;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.Jdbc;
import dev.orderly.common.OrderlyException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** The in-app inbox: a principal's own notifications, newest first, in its language. */
@Tag(name = "Inbox", description = "A principal's own notifications, newest first, in its language.")
@RestController
class InboxController {
  private static final TypeReference<LinkedHashMap<String, Object>> DATA = new TypeReference<>() {};

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "InboxItem", description = "a notification in the recipient's language")
  record Item(UUID id, NotificationType type, UUID orderId, String title, String body, Instant createdAt,
      Instant readAt) {}

  private final JdbcClient jdbc;
  private final NotificationTexts texts;
  private final ObjectMapper json;
  private final Clock clock;

  InboxController(JdbcClient jdbc, NotificationTexts texts, ObjectMapper json, Clock clock) {
    this.jdbc = jdbc;
    this.texts = texts;
    this.json = json;
    this.clock = clock;
  }

  @Operation(operationId = "listInbox", summary = "Read the inbox",
      description = "The caller's notifications, newest first, in its language.")
  @Refusals({ErrorCode.NOT_FOUND})
  @GetMapping("/api/v1/inbox")
  List<Item> inbox(Actor actor, @RequestParam(defaultValue = PageLimit.DEFAULT) @Min(PageLimit.MIN) @Max(PageLimit.MAX) int limit) {
    UUID me = requirePrincipal(actor);
    Locale locale = actor.locale();
    return jdbc.sql("SELECT * FROM notifications WHERE recipient_id = ? ORDER BY created_at DESC, id LIMIT ?")
        .params(me, limit)
        .query((rs, n) -> {
          NotificationType type = NotificationType.valueOf(rs.getString("type"));
          NotificationTexts.Rendered text = texts.render(type, json.readValue(rs.getString("data"), DATA), locale);
          return new Item(rs.getObject("id", UUID.class), type, rs.getObject("order_id", UUID.class), text.title(),
              text.body(), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "read_at"));
        }).list();
  }

  @Operation(operationId = "markInboxItemRead", summary = "Mark a notification read",
      description = "Marks one of the caller's notifications read (once; a second time changes nothing).")
  @Refusals({ErrorCode.NOT_FOUND})
  @PostMapping("/api/v1/inbox/{id}/read")
  Item read(Actor actor, @PathVariable UUID id) {
    UUID me = requirePrincipal(actor);
    int changed = jdbc.sql("UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE id = ? AND recipient_id = ?")
        .params(Jdbc.ts(clock.instant()), id, me).update();
    if (changed == 0) {
      throw new OrderlyException(ErrorCode.NOT_FOUND, "no notification " + id + " in your inbox");
    }
    return inbox(actor, 500).stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
  }

  private static UUID requirePrincipal(Actor actor) {
    if (actor.id() == null) {
      throw new OrderlyException(ErrorCode.NOT_FOUND, "the configured admin has no inbox");
    }
    return actor.id();
  }
}
