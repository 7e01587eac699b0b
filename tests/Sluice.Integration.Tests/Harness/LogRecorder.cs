using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sluice.Integration.Tests.Harness;

/// <summary>One line the service logged, as a console would write it (message, then the exception with its stack).</summary>
public sealed record LogLine(long Number, LogLevel Level, string Category, string Message, string? Exception)
{
    /// <summary>The characters the line takes in a log: the message and, when there is one, the exception's full text.</summary>
    public int Length => Message.Length + (Exception?.Length ?? 0);
}

/// <summary>A logger provider that keeps what the service logs at Information and above, for tests of what is written.</summary>
public sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();
    private long _count;

    /// <summary>How many lines were logged so far: a mark to read the lines after.</summary>
    public long Count => Interlocked.Read(ref _count);

    public IReadOnlyList<LogLine> Since(long mark) => [.. _lines.Where(l => l.Number >= mark)];

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose() { }

    private sealed class Recorder(LogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var number = Interlocked.Increment(ref owner._count) - 1;
            owner._lines.Enqueue(new LogLine(number, logLevel, category, formatter(state, exception), exception?.ToString()));
        }
    }
}
