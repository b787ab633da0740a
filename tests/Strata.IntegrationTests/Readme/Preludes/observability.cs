// What the observability example assumes: a URL and a logger factory.
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Strata;

var url = "sqlite:app.db";
ILoggerFactory loggerFactory = NullLoggerFactory.Instance;
