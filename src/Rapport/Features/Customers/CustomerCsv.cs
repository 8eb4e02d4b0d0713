using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Csv;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Customers;

/// <summary>One row that could not be imported, with the reason.</summary>
public sealed record ImportError(int Row, string Field, string Message);

/// <summary>
/// What an import did: good rows are imported, bad rows are listed; nothing is silently dropped. <see cref="Warnings"/>
/// lists values imported as given that deserve a second look (a phone number the phone-number data does not know).
/// </summary>
public sealed record ImportReport(int Rows, int Imported, int Failed, IReadOnlyList<ImportError> Errors, IReadOnlyList<ImportError> Warnings);

/// <summary>
/// CSV import and export of customers. Columns: name, kind, type, organisation, emails, phones, social (network:handle),
/// address, preferred_channel, language, style, technical_awareness, customer_since. Multiple values are separated by ';'.
/// Every cell goes through <see cref="CsvCells"/>: a cell a spreadsheet would run as a formula is exported escaped, and
/// import reads it back as it was.
/// </summary>
public sealed class CustomerCsv(RapportDbContext db, CustomerService customers)
{
    public static readonly string[] Columns =
        ["name", "kind", "type", "organisation", "emails", "phones", "social", "address", "preferred_channel", "language", "style", "technical_awareness", "customer_since"];

    private static readonly CsvConfiguration Config = new(CultureInfo.InvariantCulture)
    {
        PrepareHeaderForMatch = a => a.Header.Trim().ToLowerInvariant(),
        MissingFieldFound = null,
        BadDataFound = null,
        DetectDelimiter = true,
    };

    /// <summary>Validates every row, then saves all good rows in one transaction.</summary>
    public async Task<ImportReport> ImportAsync(TextReader input, CancellationToken ct)
    {
        using var csv = new CsvReader(input, Config);
        var errors = new List<ImportError>();
        var warnings = new List<ImportError>();
        var good = new List<Customer>();
        if (!await csv.ReadAsync() || !csv.ReadHeader())
        {
            return new ImportReport(0, 0, 0, [new ImportError(1, "header", "The file is empty; the first line must name the columns.")], []);
        }

        var header = csv.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        if (!header.Contains("name"))
        {
            return new ImportReport(0, 0, 0, [new ImportError(1, "header", $"The header has no 'name' column. Expected columns: {string.Join(", ", Columns)}.")], []);
        }

        var unknown = header.Where(h => h.Length > 0 && !Columns.Contains(h)).ToList();
        if (unknown.Count > 0)
        {
            return new ImportReport(0, 0, 0, [new ImportError(1, "header", $"Unknown column(s): {string.Join(", ", unknown)}. Expected: {string.Join(", ", Columns)}.")], []);
        }

        var rows = 0;
        while (await csv.ReadAsync())
        {
            ct.ThrowIfCancellationRequested();
            rows++;
            var line = csv.Parser.Row;
            var sources = new List<string>();
            try
            {
                var customer = customers.Build(ToRequest(name => header.Contains(name) ? CsvCells.Unescape(csv.GetField(name)) : null, sources));
                good.Add(customer);
                warnings.AddRange(customer.ContactPoints.Where(p => p.Type == ContactPointType.Phone)
                    .Select(p => PhoneNumberRule.WarningFor(p.Normalized)).OfType<string>().Select(w => new ImportError(line, "phones", w)));
            }
            catch (InvalidInputException e)
            {
                errors.Add(new ImportError(line, ColumnOf(e.Field, sources), e.Message));
            }
        }

        db.Customers.AddRange(good);
        await db.SaveChangesAsync(ct);
        return new ImportReport(rows, good.Count, errors.Count, errors, warnings);
    }

    /// <summary>How an export is named in the audit trail: one entry per export, about every customer.</summary>
    public const string ExportedAction = "customers.exported";
    public const string ExportSubjectType = "customers";
    public const string ExportSubjectId = "export";

