-- The sandbox provider's payments expire when the merchant asks (the order's payment deadline), as a real
-- provider's do: a buyer can no longer pay one past its expires_at. Absent for payments made before.
ALTER TABLE sandbox_payments ADD COLUMN expires_at TIMESTAMP WITH TIME ZONE;
