using Npgsql;
using Rapport.Infrastructure.Data;

namespace Rapport.UnitTests.Infrastructure;

public sealed class DatabaseOptionsTests
{
    [Fact]
    public void A_PostgreSQL_connection_string_gets_prepared_statements_and_no_reset_on_close_unless_it_says_otherwise()
    {
        var resolved = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = "Host=db;Database=rapport;Username=r" }.ResolveConnectionString();

        var builder = new NpgsqlConnectionStringBuilder(resolved);
        Assert.Equal(DatabaseOptions.PreparedStatementsPerConnection, builder.MaxAutoPrepare);
        Assert.True(builder.NoResetOnClose);
        Assert.Equal("db", builder.Host);
        Assert.Equal("rapport", builder.Database);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;max auto prepare=20", 20)]
    [InlineData("Host=db;MaxAutoPrepare=0", 0)]
    public void An_operator_s_own_setting_is_kept(string connectionString, int expected)
    {
        var resolved = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connectionString }.ResolveConnectionString();

        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(resolved).MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false", false)]
    [InlineData("Host=db;NoResetOnClose=false;Max Auto Prepare=0", false)]
    [InlineData("Host=db;no reset on close=true", true)]
    public void An_operator_s_own_reset_setting_is_kept(string connectionString, bool expected)
    {
        var resolved = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connectionString }.ResolveConnectionString();

        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(resolved).NoResetOnClose);
    }

    [Fact]
    public void A_SQLite_connection_string_is_left_as_given()
    {
        const string given = "Data Source=/tmp/x.db";

        Assert.Equal(given, new DatabaseOptions { ConnectionString = given }.ResolveConnectionString());
    }
}
