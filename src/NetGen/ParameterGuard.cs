using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Threading;

namespace NetGen
{
    /// <summary>
    /// Lets <c>Load</c> replace a network's parameters while other threads call <c>Predict</c> on the same instance: a
    /// sequence lock. A writer makes the version odd, copies, and makes it even again; a reader notes the version before
    /// its forward pass and, if a write was in progress or started meanwhile, runs the pass once more holding the writers'
    /// lock, so every output is computed from exactly one complete set of parameters and no pass runs more than twice
    /// however often <c>Load</c> is called. Readers never block one another and allocate nothing (a rerun holds writers off
    /// for one pass); a pass costs two volatile reads (and a load fence on CPUs whose loads may be reordered). Generated
    /// code uses this; user code does not.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class ParameterGuard
    {
        private readonly object _writer = new();
        private int _version;

        /// <summary>
        /// Starts a read without waiting: the version to give <see cref="EndRead"/>. While a write is in progress the
        /// version is odd; the even number below it is returned, which the version will not be again (until 2³¹ more
        /// writes wrap it around), so that read's <see cref="EndRead"/> fails. A pass that fails runs again between <see cref="BeginExclusiveRead"/> and
        /// <see cref="EndExclusiveRead"/>, out of line: the generated pass has no wait, no retry loop and no call.
        /// </summary>
        /// <returns>The version to give <see cref="EndRead"/>.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int BeginRead() => Volatile.Read(ref _version) & ~1;

        /// <summary>
        /// Takes the writers' lock for a read that lost to a writer: no write can start or be in progress until
        /// <see cref="EndExclusiveRead"/>, so a pass begun inside reads one set of parameters on its first try.
        /// </summary>
        public void BeginExclusiveRead()
        {
            Monitor.Enter(_writer);
            ExclusiveReads++;
        }

        /// <summary>How many reads have run under the writers' lock (counted under it): for the tests of the slow path.</summary>
        internal long ExclusiveReads { get; private set; }

        /// <summary>Ends a read started by <see cref="BeginExclusiveRead"/>.</summary>
        public void EndExclusiveRead() => Monitor.Exit(_writer);

        /// <summary>Whether no write was in progress when <see cref="BeginRead"/> returned <paramref name="version"/> and none started since: the read saw one set.</summary>
        /// <param name="version">What <see cref="BeginRead"/> returned.</param>
        /// <returns><see langword="true"/> when the pass can stand; <see langword="false"/> when it must be redone.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool EndRead(int version)
        {
            // x86/x64 never reorder loads with loads; elsewhere (ARM64) the pass's loads must complete before the check.
            if (!System.Runtime.Intrinsics.X86.X86Base.IsSupported)
            {
                Interlocked.MemoryBarrier();
            }

            return Volatile.Read(ref _version) == version;
        }

        /// <summary>Starts replacing the parameters; writers take turns. Pair with <see cref="EndWrite"/> in a finally block.</summary>
        public void BeginWrite()
        {
            Monitor.Enter(_writer);
            Interlocked.Increment(ref _version);
        }

        /// <summary>Ends a write started by <see cref="BeginWrite"/>.</summary>
        public void EndWrite()
        {
            Interlocked.Increment(ref _version);
            Monitor.Exit(_writer);
        }
    }

    /// <summary>Replaces a network's parameters under its <see cref="ParameterGuard"/>, once every check of a loader has passed.</summary>
    internal static class ParameterWrites
    {
        /// <summary>
        /// Copies <paramref name="values"/> into the parameters so that a <c>Predict</c> on another thread sees either the old
        /// parameters or the new ones, never a mix.
        /// </summary>
        public static void Replace<T>(INetwork<T> network, System.ReadOnlySpan<T> values)
            where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        {
            ParameterGuard? guard = network.ParameterGuard;
            guard?.BeginWrite();
            try
            {
                values.CopyTo(network.Parameters);
            }
            finally
            {
                guard?.EndWrite();
            }
        }
    }
}
