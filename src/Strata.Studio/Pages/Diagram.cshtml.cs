using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Strata.Studio.Data;

namespace Strata.Studio.Pages;

/// <summary>The schema as an entity-relationship diagram, drawn on the server as SVG.</summary>
internal sealed class DiagramModel(StudioCatalog catalog) : PageModel
{
    public DiagramLayout? Layout { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Layout = DiagramLayout.Of(await catalog.UserSchemaAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>An SVG <c>text</c> element (Razor reserves the tag for itself), its content encoded; <paramref name="type"/> follows in a lighter span.</summary>
    public static IHtmlContent Text(string cssClass, double x, double y, string content, string? type)
    {
        var encoder = HtmlEncoder.Default;
        var tail = type is null ? "" : $"<tspan class=\"type\">{encoder.Encode(type)}</tspan>";
        return new HtmlString(string.Create(CultureInfo.InvariantCulture,
            $"<text class=\"{cssClass}\" x=\"{x:0.#}\" y=\"{y:0.#}\">{encoder.Encode(content)}{tail}</text>"));
    }
}
