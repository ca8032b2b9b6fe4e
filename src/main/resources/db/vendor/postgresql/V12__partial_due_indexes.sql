-- PostgreSQL only (this directory is Flyway's {vendor} location; H2 has no partial indexes and keeps
-- the full ones of V1 and V7). The timers' indexes on orders now hold only the rows a timer can still
-- claim: unpaid orders for the deadline sweep and its pending-payment checks, delivered orders for
-- auto-complete, orders with a reminder still to send. Why:
-- * An order leaving the state (paid, cancelled, expired) is a non-HOT update, which inserts a new
--   entry into every index whose predicate the new row satisfies: three fewer of them per expired
--   order (measured in bench/README.md).
-- * The indexes stay as small as the live backlog instead of growing with every order ever placed,
--   so claiming the next batch costs the same with 10 million old orders as with none.
-- The timers' queries name the state as a literal ('AWAITING_PAYMENT', 'DELIVERED') or compare the
-- reminder time (which implies IS NOT NULL), so the planner can prove the predicates and use them.
DROP INDEX orders_payment_due;
CREATE INDEX orders_payment_due ON orders (payment_pending, payment_deadline) WHERE status = 'AWAITING_PAYMENT';
DROP INDEX orders_auto_complete_due;
CREATE INDEX orders_auto_complete_due ON orders (auto_complete_at) WHERE status = 'DELIVERED';
DROP INDEX orders_payment_reminder;
CREATE INDEX orders_payment_reminder ON orders (payment_reminder_at) WHERE payment_reminder_at IS NOT NULL;
