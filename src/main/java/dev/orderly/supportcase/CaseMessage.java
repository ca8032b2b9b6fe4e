package dev.orderly.supportcase;

import dev.orderly.access.Role;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a case's conversation.
 *
 * @param author the writer's name (a principal's name; the configured admin's name for the admin)
 * @param authorId the writer's principal id (null for the configured admin)
 * @param role the writer's role when writing
 * @param body the text, at most {@link SupportCase#MAX_BODY} characters
 * @param internal an internal note: support's only, never shown to the buyer or the seller
 * @param action for a support action taken from the case, what it was (the order timeline's type,
 *     such as {@code PAYMENT_DEADLINE_EXTENDED}); the body is then the action's note. Internal.
 */
public record CaseMessage(UUID id, String author, @Nullable UUID authorId, Role role, String body, boolean internal,
    @Nullable String action, Instant at) {}
