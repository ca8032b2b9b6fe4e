package dev.orderly.notification.web;

import dev.orderly.common.Cursor;
import dev.orderly.common.Paged;
import org.springframework.http.ResponseEntity;
import org.jspecify.annotations.Nullable;
import dev.orderly.access.Actor;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.PageLimit;
import dev.orderly.common.Refusals;
import dev.orderly.notification.Inbox;
import dev.orderly.notification.InboxItem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The in-app inbox: a principal's own notifications, newest first, in its language. */
@Tag(name = "Inbox", description = "A principal's own notifications, newest first, in its language.")
@RestController
class InboxController {

  private final Inbox inbox;

  InboxController(Inbox inbox) {
    this.inbox = inbox;
  }

  @Operation(operationId = "listInbox", summary = "Read the inbox",
      description = "The caller's notifications, newest first, in its language. Paged like every list: limit, cursor, and the next page in the Link header (rel=\"next\").")
  @Refusals({ErrorCode.NOT_FOUND})
  @GetMapping("/api/v1/inbox")
  ResponseEntity<List<InboxItem>> inbox(Actor actor, @RequestParam(required = false) @Nullable Cursor cursor,
      @RequestParam(defaultValue = PageLimit.DEFAULT) @Min(PageLimit.MIN) @Max(PageLimit.MAX) int limit) {
    return Paged.answer(inbox.list(actor, cursor, limit));
  }

  @Operation(operationId = "markInboxItemRead", summary = "Mark a notification read",
      description = "Marks one of the caller's notifications read (once; a second time changes nothing).")
  @Refusals({ErrorCode.NOT_FOUND})
  @PostMapping("/api/v1/inbox/{id}/read")
  InboxItem read(Actor actor, @PathVariable UUID id) {
    return inbox.markRead(actor, id);
  }
}
