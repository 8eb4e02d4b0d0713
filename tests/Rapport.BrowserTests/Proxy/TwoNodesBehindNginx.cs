using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Playwright;
using Npgsql;
using Xunit;

namespace Rapport.BrowserTests.Proxy;

/// <summary>
/// Two Rapport nodes on one PostgreSQL database (a new one on the server in <c>RAPPORT_TEST_POSTGRES</c>, which
/// scripts/test starts) sharing their sign-in keys, behind a local nginx (Debian's nginx-light, run as this user with a
/// generated configuration) that offers them two ways: <see cref="StickyUrl"/> keeps each client on one node
/// (<c>ip_hash</c>, as the admin guide shows), <see cref="RoundRobinUrl"/> sends each request to the next node. Every
/// answer through nginx names the node that gave it in <see cref="NodeHeader"/>.
/// </summary>
public sealed class TwoNodesBehindNginx : IAsyncLifetime
{
    public const string NodeHeader = "x-rapport-node";
    private const string Nginx = "/usr/sbin/nginx";

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> tokens = new(StringComparer.OrdinalIgnoreCase);
    private string dir = "";
    private string adminConnection = "";
    private string database = "";
    private Process? nginx;

    public RapportNode First { get; private set; } = default!;
    public RapportNode Second { get; private set; } = default!;
    public string StickyUrl { get; private set; } = "";
    public string RoundRobinUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        adminConnection = Environment.GetEnvironmentVariable("RAPPORT_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("RAPPORT_TEST_POSTGRES is not set: these tests run two nodes on a PostgreSQL server. Run scripts/test, which starts one.");
        if (!File.Exists(Nginx))
        {
            throw new InvalidOperationException($"{Nginx} is missing: install nginx-light (scripts/test does).");
        }

        dir = Directory.CreateTempSubdirectory("rapport-proxy-").FullName;
        // Run as root, nginx's workers are nobody, and must reach its temporary folders in here.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        database = $"rapport_proxy_{Unique.Letters()[..12]}";
        var settings = new Dictionary<string, string>
        {
            ["Rapport__Database__Provider"] = "PostgreSql",
            ["Rapport__Database__ConnectionString"] = new NpgsqlConnectionStringBuilder(adminConnection) { Database = database }.ConnectionString,
            ["Rapport__KeysDirectory"] = Path.Combine(dir, "keys"),
            ["Rapport__Demo__Seed"] = "true",
            ["Rapport__Email__PollSeconds"] = "1",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var dll = RapportFixture.HostDll();
        First = new RapportNode("first", dll, Path.Combine(dir, "first"), settings);
        Second = new RapportNode("second", dll, Path.Combine(dir, "second"), settings);
        await First.StartAsync(); // creates and migrates the database and seeds the demo; the second finds it ready
        await Second.StartAsync();
        await StartNginxAsync();
    }

    public async Task DisposeAsync()
    {
        if (nginx is { HasExited: false })
        {
            nginx.Kill(entireProcessTree: true);
            await nginx.WaitForExitAsync();
        }

        nginx?.Dispose();
        if (First is not null) await First.DisposeAsync();
        if (Second is not null) await Second.DisposeAsync();
        if (database.Length > 0)
        {
            await using var admin = new NpgsqlConnection(adminConnection);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Starts again a node a test killed, so that every test begins with both.</summary>
    public async Task BothRunningAsync()
    {
        foreach (var node in new[] { First, Second }.Where(n => !n.Running))
        {
            await node.StartAsync();
        }
    }

    /// <summary>The node that gave <paramref name="response"/> through nginx (the last one tried, if the first was down).</summary>
    public RapportNode NodeOf(IResponse? response)
    {
        var tried = response?.Headers.GetValueOrDefault(NodeHeader) ?? throw new InvalidOperationException($"The answer has no {NodeHeader} header.");
        return NodeAt(tried);
    }

    public RapportNode NodeAt(string upstreamAddresses)
    {
        var address = upstreamAddresses.Split(',').Last().Trim();
        return address == First.Address ? First : address == Second.Address ? Second : throw new InvalidOperationException($"No node at {address}.");
    }

    public RapportNode Other(RapportNode node) => node == First ? Second : First;

    public Task<string> TokenAsync(string email) =>
        tokens.GetOrAdd(email, e => new Lazy<Task<string>>(() => First.CreateTokenAsync(e))).Value;

    /// <summary>A client of the API at <paramref name="baseUrl"/> (a node itself, or nginx) as <paramref name="email"/>.</summary>
    public async Task<HttpClient> ApiAsync(string baseUrl, string email = "admin@rapport.demo")
    {
        var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(email));
        return http;
    }

    /// <summary>An inbound email from <paramref name="from"/> fed to the ingestion API of <paramref name="node"/>; returns its conversation.</summary>
    public async Task<Guid> ReceiveEmailAsync(RapportNode node, string from, string subject, string text, Guid? conversationId = null)
    {
        using var api = await ApiAsync(node.Url);
        var response = await api.PostAsJsonAsync("/api/v1/inbound-messages", new
        {
            channel = "email",
            providerMessageId = $"<{Unique.Letters()}@customer.example>",
            from = new { email = from, name = "Nadia Guest" },
            subject,
            text,
            conversationId,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{node.Name} answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("conversationId").GetGuid();
    }

    /// <summary>
    /// Signs <paramref name="email"/> in through <paramref name="baseUrl"/> in a new browser context and returns the page
    /// where sign-in lands (the inbox), without waiting for its live connection: through a round-robin proxy it comes only
    /// over one WebSocket. With <paramref name="negotiating"/> the browser negotiates its transport first, as one does
    /// after a proxy refused it WebSockets once (live.js), and through round-robin never comes live.
    /// </summary>
    public static async Task<IPage> SignInAsync(IBrowser browser, string baseUrl, string email, bool negotiating = false)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(15_000);
        if (negotiating)
        {
            await context.AddInitScriptAsync("localStorage.setItem('rapport.negotiate', '1')");
        }

        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(RapportFixture.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/inbox");
        return page;
    }

    private async Task StartNginxAsync()
    {
        var (sticky, roundRobin) = (RapportFixture.FreePort(), RapportFixture.FreePort());
        StickyUrl = $"http://127.0.0.1:{sticky}";
        RoundRobinUrl = $"http://127.0.0.1:{roundRobin}";
        var temp = Path.Combine(dir, "nginx");
        Directory.CreateDirectory(temp);
        var config = Path.Combine(dir, "nginx.conf");
        await File.WriteAllTextAsync(config, NginxConfig(temp, sticky, roundRobin));

        var start = new ProcessStartInfo(Nginx) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-p", dir, "-c", config, "-e", Path.Combine(dir, "error.log") })
        {
            start.ArgumentList.Add(arg);
        }

        nginx = Process.Start(start) ?? throw new InvalidOperationException("Could not start nginx.");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !nginx.HasExited)
        {
            if (Listening(sticky) && Listening(roundRobin))
            {
                return;
            }

            await Task.Delay(100);
        }

        var log = File.Exists(Path.Combine(dir, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(dir, "error.log")) : "";
        throw new InvalidOperationException($"nginx did not start on ports {sticky} and {roundRobin}:\n{await nginx.StandardError.ReadToEndAsync()}{log}");
    }

    /// <summary>
    /// The admin guide's proxy settings, twice: once sticky and once round-robin. A failed node is skipped for 2 s
    /// (nginx's default is 10 s) so that a node started again is used again soon.
    /// </summary>
    private string NginxConfig(string temp, int sticky, int roundRobin)
    {
        string Servers() => $"""
                    server {First.Address} max_fails=1 fail_timeout=2s;
                    server {Second.Address} max_fails=1 fail_timeout=2s;
            """;
        string Site(int port, string upstream) => $$"""
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://{{upstream}};
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $connection_upgrade;
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_read_timeout 1h;
                        add_header {{NodeHeader}} $upstream_addr always;
                    }
                }
            """;
        return string.Create(CultureInfo.InvariantCulture, $$"""
            daemon off;
            worker_processes 1;
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log warn;
            events { worker_connections 512; }
            http {
                access_log {{dir}}/access.log;
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
                map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                upstream sticky {
                    ip_hash;
            {{Servers()}}
                }
                upstream roundrobin {
            {{Servers()}}
                }
            {{Site(sticky, "sticky")}}
            {{Site(roundRobin, "roundrobin")}}
            }
            """);
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
