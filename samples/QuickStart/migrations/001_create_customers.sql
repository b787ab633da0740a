-- Customers, each with a unique email.
-- UP
CREATE TABLE customers (
    id BIGINT PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    email VARCHAR(200) NOT NULL UNIQUE
);

-- DOWN
DROP TABLE customers;
