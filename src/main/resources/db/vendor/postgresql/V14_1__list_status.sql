-- Support's lists by status (orders, cancellation requests, refunds needing attention) need an index
-- that leads with the status and ends in the list's (time, id): a rare status is then as quick as a
-- common one, its last page included. On the status column itself such an index also matches the
-- timers' claims ("status = 'AWAITING_PAYMENT' AND payment_reminder_at <= now", ...), and PostgreSQL,
-- with no statistics yet on a new table, took it for them and read every unpaid order at each look
-- (bench/README.md, issue 14). So the lists filter on list_status, a copy of the status that the
-- database keeps (a generated column) and no timer names.
ALTER TABLE orders ADD COLUMN list_status VARCHAR(20) GENERATED ALWAYS AS (status) STORED;
ALTER TABLE cancellation_requests ADD COLUMN list_status VARCHAR(24) GENERATED ALWAYS AS (status) STORED;
ALTER TABLE refunds ADD COLUMN list_status VARCHAR(16) GENERATED ALWAYS AS (status) STORED;
CREATE INDEX orders_status_placed ON orders (list_status, placed_at, id);
CREATE INDEX cancellation_requests_status ON cancellation_requests (list_status, created_at, id);
CREATE INDEX refunds_status ON refunds (list_status, created_at, id);
