using Microsoft.AspNetCore.Http;

namespace Strata.Studio.Hosting;

/// <summary>
/// Headers on every answer: no framing (clickjacking), no sniffing, no referrer (the address may have carried a token),
/// scripts only from the studio itself, and nothing cached.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers["X-Frame-Options"] = "DENY";
        headers["X-Content-Type-Options"] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cache-Control"] = "no-store";
        headers["Content-Security-Policy"] = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'";
        return next(context);
    }
}
