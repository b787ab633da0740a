-- Accounts hold credits and can never go below zero.
-- UP
CREATE TABLE accounts (
    id BIGINT PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers (id),
    balance BIGINT NOT NULL CHECK (balance >= 0)
);
CREATE INDEX accounts_customer_id_index ON accounts (customer_id);

-- DOWN
DROP TABLE accounts;
