using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Threading;

namespace NetGen.Benchmarks;

/// <summary>
/// <c>--probe</c>: two facts about the machine that bound what the benchmarks can show (benchmarks/README.md, "What
/// this machine allows"), measured in a few seconds:
/// <list type="bullet">
/// <item>the peak rate of fused multiply-adds of one core (float lanes per nanosecond, widest vector the JIT
/// accelerates): the ceiling of any FMA-bound kernel such as <c>PredictBatch</c> on a large network;</item>
/// <item>how fast one core reads an array that stays in its L1, its L2 or the shared L3 (bytes per nanosecond, the
/// widest vector loads): the ceiling of a single-sample forward pass whose weights do not fit in L1, such as mnist's
/// 437 KB or wide's 540 KB;</item>
/// <item>the round trip of one cache line between two threads, one per CPU: how far apart the host placed them
/// (on a VM the two vCPUs may share a last-level cache or not, and that decides how fast data-parallel training
/// can exchange gradients and parameters).</item>
/// </list>
/// </summary>
internal static class MachineProbes
{
    private const int FmaIterations = 20_000_000;
    private const int ChainCount = 12;
    private const int RoundTrips = 2_000_000;

    public static void Run()
    {
        Console.WriteLine($"fma peak: {FmaPeak():F1} float lanes/ns on one core ({WidthName()} vectors, {ChainCount} independent chains)");
        foreach ((string level, int kib) in new[] { ("L1", 16), ("L2", 512), ("L3", 8192) })
        {
            Console.WriteLine($"read bandwidth, {kib} KiB array ({level}): {ReadBandwidth(kib * 1024):F1} bytes/ns on one core");
        }

        if (Environment.ProcessorCount < 2)
        {
            Console.WriteLine("core-to-core round trip: not measured (this process may use one CPU only; run it without taskset)");
            return;
        }

        Console.WriteLine($"core-to-core round trip: {RoundTripNanoseconds():F0} ns (one cache line between two threads, median of 5)");
    }

    private static string WidthName() =>
        Vector512.IsHardwareAccelerated ? "512-bit" : Vector256.IsHardwareAccelerated ? "256-bit" : "128-bit";

    /// <summary>The best of a second of timed runs, after the first run compiled and warmed the loop.</summary>
    private static double FmaPeak()
    {
        double best = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < 1.5)
        {
            long start = Stopwatch.GetTimestamp();
            float sink = Vector512.IsHardwareAccelerated ? Chains<Lanes512>(FmaIterations) : Vector256.IsHardwareAccelerated ? Chains<Lanes256>(FmaIterations) : Chains<Lanes128>(FmaIterations);
            double ns = Stopwatch.GetElapsedTime(start).TotalNanoseconds;
            if (sink == 12345f)
            {
                Console.WriteLine(); // keeps the result alive
            }

            int lanes = Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : 4;
            best = Math.Max(best, (double)ChainCount * lanes * FmaIterations / ns);
        }

