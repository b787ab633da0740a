// What the arrays example assumes: a PostgreSQL database with a posts table (id, title, tags text[]), and a list of ids.
using Strata;

await using var pg = Database.Open("postgres://app:secret@localhost/app");
long[] ids = [1, 2];
