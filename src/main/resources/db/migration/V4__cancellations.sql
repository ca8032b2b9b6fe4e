-- Buyers' cancellation requests: immediate ones are APPROVED at once, the others wait for the
-- seller until respond_by (then AUTO_APPROVED by a timer), may be escalated and resolved by support.
CREATE TABLE cancellation_requests (
    id                  UUID PRIMARY KEY,
    order_id            UUID           NOT NULL REFERENCES orders (id),
    buyer_id            UUID           NOT NULL,
    seller_id           UUID           NOT NULL,
    status              VARCHAR(24)    NOT NULL,
    mode                VARCHAR(16)    NOT NULL,
    reason              VARCHAR(32)    NOT NULL,
    note                VARCHAR(1000),
    fee_amount          NUMERIC(19, 4) NOT NULL,
    refund_amount       NUMERIC(19, 4) NOT NULL,
    currency            CHAR(3)        NOT NULL,
    respond_by          TIMESTAMP WITH TIME ZONE,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_at          TIMESTAMP WITH TIME ZONE,
    decided_by          VARCHAR(80),
    decision_note       VARCHAR(1000),
    escalated_at        TIMESTAMP WITH TIME ZONE,
    escalation_note     VARCHAR(1000),
    resolved_at         TIMESTAMP WITH TIME ZONE,
    resolved_by         VARCHAR(80),
    resolution_note     VARCHAR(1000),
    confirmation_number VARCHAR(40),
    confirmed_at        TIMESTAMP WITH TIME ZONE
);
CREATE INDEX cancellation_requests_order ON cancellation_requests (order_id, created_at);
-- the seller-response timer: pending requests in deadline order
CREATE INDEX cancellation_requests_due ON cancellation_requests (status, respond_by);
CREATE INDEX cancellation_requests_seller ON cancellation_requests (seller_id, created_at);
CREATE INDEX cancellation_requests_buyer ON cancellation_requests (buyer_id, created_at);
