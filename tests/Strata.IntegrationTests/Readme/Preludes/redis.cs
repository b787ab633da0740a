// What the Redis example assumes: a database to load from, and the ids of a user.
using Strata;

IDatabase db = Database.Open("sqlite::memory:");
long id = 42;
string userId = "user_123";