    public async Task ExportAsync(TextWriter output, CancellationToken ct)
    {
        await using var csv = new CsvWriter(output, CsvCells.WriterConfiguration(), leaveOpen: true);
        void Cell(string? value) => csv.WriteField(CsvCells.Escape(value));
        foreach (var column in Columns)
        {
            Cell(column);
        }

        await csv.NextRecordAsync();
        var query = db.Customers.AsNoTracking().Include(c => c.ContactPoints).Where(c => c.MergedIntoId == null)
            .OrderBy(c => c.NameNormalized).ThenBy(c => c.Id).AsAsyncEnumerable();
        await foreach (var c in query.WithCancellation(ct))
        {
            string Join(ContactPointType t, Func<ContactPoint, string> f) => string.Join(";", c.ContactPoints.Where(p => p.Type == t).OrderBy(p => p.Id).Select(f));
            Cell(c.Name);
            Cell(Kebab(c.Kind.ToString()));
            Cell(c.Type.ToString().ToLowerInvariant());
            Cell(c.Organisation ?? "");
            Cell(Join(ContactPointType.Email, p => p.Value));
            Cell(Join(ContactPointType.Phone, p => p.Normalized));
            Cell(Join(ContactPointType.Social, p => $"{p.Network}:{p.Value}"));
            Cell(Join(ContactPointType.Postal, p => p.Value));
            Cell(c.Profile.PreferredChannel == Channel.None ? "" : c.Profile.PreferredChannel.ToString().ToLowerInvariant());
            Cell(c.Profile.Language ?? "");
            Cell(c.Profile.Style == Formality.Unknown ? "" : c.Profile.Style.ToString().ToLowerInvariant());
            Cell(c.Profile.TechnicalAwareness == TechnicalAwareness.Unknown ? "" : c.Profile.TechnicalAwareness.ToString().ToLowerInvariant());
            Cell(c.CustomerSince.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await csv.NextRecordAsync();
        }

        await csv.FlushAsync();
    }

    /// <summary>The CSV column a validation error belongs to: "contactPoints[2].value" means nothing to someone fixing a file.</summary>
    private static string ColumnOf(string field, List<string> sources)
    {
        if (field == "network")
        {
            return "social";
        }

        if (field.StartsWith("contactPoints[", StringComparison.Ordinal)
            && int.TryParse(field["contactPoints[".Length..field.IndexOf(']', StringComparison.Ordinal)], CultureInfo.InvariantCulture, out var index)
            && index < sources.Count)
        {
            return sources[index];
        }

        return field;
    }

    /// <summary>Builds the create request for one row; <paramref name="sources"/> gets the column of each contact point, in order.</summary>
    private static CreateCustomerRequest ToRequest(Func<string, string?> field, List<string> sources)
    {
        var points = new List<ContactPointRequest>();
        points.AddRange(Split(field("emails")).Select(v => new ContactPointRequest(ContactPointType.Email, v)));
        points.AddRange(Split(field("phones")).Select(v => new ContactPointRequest(ContactPointType.Phone, v)));
        sources.AddRange(points.Select(p => p.Type == ContactPointType.Email ? "emails" : "phones"));
        foreach (var social in Split(field("social")))
        {
            var colon = social.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new InvalidInputException("social", $"'{social}' must be written network:handle, e.g. x:@rapport.");
            }

            points.Add(new ContactPointRequest(ContactPointType.Social, social[(colon + 1)..], social[..colon]));
            sources.Add("social");
        }

        if (!string.IsNullOrWhiteSpace(field("address")))
        {
            points.Add(new ContactPointRequest(ContactPointType.Postal, field("address")!));
            sources.Add("address");
        }

        var profile = new CommunicationProfileRequest(
            PreferredChannel: ParseEnum(field("preferred_channel"), "preferred_channel", Channel.None),
            Language: field("language"),
            Style: ParseEnum(field("style"), "style", Formality.Unknown),
            TechnicalAwareness: ParseEnum(field("technical_awareness"), "technical_awareness", TechnicalAwareness.Unknown));
        DateTime? since = null;
        if (!string.IsNullOrWhiteSpace(field("customer_since")))
        {
            since = DateTime.TryParse(field("customer_since"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d)
                ? d
                : throw new InvalidInputException("customer_since", $"'{field("customer_since")}' is not a date (use YYYY-MM-DD).");
        }

        return new CreateCustomerRequest(field("name") ?? "", ParseEnum(field("kind"), "kind", CustomerKind.External),
            ParseEnum(field("type"), "type", PartyType.Person), field("organisation"), points, profile, since);
    }

    private static IEnumerable<string> Split(string? value) =>
        (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static T ParseEnum<T>(string? value, string field, T fallback) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        return Enum.TryParse<T>(value.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new InvalidInputException(field, $"'{value}' is not one of: {string.Join(", ", Enum.GetNames<T>().Select(n => Kebab(n)))}.");
    }

    private static string Kebab(string pascal) =>
        string.Concat(pascal.Select((ch, i) => char.IsUpper(ch) && i > 0 ? "-" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
}
