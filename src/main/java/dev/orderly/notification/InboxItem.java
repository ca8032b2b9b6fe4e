package dev.orderly.notification;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A notification in its recipient's inbox, with title and body in the reader's language;
 * {@code orderId} is null for a notification about no order, {@code readAt} null until read,
 * {@code caseId} set for {@code CASE_UPDATED} only (null members are left out).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "InboxItem", description = "a notification in the recipient's language")
public record InboxItem(UUID id, NotificationType type, @Nullable UUID orderId, String title, String body,
    Instant createdAt, @Nullable Instant readAt, @Nullable UUID caseId) {}
