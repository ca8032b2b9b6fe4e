-- H2 only (this directory is Flyway's {vendor} location; PostgreSQL needs nothing: its nextval never writes
-- the files at commit, and its sequence caches are per session, which would number two sessions'
-- entries at one instant out of writing order). An identity column hands out values from a
-- cache; when the cache runs out H2 records the sequence's new bound by committing its system session,
-- and with WRITE_DELAY=0 that commit writes every changed page of the database to the file. With the
-- default cache of 32 that happened every 32 timeline rows: a third of the deadline sweep's time and a
-- file write per 32 orders placed. A large cache makes it rare. After a crash the identity resumes
-- above the recorded bound (values are skipped, never reused); the timeline orders by time, then id.
ALTER TABLE order_events ALTER COLUMN id SET CACHE 1000000;
ALTER TABLE payment_method_outcomes ALTER COLUMN id SET CACHE 1000000;
ALTER TABLE buyer_audit ALTER COLUMN id SET CACHE 1000000;
