-- The sandbox provider's refunds and why a payment failed. Same schema on H2 (PostgreSQL mode) and PostgreSQL.

ALTER TABLE sandbox_payments ADD COLUMN failure_code VARCHAR(32);

CREATE TABLE sandbox_refunds (
    reference         VARCHAR(64)    PRIMARY KEY,
    payment_reference VARCHAR(64)    NOT NULL REFERENCES sandbox_payments (reference),
    idempotency_key   VARCHAR(64)    NOT NULL,
    amount            NUMERIC(19, 4) NOT NULL,
    currency          CHAR(3)        NOT NULL,
    status            VARCHAR(16)    NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    -- one refund per key and payment, even when the same request arrives twice at once; also lists a payment's refunds
    CONSTRAINT sandbox_refunds_idempotency UNIQUE (payment_reference, idempotency_key)
);
