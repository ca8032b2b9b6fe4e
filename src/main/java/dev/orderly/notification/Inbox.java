package dev.orderly.notification;

import dev.orderly.common.Cursor;
import dev.orderly.common.Page;
import org.jspecify.annotations.Nullable;
import dev.orderly.access.Actor;
import dev.orderly.common.ErrorCode;
import dev.orderly.common.OrderlyException;
import dev.orderly.notification.internal.NotificationRepository;
import dev.orderly.notification.internal.NotificationTexts;
import dev.orderly.notification.internal.StoredNotification;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The in-app inbox: a principal's own notifications, newest first, rendered in the reader's
 * language. The configured admin is no principal and has no inbox: 404 NOT_FOUND.
 */
@Service
public class Inbox {

  private final NotificationRepository notifications;
  private final NotificationTexts texts;
  private final Clock clock;

  Inbox(NotificationRepository notifications, NotificationTexts texts, Clock clock) {
    this.notifications = notifications;
    this.texts = texts;
    this.clock = clock;
  }

  /** One page of the actor's notifications, newest first, in its language; 404 NOT_FOUND for the admin. */
  public Page<InboxItem> list(Actor actor, @Nullable Cursor after, int limit) {
    UUID me = requirePrincipal(actor);
    return notifications.inbox(me, after, limit).map(n -> item(n, actor.locale()));
  }

  /**
   * Marks one of the actor's notifications read (the first time only) and answers it; 404
   * NOT_FOUND when there is no such notification in the actor's inbox, or for the admin.
   */
  @Transactional
  public InboxItem markRead(Actor actor, UUID id) {
    UUID me = requirePrincipal(actor);
    if (!notifications.markRead(id, me, clock.instant())) {
      throw new OrderlyException(ErrorCode.NOT_FOUND, "no notification " + id + " in your inbox");
    }
    return item(notifications.find(id, me).orElseThrow(), actor.locale());
  }

  private InboxItem item(StoredNotification n, Locale locale) {
    NotificationTexts.Rendered text = texts.render(n.type(), n.data(), locale);
    return new InboxItem(n.id(), n.type(), n.orderId(), text.title(), text.body(), n.createdAt(), n.readAt(),
        text.caseId());
  }

  private static UUID requirePrincipal(Actor actor) {
    if (actor.id() == null) {
      throw new OrderlyException(ErrorCode.NOT_FOUND, "the configured admin has no inbox");
    }
    return actor.id();
  }
}
