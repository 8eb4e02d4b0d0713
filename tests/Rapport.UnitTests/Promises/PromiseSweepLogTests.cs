using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Rapport.Features.Promises;

namespace Rapport.UnitTests.Promises;

/// <summary>A sweep step another node took first, or a busy database, is expected: one quiet line, never a stack trace.</summary>
public sealed class PromiseSweepLogTests
{
    [Fact]
    public void A_step_not_taken_is_one_debug_line_with_its_cause_and_no_stack_trace()
    {
        var log = new RecordingLogger();
        var id = Guid.CreateVersion7();
        var busy = new DbUpdateException("An error occurred while saving the entity changes. See the inner exception for details.",
            new SqliteException("SQLite Error 5: 'database is locked'.\nTry again.", 5));

        PromiseSweep.NotTakenThisTime(log, id, PromiseStep.Remind, busy);

        var (level, message, exception) = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Debug, level);
        Assert.Null(exception);
        Assert.Equal($"Promise {id}: Remind not taken this time (SqliteException: SQLite Error 5: 'database is locked'. Try again.)", message);
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Entries.Add((logLevel, formatter(state, exception), exception));
        }
    }
}
