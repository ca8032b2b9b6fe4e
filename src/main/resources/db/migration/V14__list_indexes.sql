-- Every list is paged by a cursor on (time, id) (API.md, Conventions → Lists): each list and filter
-- has an index that ends in its sort key, so a page reads only its own rows, the hundredth as fast as
-- the first. The plans on PostgreSQL are in the README (design notes → Lists and search).

-- orders: a buyer's, a shop's (all, or one status), support's (all; one status: V14_1, per database)
DROP INDEX orders_buyer;
CREATE INDEX orders_buyer ON orders (buyer_id, placed_at, id);
DROP INDEX orders_seller;
CREATE INDEX orders_seller ON orders (seller_id, placed_at, id);
CREATE INDEX orders_seller_status ON orders (seller_id, status, placed_at, id);
CREATE INDEX orders_placed ON orders (placed_at, id);

-- cancellation requests: a buyer's, a shop's, support's (all; one status, escalated the queue: V14_1)
DROP INDEX cancellation_requests_seller;
CREATE INDEX cancellation_requests_seller ON cancellation_requests (seller_id, created_at, id);
DROP INDEX cancellation_requests_buyer;
CREATE INDEX cancellation_requests_buyer ON cancellation_requests (buyer_id, created_at, id);
CREATE INDEX cancellation_requests_created ON cancellation_requests (created_at, id);

-- the inbox, a webhook's delivery log, a seller's webhooks, products
DROP INDEX notifications_recipient;
CREATE INDEX notifications_recipient ON notifications (recipient_id, created_at, id);
DROP INDEX notification_deliveries_target;
CREATE INDEX notification_deliveries_target ON notification_deliveries (target, created_at, id);
DROP INDEX webhook_subscriptions_owner;
CREATE INDEX webhook_subscriptions_owner ON webhook_subscriptions (owner_id, created_at, id);
CREATE INDEX products_seller ON products (seller_id, created_at, id);
CREATE INDEX products_created ON products (created_at, id);