        return best;
    }

    // Twelve independent chains keep both FMA pipes busy through the instruction's latency; the clock is read outside
    // the loop so that the accumulators stay in registers. One loop for every width: TVector wraps one vector type.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains<TVector>(int n)
        where TVector : struct, IFmaVector<TVector>
    {
        TVector m = TVector.Splat(0.9999999f), c = TVector.Splat(1e-7f);
        TVector a0 = TVector.Splat(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int i = 0; i < n; i++)
        {
            a0 = TVector.Fma(a0, m, c); a1 = TVector.Fma(a1, m, c); a2 = TVector.Fma(a2, m, c); a3 = TVector.Fma(a3, m, c);
            a4 = TVector.Fma(a4, m, c); a5 = TVector.Fma(a5, m, c); a6 = TVector.Fma(a6, m, c); a7 = TVector.Fma(a7, m, c);
            a8 = TVector.Fma(a8, m, c); a9 = TVector.Fma(a9, m, c); a10 = TVector.Fma(a10, m, c); a11 = TVector.Fma(a11, m, c);
        }

        return TVector.First(a0) + TVector.First(a1) + TVector.First(a2) + TVector.First(a3) + TVector.First(a4) + TVector.First(a5)
            + TVector.First(a6) + TVector.First(a7) + TVector.First(a8) + TVector.First(a9) + TVector.First(a10) + TVector.First(a11);
    }

    /// <summary>One vector type for <see cref="Chains{TVector}"/> (the Vector types share no public interface in .NET 10).</summary>
    private interface IFmaVector<TSelf>
        where TSelf : struct, IFmaVector<TSelf>
    {
        static abstract TSelf Splat(float value);

        static abstract TSelf Fma(TSelf a, TSelf b, TSelf c);

        static abstract float First(TSelf a);
    }

    private readonly struct Lanes512(Vector512<float> value) : IFmaVector<Lanes512>
    {
        private readonly Vector512<float> _value = value;

        public static Lanes512 Splat(float value) => new(Vector512.Create(value));

        public static Lanes512 Fma(Lanes512 a, Lanes512 b, Lanes512 c) => new(Kernels.Fma(a._value, b._value, c._value));

        public static float First(Lanes512 a) => a._value.ToScalar();
    }

    private readonly struct Lanes256(Vector256<float> value) : IFmaVector<Lanes256>
    {
        private readonly Vector256<float> _value = value;

        public static Lanes256 Splat(float value) => new(Vector256.Create(value));

        public static Lanes256 Fma(Lanes256 a, Lanes256 b, Lanes256 c) => new(Kernels.Fma(a._value, b._value, c._value));

        public static float First(Lanes256 a) => a._value.ToScalar();
    }

    private readonly struct Lanes128(Vector128<float> value) : IFmaVector<Lanes128>
    {
        private readonly Vector128<float> _value = value;

        public static Lanes128 Splat(float value) => new(Vector128.Create(value));

        public static Lanes128 Fma(Lanes128 a, Lanes128 b, Lanes128 c) => new(Kernels.Fma(a._value, b._value, c._value));

        public static float First(Lanes128 a) => a._value.ToScalar();
    }

    /// <summary>The best of a second of repeated sums over an array of <paramref name="bytes"/>, eight vector accumulators.</summary>
    private static double ReadBandwidth(int bytes)
    {
        var data = new AlignedArray<float>(bytes / sizeof(float));
        data.Span.Fill(1f);
        int passes = Math.Max(1, (64 << 20) / bytes);
        double best = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < 1)
        {
            long start = Stopwatch.GetTimestamp();
            float sink = 0;
            for (int p = 0; p < passes; p++)
            {
                sink += SumAll(ref data.Reference, data.Length);
            }

            double ns = Stopwatch.GetElapsedTime(start).TotalNanoseconds;
            if (sink == 12345f)
            {
                Console.WriteLine();
            }

            best = Math.Max(best, (double)bytes * passes / ns);
        }

        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float SumAll(ref float start, int length)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            for (int i = 0; i + 128 <= length; i += 128)
            {
                a0 += Vector512.LoadUnsafe(ref start, (nuint)i); a1 += Vector512.LoadUnsafe(ref start, (nuint)(i + 16));
                a2 += Vector512.LoadUnsafe(ref start, (nuint)(i + 32)); a3 += Vector512.LoadUnsafe(ref start, (nuint)(i + 48));
                a4 += Vector512.LoadUnsafe(ref start, (nuint)(i + 64)); a5 += Vector512.LoadUnsafe(ref start, (nuint)(i + 80));
                a6 += Vector512.LoadUnsafe(ref start, (nuint)(i + 96)); a7 += Vector512.LoadUnsafe(ref start, (nuint)(i + 112));
            }

            return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7);
        }

        Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default, b5 = default, b6 = default, b7 = default;
        for (int i = 0; i + 64 <= length; i += 64)
        {
            b0 += Vector256.LoadUnsafe(ref start, (nuint)i); b1 += Vector256.LoadUnsafe(ref start, (nuint)(i + 8));
            b2 += Vector256.LoadUnsafe(ref start, (nuint)(i + 16)); b3 += Vector256.LoadUnsafe(ref start, (nuint)(i + 24));
            b4 += Vector256.LoadUnsafe(ref start, (nuint)(i + 32)); b5 += Vector256.LoadUnsafe(ref start, (nuint)(i + 40));
            b6 += Vector256.LoadUnsafe(ref start, (nuint)(i + 48)); b7 += Vector256.LoadUnsafe(ref start, (nuint)(i + 56));
        }

        return Vector256.Sum(b0 + b1 + b2 + b3 + b4 + b5 + b6 + b7);
    }

    /// <summary>
    /// One thread writes an odd number into a shared line and waits for the other to answer with the next even one: each
    /// exchange moves the line to the other core and back. Needs two CPUs; the median of five runs of 2 million.
    /// </summary>
    private static double RoundTripNanoseconds()
    {
        var runs = new double[5];
        for (int r = 0; r < runs.Length; r++)
        {
            var line = new long[16];
            var answer = new Thread(() =>
            {
                for (long i = 1; i <= RoundTrips; i++)
                {
                    while (Volatile.Read(ref line[0]) != (2 * i) - 1)
                    {
                    }

                    Volatile.Write(ref line[0], 2 * i);
                }
            });
            answer.Start();
            long start = Stopwatch.GetTimestamp();
            for (long i = 1; i <= RoundTrips; i++)
            {
                Volatile.Write(ref line[0], (2 * i) - 1);
                while (Volatile.Read(ref line[0]) != 2 * i)
                {
                }
            }

            runs[r] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / RoundTrips;
            answer.Join();
        }

        Array.Sort(runs);
        return runs[runs.Length / 2];
    }
}
