-- The audit module keeps one row per transfer.
CREATE TABLE audit_transfers (
    id BIGINT PRIMARY KEY,
    from_account BIGINT NOT NULL,
    to_account BIGINT NOT NULL,
    amount BIGINT NOT NULL
);
