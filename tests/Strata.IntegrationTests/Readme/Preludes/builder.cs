// What the query builder example assumes: an open database with users, organizations and counters, and two values.
using Strata;

await using var db = Database.Open("sqlite:app.db");
await db.ExecuteAsync($"CREATE TABLE organizations (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
await db.ExecuteAsync($"""
    CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT NOT NULL, age INTEGER, active INTEGER NOT NULL,
                        role TEXT NOT NULL DEFAULT 'member', org_id INTEGER REFERENCES organizations (id),
                        created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)
    """);
await db.ExecuteAsync($"CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
await db.ExecuteAsync($"INSERT INTO organizations (id, name) VALUES (5, 'Analytical Engines')");
await db.ExecuteAsync($"INSERT INTO users (email, name, age, active, org_id) VALUES ('ada@example.com', 'Ada', 36, 1, 5), ('alan@example.com', 'Alan', 41, 1, NULL)");
var min = 18;
var q = "AD";
