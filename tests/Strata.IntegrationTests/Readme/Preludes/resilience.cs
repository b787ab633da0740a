// What the resilience example assumes: a URL.
using Strata;

var url = "sqlite:app.db";
