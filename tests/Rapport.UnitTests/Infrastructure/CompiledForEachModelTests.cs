using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Infrastructure.Data;

namespace Rapport.UnitTests.Infrastructure;

public sealed class CompiledForEachModelTests
{
    private static readonly Func<Things, int, CancellationToken, Task<string?>> CompiledOnce =
        EF.CompileAsyncQuery((Things db, int id, CancellationToken ct) => db.Set<Thing>().Where(t => t.Id == id).Select(t => t.Name).FirstOrDefault());

    private static readonly CompiledForEachModel<Func<Things, int, CancellationToken, Task<string?>>> PerModel = new(() =>
        EF.CompileAsyncQuery((Things db, int id, CancellationToken ct) => db.Set<Thing>().Where(t => t.Id == id).Select(t => t.Name).FirstOrDefault()));

    [Fact]
    public async Task A_query_compiled_for_each_model_runs_on_two_models_in_one_process()
    {
        await using var first = await Things.CreateAsync("first");
        await using var second = await Things.CreateAsync("second");
        Assert.NotSame(first.Model, second.Model);

        Assert.Equal("first", await PerModel.For(first)(first, 1, CancellationToken.None));
        Assert.Equal("second", await PerModel.For(second)(second, 1, CancellationToken.None));
        Assert.Equal("first", await PerModel.For(first)(first, 1, CancellationToken.None));
        Assert.Null(await PerModel.For(second)(second, 2, CancellationToken.None));
        Assert.Same(PerModel.For(first), PerModel.For(first));
    }

    [Fact]
    public async Task A_query_compiled_once_refuses_a_second_model()
    {
        // Why the class above exists: the SQLite and PostgreSQL contexts (and every test host) bring models of their own.
        await using var first = await Things.CreateAsync("first");
        await using var second = await Things.CreateAsync("second");
        Assert.Equal("first", await CompiledOnce(first, 1, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => CompiledOnce(second, 1, CancellationToken.None));
    }

    private sealed class Thing
    {
        public int Id { get; set; }
        public string Name { get; set; } = "";
    }

    private sealed class Things(DbContextOptions<Things> options, SqliteConnection connection) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Thing>();

        /// <summary>A context on its own in-memory database with its own internal services, hence a model of its own.</summary>
        public static async Task<Things> CreateAsync(string name)
        {
            var connection = new SqliteConnection("Data Source=:memory:");
            await connection.OpenAsync();
            var services = new ServiceCollection().AddEntityFrameworkSqlite().BuildServiceProvider();
            var db = new Things(new DbContextOptionsBuilder<Things>().UseSqlite(connection).UseInternalServiceProvider(services).Options, connection);
            await db.Database.EnsureCreatedAsync();
            db.Add(new Thing { Id = 1, Name = name });
            await db.SaveChangesAsync();
            return db;
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
