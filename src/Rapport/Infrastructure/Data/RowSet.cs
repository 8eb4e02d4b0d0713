namespace Rapport.Infrastructure.Data;

/// <summary>
/// Rows of one mapped type to insert (<see cref="RowWriter.InsertAsync(RowSet, CancellationToken)"/>). A new record's
/// rows are given as sets rather than as code that writes them, so that creates queued behind the chain's lock can be
/// written together: every set of a type in one statement (<see cref="InsertGroup"/>).
/// </summary>
internal readonly record struct RowSet(Type Type, IReadOnlyList<object> Rows)
{
    public static RowSet Of<T>(IReadOnlyList<T> rows) where T : class => new(typeof(T), rows);
}
