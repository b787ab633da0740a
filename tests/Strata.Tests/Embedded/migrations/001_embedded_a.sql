-- UP
CREATE TABLE embedded_a (id INTEGER);
-- DOWN
DROP TABLE embedded_a;
