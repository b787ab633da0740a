using Strata.Studio.Data;

namespace Strata.Studio.Pages;

/// <summary>A row change waiting for confirmation: its SQL, and the form fields that post it again confirmed.</summary>
/// <param name="Change">The change.</param>
/// <param name="Handler">The page handler that applies it.</param>
/// <param name="Fields">The form's fields, posted again as hidden inputs.</param>
/// <param name="CancelUrl">Where Cancel leads.</param>
internal sealed record ChangePreview(RowChange Change, string Handler, IReadOnlyList<KeyValuePair<string, string?>> Fields, string CancelUrl);
