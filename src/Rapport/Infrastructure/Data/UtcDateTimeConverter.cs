using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Rapport.Infrastructure.Data;

/// <summary>
/// Every instant in the model is a UTC <see cref="DateTime"/> (SQLite cannot compare DateTimeOffset in SQL);
/// this converter makes sure values read back are marked UTC so they serialise with a 'Z'.
/// </summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
