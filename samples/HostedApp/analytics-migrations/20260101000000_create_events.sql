-- What happened, for reporting; kept apart from the orders in the analytics database.
-- UP
CREATE TABLE events (
    id VARCHAR(32) PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    detail VARCHAR(200)
);

-- DOWN
DROP TABLE events;
