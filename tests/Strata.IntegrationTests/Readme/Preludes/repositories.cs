// What the repositories example assumes: an open database with the users, posts and comments tables.
using Strata;

await using var db = Database.Open("sqlite:app.db");
await db.ExecuteAsync($"CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)");
await db.ExecuteAsync($"CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id), title TEXT NOT NULL)");
await db.ExecuteAsync($"CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL REFERENCES posts (id), body TEXT NOT NULL)");
