-- Where a principal is told by email (optional).
ALTER TABLE principals ADD COLUMN email VARCHAR(254);

-- Every notification, written in the transaction of the change that causes it. It is also the
-- recipient's inbox; title and body are rendered in the recipient's language when read or sent.
CREATE TABLE notifications (
    id           UUID PRIMARY KEY,
    recipient_id UUID          NOT NULL,
    type         VARCHAR(32)   NOT NULL,
    order_id     UUID,
    data         VARCHAR(4000) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    read_at      TIMESTAMP WITH TIME ZONE
);
CREATE INDEX notifications_recipient ON notifications (recipient_id, created_at);

-- The outbox: one row per notification and channel, claimed by the relay (FOR UPDATE SKIP LOCKED).
CREATE TABLE notification_deliveries (
    id               UUID PRIMARY KEY,
    notification_id  UUID          NOT NULL REFERENCES notifications (id),
    channel          VARCHAR(16)   NOT NULL,
    target           VARCHAR(500)  NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    attempts         INTEGER       NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE,
    last_error       VARCHAR(300),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    delivered_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at);
CREATE INDEX notification_deliveries_notification ON notification_deliveries (notification_id);
