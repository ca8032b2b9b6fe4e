-- Events out to RabbitMQ (orderly.events.amqp.enabled): one row per domain event, written by
-- dev.orderly.events.EventOutbox in the transaction of the change that causes it, published by
-- EventRelay (a DueWork) to the topic exchange orderly.events with routing key = type and AMQP
-- messageId = id. next_attempt_at is NULL once published.
CREATE TABLE event_outbox (
    id              UUID PRIMARY KEY,
    type            VARCHAR(64)    NOT NULL,
    order_id        UUID,
    payload         VARCHAR(65536) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE,
    attempts        INTEGER        NOT NULL,
    last_error      VARCHAR(300),
    published_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX event_outbox_due ON event_outbox (next_attempt_at);
CREATE INDEX event_outbox_published ON event_outbox (published_at);
