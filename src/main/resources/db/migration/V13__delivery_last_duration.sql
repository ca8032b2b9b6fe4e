-- How long a delivery's last attempt took (ms). A webhook delivery's successful attempt is no longer
-- written to webhook_attempts: the delivery log derives it from the delivery row (attempts,
-- delivered_at, last_status_code, this). Failed attempts are still written there, one row each.
ALTER TABLE notification_deliveries ADD COLUMN last_duration_ms INTEGER;
