namespace Strata;

/// <summary>What the relation loaders need of any model, whatever its type.</summary>
internal interface IModel
{
    /// <summary>True when the model came from the database (or was saved), so saving it updates.</summary>
    bool Exists { get; set; }

    /// <summary>True when the model came from a query that returned several rows (strict loading refuses its lazy loads).</summary>
    bool FromList { get; set; }

    /// <summary>The value of a mapped column.</summary>
    object? ColumnValue(string column);

    /// <summary>The model's key value.</summary>
    object? KeyValue { get; }
}
