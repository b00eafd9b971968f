using System;
using System.Diagnostics;
using System.Threading;

namespace NetGen.Training
{
    /// <summary>
    /// A signal from one thread to another that the waiter first spins on and only then sleeps on: a trainer's worker
    /// is handed work every few hundred microseconds, and waking a sleeping thread costs about as much again (a
    /// semaphore alone made two threads no faster than one). Each <see cref="Set"/> is met by exactly one
    /// <see cref="Wait"/>; one thread sets, one thread waits.
    /// </summary>
    internal sealed class SpinSignal : IDisposable
    {
        /// <summary>How long a waiter spins before it sleeps: longer than the serial work between two hand-offs.</summary>
        private static readonly long SpinTicks = Stopwatch.Frequency / 500;

        private readonly SemaphoreSlim _semaphore = new(0);
        private int _sets;
        private int _sleeping;
        private int _waits;

        public void Set()
        {
            Interlocked.Increment(ref _sets);
            if (Interlocked.Exchange(ref _sleeping, 0) == 1)
            {
                _semaphore.Release();
            }
        }

        public void Wait()
        {
            int target = ++_waits;
            if (Volatile.Read(ref _sets) >= target)
            {
                return;
            }

            long until = Stopwatch.GetTimestamp() + SpinTicks;
            var spinner = default(SpinWait);
            while (Volatile.Read(ref _sets) < target)
            {
                if (Stopwatch.GetTimestamp() < until)
                {
                    spinner.SpinOnce(sleep1Threshold: -1);
                    continue;
                }

                // Announce the sleep, then look again: a Set that came in between either sees the flag (and releases
                // the semaphore) or was seen here; if it took the flag back, its release must be consumed.
                Interlocked.Exchange(ref _sleeping, 1);
                if (Volatile.Read(ref _sets) >= target && Interlocked.Exchange(ref _sleeping, 0) == 1)
                {
                    return;
                }

                _semaphore.Wait();
            }
        }

        public void Dispose() => _semaphore.Dispose();
    }
}
