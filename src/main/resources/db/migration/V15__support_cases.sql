-- Support cases (PRODUCT.md, Support cases): one row per case, its conversation in case_messages.
CREATE TABLE support_cases (
    id                  UUID PRIMARY KEY,
    number              VARCHAR(32)  NOT NULL UNIQUE,
    order_id            UUID         NOT NULL REFERENCES orders (id),
    order_number        VARCHAR(20)  NOT NULL,
    buyer_id            UUID         NOT NULL,
    seller_id           UUID         NOT NULL,
    topic               VARCHAR(32)  NOT NULL,
    opened_by           UUID         NOT NULL,
    opener_role         VARCHAR(16)  NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    assignee_id         UUID,
    assignee_name       VARCHAR(200),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    first_response_due  TIMESTAMP WITH TIME ZONE NOT NULL,
    first_responded_at  TIMESTAMP WITH TIME ZONE,
    -- the breach notice's due time: first_response_due until a first response or the notice
    breach_check_at     TIMESTAMP WITH TIME ZONE,
    solved_at           TIMESTAMP WITH TIME ZONE,
    -- end of the reopen window: the close timer's due time while SOLVED (a lease while it closes)
    close_at            TIMESTAMP WITH TIME ZONE,
    closed_at           TIMESTAMP WITH TIME ZONE,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX support_cases_order ON support_cases (order_id, created_at, id);
CREATE INDEX support_cases_buyer ON support_cases (buyer_id, created_at, id);
CREATE INDEX support_cases_seller ON support_cases (seller_id, created_at, id);
-- support's list: by first response due (one status: V15_1, per database)
CREATE INDEX support_cases_due ON support_cases (first_response_due, id);
CREATE INDEX support_cases_close ON support_cases (close_at);
CREATE INDEX support_cases_breach ON support_cases (breach_check_at);

CREATE TABLE case_messages (
    id          UUID PRIMARY KEY,
    case_id     UUID          NOT NULL REFERENCES support_cases (id),
    author      VARCHAR(200)  NOT NULL,
    author_id   UUID,
    role        VARCHAR(16)   NOT NULL,
    body        VARCHAR(8000) NOT NULL,
    internal    BOOLEAN       NOT NULL,
    -- a support action taken from the case (PAYMENT_DEADLINE_EXTENDED, ...): the body is its note
    action      VARCHAR(48),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX case_messages_case ON case_messages (case_id, created_at, id);

-- support's payment-deadline extensions of an order, in all (bounded by orderly.support.max-deadline-extension)
ALTER TABLE orders ADD COLUMN support_extension_ms BIGINT NOT NULL DEFAULT 0;
