-- UP
ALTER TABLE audit_transfers ADD COLUMN note VARCHAR(200);
-- DOWN
ALTER TABLE audit_transfers DROP COLUMN note;
