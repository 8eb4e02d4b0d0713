using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Rapport.Infrastructure.Data;

/// <summary>
/// Empties the PostgreSQL connection pool when a command or connection fails because the database is unavailable. The
/// idle connections in the pool died with the server (or the network path to it): left there, each would fail one
/// request after the database is back, and the node would recover only as fast as its pool emptied.
/// </summary>
internal sealed class NpgsqlPoolReset : IDbCommandInterceptor, IDbConnectionInterceptor
{
    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Reset(command.Connection, eventData.Exception);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Reset(command.Connection, eventData.Exception);
        return Task.CompletedTask;
    }

    public void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) => Reset(connection, eventData.Exception);

    public Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Reset(connection, eventData.Exception);
        return Task.CompletedTask;
    }

    private static void Reset(DbConnection? connection, Exception exception)
    {
        if (connection is NpgsqlConnection npgsql && DatabaseUnavailable.Is(exception))
        {
            NpgsqlConnection.ClearPool(npgsql);
        }
    }
}
