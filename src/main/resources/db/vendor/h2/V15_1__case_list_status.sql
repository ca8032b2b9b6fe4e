-- Support's case list by status (see V14_1): on a copy of the status the close timer does not name.
ALTER TABLE support_cases ADD COLUMN list_status VARCHAR(16) GENERATED ALWAYS AS (status);
CREATE INDEX support_cases_status_due ON support_cases (list_status, first_response_due, id);
