-- Text limits are counted in characters (code points), as the API document's maxLength counts
-- them; H2 counts a column's length in UTF-16 units, so a character outside the Basic
-- Multilingual Plane (an emoji) takes two. Every column holding client text gets room for its
-- limit in UTF-16 units (twice the limit), so text the API accepts is always stored. PostgreSQL
-- counts characters; the wider columns change nothing there but the declared bound.
ALTER TABLE principals ALTER COLUMN name TYPE VARCHAR(200);
ALTER TABLE principals ALTER COLUMN email TYPE VARCHAR(508);
ALTER TABLE products ALTER COLUMN sku TYPE VARCHAR(128);
ALTER TABLE products ALTER COLUMN title TYPE VARCHAR(400);
ALTER TABLE orders ALTER COLUMN carrier TYPE VARCHAR(128);
ALTER TABLE orders ALTER COLUMN tracking_number TYPE VARCHAR(128);
ALTER TABLE cancellation_requests ALTER COLUMN note TYPE VARCHAR(2000);
ALTER TABLE cancellation_requests ALTER COLUMN decision_note TYPE VARCHAR(2000);
ALTER TABLE cancellation_requests ALTER COLUMN escalation_note TYPE VARCHAR(2000);
ALTER TABLE cancellation_requests ALTER COLUMN resolution_note TYPE VARCHAR(2000);
ALTER TABLE buyer_audit ALTER COLUMN note TYPE VARCHAR(2000);
ALTER TABLE webhook_subscriptions ALTER COLUMN url TYPE VARCHAR(4000);
-- timeline details and notification data carry notes as escaped JSON (a quote or a line break
-- takes two characters there)
ALTER TABLE order_events ALTER COLUMN detail TYPE VARCHAR(16000);
ALTER TABLE notifications ALTER COLUMN data TYPE VARCHAR(16000);
