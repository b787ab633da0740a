using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Strata;

/// <summary>
/// The resolver <see cref="JsonSerializer"/> uses when options name none: reflection over any type where the application allows it,
/// and nothing in trimmed and native AOT applications (which switch <see cref="JsonSerializer.IsReflectionEnabledByDefault"/> off),
/// where a type must come from a source-generated <c>JsonSerializerContext</c> set on the options.
/// </summary>
internal static class DefaultJsonResolver
{
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Reflection is used only when JsonSerializer.IsReflectionEnabledByDefault is on, which trimmed and AOT applications switch off (and the trimmer then removes this branch).")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Reflection is used only when JsonSerializer.IsReflectionEnabledByDefault is on, which trimmed and AOT applications switch off (and the trimmer then removes this branch).")]
    public static IJsonTypeInfoResolver Get() =>
        JsonSerializer.IsReflectionEnabledByDefault ? new DefaultJsonTypeInfoResolver() : JsonTypeInfoResolver.Combine();
}
