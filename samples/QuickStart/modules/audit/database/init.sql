-- Nothing has been transferred yet: an empty ledger, plus the row that numbers transfers.
CREATE TABLE audit_sequence (next_id BIGINT NOT NULL);
INSERT INTO audit_sequence (next_id) VALUES (1);
