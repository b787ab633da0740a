using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace Strata.Studio.Hosting;

/// <summary>
/// Turns an unexpected failure into a short page with its message (Strata's messages never carry passwords or parameter
/// values), instead of an empty 500; the stack trace stays out of the page.
/// </summary>
internal sealed class ErrorMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = "text/html; charset=utf-8";
            var message = HtmlEncoder.Default.Encode($"{e.GetType().Name}: {e.Message}");
            await context.Response.WriteAsync(
                $"<!DOCTYPE html><html lang=\"en\"><head><title>Error · Strata Studio</title><link rel=\"stylesheet\" href=\"/assets/studio.css\"></head>" +
                $"<body><main id=\"main\"><h1>Something went wrong</h1><p class=\"error\" role=\"alert\">{message}</p><p><a href=\"/\">Back to the tables</a></p></main></body></html>").ConfigureAwait(false);
        }
    }
}
