using System;
using System.Threading;

namespace NetGen.Tests.Infrastructure;

/// <summary>Measures what a call allocates once the JIT has settled.</summary>
internal static class Allocations
{
    /// <summary>
    /// The bytes that <paramref name="calls"/> runs of <paramref name="action"/> allocate on this thread, after a warm-up
    /// long enough for tiered compilation to have promoted the code (its call counting and re-JIT may allocate once).
    /// </summary>
    public static long Measure(Action action, int calls = 10_000)
    {
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 500; i++)
            {
                action();
            }

            Thread.Sleep(150);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < calls; i++)
        {
            action();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
