using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.TestData;

namespace Rapport.IntegrationTests.Support;

/// <summary>Replays the recorded provider webhook cases against the host, byte for byte, and waits for what they cause.</summary>
public static class ProviderWebhooks
{
    /// <summary>The case's request as recorded: its method, the path and query it called, its headers and exact body.</summary>
    public static HttpRequestMessage Request(string casePath, Func<byte[], byte[]>? tamper = null, params string[] withoutHeaders)
    {
        var spec = TestWebhooks.Case(casePath)["request"]!;
        var url = spec["url"]!.GetValue<string>();
        byte[] body = [];
        if (spec["query_file"] is { } queryFile)
        {
            var query = Encoding.UTF8.GetString(TestWebhooks.Sibling(casePath, queryFile.GetValue<string>()));
            url = url.Replace("<contents of query_file>", tamper is null ? query : Encoding.UTF8.GetString(tamper(Encoding.UTF8.GetBytes(query))), StringComparison.Ordinal);
        }
        else if (spec["body_file"] is { } bodyFile)
        {
            body = TestWebhooks.Sibling(casePath, bodyFile.GetValue<string>());
            body = tamper is null ? body : tamper(body);
        }

        var request = new HttpRequestMessage(new HttpMethod(spec["method"]!.GetValue<string>()), url[ProviderStandIn.PublicUrl.Length..]);
        var headers = spec["headers"]?.AsObject() ?? [];
        if (request.Method != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(headers["Content-Type"]?.GetValue<string>() ?? "application/octet-stream");
        }

        foreach (var (name, value) in headers)
        {
            if (!name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && !withoutHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, value!.GetValue<string>());
            }
        }

        return request;
    }

    public static JsonNode Secret(string casePath) => TestWebhooks.Case(casePath)["secret"]!;

    /// <summary>Flips one character of the body (or query) in the middle of a value: what an attacker altering a request does.</summary>
    public static byte[] AlterOneByte(byte[] body)
    {
        var copy = body.ToArray();
        var at = Array.FindLastIndex(copy, copy.Length * 2 / 3, b => b is >= (byte)'a' and <= (byte)'z');
        copy[at] = copy[at] == (byte)'x' ? (byte)'y' : (byte)'x';
        return copy;
    }

    /// <summary>Waits until ingestion has processed everything journalled so far.</summary>
    public static async Task ProcessedAsync(this RapportFactory app)
    {
        var giveUp = DateTime.UtcNow.AddSeconds(30);
        while (await app.WithDbAsync(db => db.InboundJournal.AnyAsync(j => j.ProcessedAt == null)))
        {
            Assert.True(DateTime.UtcNow < giveUp, "Ingestion never processed the journalled messages.");
            await Task.Delay(20);
        }
    }

    /// <summary>Everything a refused request must not have written: messages, customers, journal entries.</summary>
    public static Task<(int Messages, int Customers, int Journal)> FootprintAsync(this RapportFactory app) =>
        app.WithDbAsync(async db => (await db.Messages.CountAsync(), await db.Customers.CountAsync(), await db.InboundJournal.CountAsync()));
}
