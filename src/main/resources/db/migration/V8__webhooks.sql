-- Webhook subscriptions of a seller (owner_id) or of the admin (owner_id NULL). The signing secret
-- is stored encrypted (AES-GCM, key orderly.webhooks.secret-key): a database dump does not expose it.
CREATE TABLE webhook_subscriptions (
    id             UUID PRIMARY KEY,
    owner_id       UUID,
    url            VARCHAR(2000) NOT NULL,
    types          VARCHAR(1000) NOT NULL,
    secret         VARCHAR(200)  NOT NULL,
    status         VARCHAR(16)   NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    disabled_at    TIMESTAMP WITH TIME ZONE,
    disabled_reason VARCHAR(300)
);
CREATE INDEX webhook_subscriptions_owner ON webhook_subscriptions (owner_id);
CREATE INDEX webhook_subscriptions_status ON webhook_subscriptions (status);

-- A webhook delivery is a notification_deliveries row with channel WEBHOOK and target = subscription id.
ALTER TABLE notification_deliveries ADD COLUMN last_status_code INTEGER;
CREATE INDEX notification_deliveries_target ON notification_deliveries (target, created_at);

-- The delivery log: one row per attempt of a webhook delivery.
CREATE TABLE webhook_attempts (
    id            UUID PRIMARY KEY,
    delivery_id   UUID         NOT NULL REFERENCES notification_deliveries (id),
    attempt       INTEGER      NOT NULL,
    attempted_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    status_code   INTEGER,
    error         VARCHAR(300),
    duration_ms   INTEGER      NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, attempt);
