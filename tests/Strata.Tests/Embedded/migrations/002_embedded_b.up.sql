CREATE TABLE embedded_b (id INTEGER);
