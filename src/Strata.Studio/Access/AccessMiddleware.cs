using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace Strata.Studio.Access;

/// <summary>
/// Guards every request: the Host header must name the studio, a sign-in token is swapped for the session cookie (and the
/// token dropped from the address bar), and anything without the cookie is refused.
/// </summary>
internal sealed class AccessMiddleware(RequestDelegate next, StudioAccess access)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (!access.IsAllowedHost(request.Headers.Host.ToString()))
        {
            await RefuseAsync(response, StatusCodes.Status400BadRequest, "This address is not the studio's: open it through 127.0.0.1 or localhost with its port.").ConfigureAwait(false);
            return;
        }
        if (request.Query.TryGetValue(StudioAccess.TokenParameter, out var token))
        {
            if (!access.Redeem(token.ToString()))
            {
                await RefuseAsync(response, StatusCodes.Status401Unauthorized, "This sign-in link was used already or is wrong. Start strata studio again for a new one.").ConfigureAwait(false);
                return;
            }
            response.Cookies.Append(access.CookieName, access.SessionValue, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true,
            });
            var query = QueryString.Create(request.Query.Where(q => q.Key != StudioAccess.TokenParameter));
            response.Redirect(UriHelper.BuildRelative(request.PathBase, request.Path, query));
            return;
        }
        if (!access.IsSession(request.Cookies[access.CookieName]))
        {
            await RefuseAsync(response, StatusCodes.Status401Unauthorized, "Open the studio with the link strata studio printed; it signs this browser in.").ConfigureAwait(false);
            return;
        }
        await next(context).ConfigureAwait(false);
    }

    private static Task RefuseAsync(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(message);
    }
}
