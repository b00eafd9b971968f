using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace NetGen.Tests.Infrastructure;

/// <summary>Readers on several threads while one thread keeps replacing a network's parameters (ParameterGuard tests).</summary>
internal static class ConcurrentLoads
{
    /// <summary>
    /// Runs <paramref name="reader"/> (thread index, stop token: it loops until cancelled) on at least three threads while
    /// <paramref name="load"/> (the load's number) runs at least 400 times and for at least 3 seconds, then stops the
    /// readers and waits for them; a reader's failed assertion fails the call.
    /// </summary>
    public static void WhileLoading(Action<int> load, Action<int, CancellationToken> reader)
    {
        using var stop = new CancellationTokenSource();
        int threads = Math.Max(3, Environment.ProcessorCount);
        Task[] readers = Enumerable.Range(0, threads)
            .Select(t => Task.Factory.StartNew(() => reader(t, stop.Token), TaskCreationOptions.LongRunning)).ToArray();

        int loads = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (loads < 400 || DateTime.UtcNow < deadline)
        {
            load(loads);
            loads++;
            if (loads > 20_000 || readers.Any(r => r.IsCompleted))
            {
                break;
            }
        }

        stop.Cancel();
        Task.WaitAll(readers);
    }
}
