-- When to remind the buyer of an unpaid order; cleared once reminded, paid or cancelled.
ALTER TABLE orders ADD COLUMN payment_reminder_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX orders_payment_reminder ON orders (payment_reminder_at);

-- When to tell the seller that a cancellation request is about to be approved automatically.
ALTER TABLE cancellation_requests ADD COLUMN response_due_notice_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX cancellation_requests_due_notice ON cancellation_requests (response_due_notice_at);
