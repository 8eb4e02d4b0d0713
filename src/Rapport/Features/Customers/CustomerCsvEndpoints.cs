using Microsoft.AspNetCore.Http.HttpResults;

namespace Rapport.Features.Customers;

public static class CustomerCsvEndpoints
{
    /// <summary>Imports customers from a CSV body (text/csv). Good rows are imported, bad rows reported by line.</summary>
    public static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> ImportCustomers(HttpRequest request, CustomerCsv csv, CancellationToken ct)
    {
        if (request.ContentType is null || !request.ContentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(title: "Send the file as text/csv.", detail: "Content-Type must be text/csv.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, type: "https://rapport.dev/problems/unsupported-media-type");
        }

        using var reader = new StreamReader(request.Body);
        return TypedResults.Ok(await csv.ImportAsync(reader, ct));
    }

    /// <summary>Every customer as CSV, in the same columns the import takes.</summary>
    public static async Task ExportCustomers(HttpResponse response, CustomerCsv csv, Rapport.Infrastructure.Data.RapportDbContext db, CancellationToken ct)
    {
        // Every customer's contact details leave the system: recorded once (not per customer), shown on each customer's access report.
        db.Audit.Record(CustomerCsv.ExportedAction, CustomerCsv.ExportSubjectType, CustomerCsv.ExportSubjectId, new { format = "csv", via = "api" });
        await db.SaveChangesAsync(ct);
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = "attachment; filename=customers.csv";
        await using var writer = new StreamWriter(response.Body);
        await csv.ExportAsync(writer, ct);
    }
}
