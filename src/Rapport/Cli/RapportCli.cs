using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Audit;
using Rapport.Features.Customers;
using Rapport.Features.Demo;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Cli;

/// <summary>
/// One executable: with no command (or only ASP.NET Core settings such as --urls) it serves; otherwise it runs an
/// administration command against the configured database and exits non-zero on failure.
/// </summary>
public static class RapportCli
{
    private static readonly string[] Commands = ["serve", "migrate", "seed-demo", "token", "import", "export", "audit", "--help", "-h", "-?", "--version"];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || !Commands.Contains(args[0]))
        {
            return await ServeAsync(args);
        }

        if (args[0] == "serve")
        {
            return await ServeAsync(args[1..]);
        }

        var root = new RootCommand("Rapport: customer relationships and service. With no command, serves on http://localhost:5080.");
        root.Subcommands.Add(new Command("serve", "Run the web UI and API (the default)."));
        root.Subcommands.Add(Admin("migrate", "Apply database migrations.", [], (_, _, _) => Task.FromResult(0)));
        root.Subcommands.Add(SeedDemoCommand());
        root.Subcommands.Add(TokenCommand());
        root.Subcommands.Add(ImportCommand());
        root.Subcommands.Add(ExportCommand());
        root.Subcommands.Add(AuditCommand());
        return await root.Parse(args).InvokeAsync();
    }

    private static async Task<int> ServeAsync(string[] args)
    {
        var app = RapportApp.Build(RapportApp.CreateBuilder(args));
        var seed = app.Configuration.GetValue("Rapport:Demo:Seed", true);
        await RapportApp.PrepareDatabaseAsync(app.Services, seed);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var urls = string.Join(", ", app.Urls);
            Console.WriteLine($"Rapport is running on {urls}");
            if (seed)
            {
                Console.WriteLine($"Demo logins (password '{RapportApp.DemoPassword(app.Configuration)}'): " +
                    string.Join(", ", DemoSeeder.Logins.Select(l => $"{l.Email} ({l.Role})")));
            }
        });
        await app.RunAsync();
        return 0;
    }

    private static Command SeedDemoCommand()
    {
        var count = new Option<int>("--customers") { Description = "How many demo customers to create.", DefaultValueFactory = _ => 200 };
        return Admin("seed-demo", "Fill an empty database with the demo organisation.", [count], async (sp, pr, ct) =>
        {
            var db = sp.GetRequiredService<RapportDbContext>();
            if (await db.Users.AnyAsync(ct))
            {
                return Fail("The database already has users; seed-demo only fills an empty database.");
            }

            await sp.GetRequiredService<DemoSeeder>().SeedAsync(RapportApp.DemoPassword(sp.GetRequiredService<IConfiguration>()), pr.GetValue(count), ct);
            Console.WriteLine($"Seeded the demo organisation with {pr.GetValue(count)} customers.");
            return 0;
        });
    }

    private static Command TokenCommand()
    {
        var email = new Option<string>("--email") { Description = "The user the token acts as.", Required = true };
        var name = new Option<string>("--name") { Description = "A name to recognise the token by.", Required = true };
        var create = Admin("create", "Create an API token and print its secret once.", [email, name], async (sp, pr, ct) =>
        {
            var db = sp.GetRequiredService<RapportDbContext>();
            var address = pr.GetValue(email)!.Trim();
            var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == address.ToUpperInvariant(), ct);
            if (user is null)
            {
                return Fail($"No user has the email '{address}'.");
            }

            sp.GetRequiredService<AuditContext>().SetSystemActor("cli");
            var (_, secret) = await sp.GetRequiredService<ApiTokenService>().IssueAsync(user.Id, pr.GetValue(name)!.Trim(), ct);
            Console.WriteLine(secret);
            return 0;
        });
        var token = new Command("token", "Manage API tokens.");
        token.Subcommands.Add(create);
        return token;
    }

    private static Command ImportCommand()
    {
        var file = new Argument<FileInfo>("file") { Description = "CSV file with a header row." };
        var customers = Admin("customers", "Import customers from CSV; bad rows are reported, good rows imported.", [file], async (sp, pr, ct) =>
        {
            var path = pr.GetValue(file)!;
            if (!path.Exists)
            {
                return Fail($"The file '{path.FullName}' does not exist.");
            }

            sp.GetRequiredService<AuditContext>().SetSystemActor("cli import");
            using var reader = new StreamReader(path.FullName);
            var report = await sp.GetRequiredService<CustomerCsv>().ImportAsync(reader, ct);
            foreach (var error in report.Errors)
            {
                Console.Error.WriteLine($"line {error.Row}: {error.Field}: {error.Message}");
            }

            Console.WriteLine($"{report.Imported} imported, {report.Failed} failed, of {report.Rows} rows.");
            return report.Failed == 0 && report.Errors.Count == 0 ? 0 : 2;
        });
        var import = new Command("import", "Import records.");
        import.Subcommands.Add(customers);
        return import;
    }

    private static Command ExportCommand()
    {
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var customers = Admin("customers", "Export every customer as CSV.", [output], async (sp, pr, ct) =>
        {
            var target = pr.GetValue(output);
            await using var writer = target is null ? new StreamWriter(Console.OpenStandardOutput()) : new StreamWriter(target.FullName);
            await sp.GetRequiredService<CustomerCsv>().ExportAsync(writer, ct);
            return 0;
        });
        var export = new Command("export", "Export records.");
        export.Subcommands.Add(customers);
        return export;
    }

    private static Command AuditCommand()
    {
        var verify = Admin("verify", "Check the audit trail's hash chain; reports the first broken link.", [], async (sp, _, ct) =>
        {
            var result = await AuditChain.VerifyAsync(sp.GetRequiredService<RapportDbContext>(), ct);
            if (result.Intact)
            {
                Console.WriteLine($"Audit trail intact: {result.EntriesChecked} entries checked.");
                return 0;
            }

            return Fail($"Audit trail broken at entry {result.FirstBrokenSequence}: {result.Problem} ({result.EntriesChecked} entries before it are intact).");
        });
        var audit = new Command("audit", "Audit trail.");
        audit.Subcommands.Add(verify);
        return audit;
    }

    /// <summary>A command that runs inside a migrated database scope and turns known failures into messages.</summary>
    private static Command Admin(string name, string description, Symbol[] symbols,
        Func<IServiceProvider, ParseResult, CancellationToken, Task<int>> action)
    {
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Option o: command.Options.Add(o); break;
                case Argument a: command.Arguments.Add(a); break;
            }
        }

        command.SetAction(async (pr, ct) =>
        {
            try
            {
                var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                RapportApp.AddServices(builder.Services, builder.Configuration);
                await using var app = builder.Build();
                await RapportApp.PrepareDatabaseAsync(app.Services, seedDemo: false, ct);
                await using var scope = app.Services.CreateAsyncScope();
                var code = await action(scope.ServiceProvider, pr, ct);
                if (name == "migrate" && code == 0)
                {
                    Console.WriteLine("Database is up to date.");
                }

                return code;
            }
            catch (InvalidInputException e)
            {
                return Fail($"{e.Field}: {e.Message}");
            }
            catch (Exception e) when (e is InvalidOperationException or DbUpdateException or System.Data.Common.DbException or IOException)
            {
                return Fail(e.Message);
            }
        });
        return command;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 1;
    }
}
