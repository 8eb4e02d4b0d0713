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
    private static readonly string[] Commands = ["serve", "migrate", "seed-demo", "token", "import", "export", "audit", "backup", "restore", "--help", "-h", "-?", "--version"];

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
        root.Subcommands.Add(Admin("migrate", "Apply database migrations (creating the database if there is none).", [], DatabaseUse.Create,
            (_, _, _) => Task.FromResult(0)));
        root.Subcommands.Add(SeedDemoCommand());
        root.Subcommands.Add(TokenCommand());
        root.Subcommands.Add(ImportCommand());
        root.Subcommands.Add(ExportCommand());
        root.Subcommands.Add(AuditCommand());
        root.Subcommands.Add(BackupCommands.Backup());
        root.Subcommands.Add(BackupCommands.Restore());
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
        return Admin("seed-demo", "Fill an empty database with the demo organisation.", [count], DatabaseUse.Create, async (sp, pr, ct) =>
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
        // A token is for a user, so there is nothing to do without an existing database: it is migrated, never created.
        var create = Admin("create", "Create an API token and print its secret once.", [email, name], DatabaseUse.Existing, async (sp, pr, ct) =>
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
        var customers = Admin("customers", "Import customers from CSV; bad rows are reported, good rows imported.", [file], DatabaseUse.Create, async (sp, pr, ct) =>
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

            foreach (var warning in report.Warnings)
            {
                Console.Error.WriteLine($"line {warning.Row}: {warning.Field}: warning: {warning.Message}");
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
        var customers = Admin("customers", "Export every customer as CSV.", [output], DatabaseUse.ReadOnly, async (sp, pr, ct) =>
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
        var anchors = new Option<FileInfo?>("--anchors")
        {
            Description = "Check against the anchors in this file (e.g. an off-site copy) instead of Rapport:Audit:AnchorPath.",
        };
        var anchorTo = new Option<FileInfo?>("--anchors") { Description = "Append to this anchor file instead of Rapport:Audit:AnchorPath." };
        var verify = Admin("verify", "Check the audit trail's hash chain and its anchors; reports the first broken link or missing entries.", [anchors],
            DatabaseUse.ReadOnly, async (sp, pr, ct) =>
            {
                var settings = sp.GetRequiredService<AuditAnchorSettings>();
                var path = pr.GetValue(anchors)?.FullName ?? settings.Path;
                var result = await sp.GetRequiredService<AuditLog>().VerifyAsync(ct, path);
                var check = result.Anchors!;
                if (result.Intact)
                {
                    Console.WriteLine($"Audit trail intact: {result.EntriesChecked} entries checked.");
                    if (check.Verified > 0)
                    {
                        Console.WriteLine($"Anchors: {check.Verified} verified in '{path}' (key {check.KeyId}); the furthest vouches for entry " +
                            $"{check.AnchoredSequence}, the latest was written {check.LatestAt:yyyy-MM-dd HH:mm:ss} UTC.");
                    }
                }
                else
                {
                    Console.Error.WriteLine(result.FirstBrokenSequence is { } broken
                        ? $"error: Audit trail broken at entry {broken}: {result.Problem} ({result.EntriesChecked} entries before it are intact)."
                        : $"error: Audit trail not verified: {result.Problem}.");
                    foreach (var problem in check.Problems.Where(p => p.Message != result.Problem))
                    {
                        Console.Error.WriteLine($"error: {problem.Message}.");
                    }

                    Console.Error.WriteLine($"Anchors were read from '{path}'.");
                }

                foreach (var warning in check.Warnings)
                {
                    Console.WriteLine($"warning: {warning}");
                }

                return result.Intact ? 0 : 1;
            });
        var anchor = Admin("anchor", "Verify the audit trail and append a signed anchor of its last entry to the anchor file.", [anchorTo],
            DatabaseUse.ReadOnly, async (sp, pr, ct) =>
            {
                var settings = sp.GetRequiredService<AuditAnchorSettings>();
                if (pr.GetValue(anchorTo) is { } file)
                {
                    settings = settings.WithPath(file.FullName);
                }

                var result = await AuditAnchoring.AnchorAsync(sp.GetRequiredService<AuditLog>(), settings, sp.GetRequiredService<TimeProvider>(),
                    evenIfUnchanged: true, ct);
                switch (result.Outcome)
                {
                    case AnchorOutcome.Empty:
                        Console.WriteLine("The audit trail is empty: there is nothing to anchor yet.");
                        return 0;
                    case AnchorOutcome.Refused:
                        return Fail($"The audit trail does not verify, so no anchor was written: {result.Verification.Problem}. Run `rapport audit verify` for details.");
                }

                var written = result.Anchor!;
                Console.WriteLine($"Anchored entry {written.Sequence} ({written.Hash}) in '{settings.Path}', signed with key {written.Key}.");
                if (settings.FindKey(out _) is { BesideTheData: true })
                {
                    Console.WriteLine($"warning: no anchor key is configured: the anchor is signed with the key file '{settings.KeyFile}' beside the database; " +
                        $"set {AuditAnchorSettings.KeySetting} or {AuditAnchorSettings.KeyFileSetting} to keep the key elsewhere.");
                }

                return 0;
            });
        var audit = new Command("audit", "Audit trail.");
        audit.Subcommands.Add(verify);
        audit.Subcommands.Add(anchor);
        return audit;
    }

    /// <summary>What a command may do to the database it is pointed at.</summary>
    internal enum DatabaseUse
    {
        /// <summary>Creates the database if there is none and applies migrations (migrate, seed-demo, import).</summary>
        Create,

        /// <summary>Needs an existing database, which it migrates and writes to.</summary>
        Existing,

        /// <summary>Needs an existing, up-to-date database and opens it read-only: never creates or migrates it.</summary>
        ReadOnly,
    }

    /// <summary>
    /// A command that runs in a scope of the database as <paramref name="use"/> allows and turns known failures into
    /// messages. A command that does not create the database fails, naming where it looked, when there is none.
    /// </summary>
    internal static Command Admin(string name, string description, Symbol[] symbols, DatabaseUse use,
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
                var database = DatabaseOptions.From(builder.Configuration);
                if (use != DatabaseUse.Create && ExistingDatabase.MissingFile(database) is { } missing)
                {
                    return Fail(missing);
                }

                if (use == DatabaseUse.ReadOnly)
                {
                    builder.Configuration[$"{DatabaseOptions.Section}:ConnectionString"] = ExistingDatabase.ReadOnly(database);
                }

                RapportApp.AddServices(builder.Services, builder.Configuration);
                await using var app = builder.Build();
                if (use != DatabaseUse.Create)
                {
                    await using var check = app.Services.CreateAsyncScope();
                    var db = check.ServiceProvider.GetRequiredService<RapportDbContext>();
                    if (await ExistingDatabase.ProblemAsync(db, database, migrationsWillRun: use == DatabaseUse.Existing, ct) is { } problem)
                    {
                        return Fail(problem);
                    }
                }

                if (use != DatabaseUse.ReadOnly)
                {
                    await RapportApp.PrepareDatabaseAsync(app.Services, seedDemo: false, ct);
                }

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

    internal static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 1;
    }
}
