package dev.orderly.supportcase;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A case changed in a way its opener is told of (notification {@code CASE_UPDATED}): someone else's
 * public reply, or a status change the opener did not make. Never published for an internal note.
 * Published inside the transaction of the change, so the notification commits with it.
 *
 * @param recipientId the case's opener
 * @param body the public reply or the resolution note; null for a status change without one
 * @param reopenUntil for a solved case, until when the opener may reopen it
 */
public record CaseUpdated(UUID caseId, String caseNumber, UUID orderId, String orderNumber, UUID sellerId,
    UUID recipientId, Change change, CaseStatus status, @Nullable String body, java.time.@Nullable Instant reopenUntil) {

  /** What happened: a public reply (possibly moving the status too), or a status change alone. */
  public enum Change { REPLIED, STATUS_CHANGED }
}
