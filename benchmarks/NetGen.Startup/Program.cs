using System;
using System.Diagnostics;
using System.Globalization;
using NetGen.Benchmarks.Contenders;
using NetGen.Training;

namespace NetGen.Startup;

/// <summary>
/// One fresh-process measurement of issue 15, printed as one line of <c>key=value</c> pairs (benchmarks/NetGen.Startup/run.sh
/// runs it many times and prints the medians).
/// <list type="bullet">
/// <item><c>predict</c>: time from process start to <c>Main</c>; constructing and initialising the mnist reference network
/// (<see cref="MnistNet"/>, seed <see cref="ReferenceNetworks.Seed"/>, as every benchmark); its
/// first <c>Predict</c>; the mean of the next 1,000 calls; then, after <c>--warmup</c> seconds of calls, the steady state
/// (median of 50 blocks of 200 calls).</item>
/// <item><c>train</c>: <c>Trainer.Fit</c> on the 2,048 synthetic mnist samples of TrainerBenchmarks at batch 32 (SGD
/// 0.01, checks off, as there), the time of each (the first from the call of Fit) of the first <c>--epochs</c> epochs, per sample.</item>
/// </list>
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        // Before anything else: the process start time is the only clock that includes the runtime's own start.
        double toMainMs = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        string mode = args.Length > 0 ? args[0] : "predict";
        double warmup = Option(args, "--warmup", 5);
        int epochs = (int)Option(args, "--epochs", 5);
        using JitLog? jitLog = Array.IndexOf(args, "--jit-log") >= 0 ? new JitLog() : null;
        switch (mode)
        {
            case "predict":
                Predict(toMainMs, warmup);
                jitLog?.Print();
                return 0;
            case "train":
                Train(toMainMs, epochs);
                jitLog?.Print();
                return 0;
            default:
                Console.Error.WriteLine($"usage: NetGen.Startup predict [--warmup SECONDS] | train [--epochs N] [--jit-log]; not '{mode}'");
                return 2;
        }
    }

    private static void Predict(double toMainMs, double warmupSeconds)
    {
        float[] input = Datasets.Synthetic(1, 784, 10, classes: true, seed: 784).Inputs;
        var output = new float[10];

        long t0 = Stopwatch.GetTimestamp();
        var net = new MnistNet();
        net.Initialize(ReferenceNetworks.Seed);
        long t1 = Stopwatch.GetTimestamp();
        net.Predict(input, output);
        long t2 = Stopwatch.GetTimestamp();
        for (int i = 0; i < 1000; i++)
        {
            net.Predict(input, output);
        }

        long t3 = Stopwatch.GetTimestamp();

        long end = t3 + (long)(warmupSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            net.Predict(input, output);
        }

        var blocks = new double[50];
        for (int b = 0; b < blocks.Length; b++)
        {
            long s = Stopwatch.GetTimestamp();
            for (int i = 0; i < 200; i++)
            {
                net.Predict(input, output);
            }

            blocks[b] = Us(s, Stopwatch.GetTimestamp()) / 200;
        }

        Array.Sort(blocks);
        Console.WriteLine(Invariant(
            $"mode=predict to_main_ms={toMainMs:F2} construct_ms={Us(t0, t1) / 1000:F3} first_call_us={Us(t1, t2):F1} next_1000_mean_us={Us(t2, t3) / 1000:F2} steady_us={blocks[blocks.Length / 2]:F2} output0={output[0]:R}"));
    }

    private static void Train(double toMainMs, int epochs)
    {
        const int samples = 2048;

        // What Datasets.For("mnist", 2048) returns, without creating a network for it first.
        SampleSet data = Datasets.Synthetic(samples, 784, 10, classes: true, seed: 784);

        var net = new MnistNet();
        net.Initialize(ReferenceNetworks.Seed);
        var options = new TrainerOptions
        {
            Epochs = epochs,
            BatchSize = 32,
            Optimizer = new Sgd { LearningRate = 0.01 },
            Seed = 1,
            Checks = new TrainingChecks { Enabled = false },
        };
        var clock = new EpochClock(epochs);
        long t0 = Stopwatch.GetTimestamp();
        TimeSpan jit0 = System.Runtime.JitInfo.GetCompilationTime();
        long methods0 = System.Runtime.JitInfo.GetCompiledMethodCount();
        TrainingResult result = new Trainer<float>(net, options).Fit(data.Inputs, data.Targets, clock);
        if (result.StopReason != TrainingStopReason.Completed)
        {
            throw new InvalidOperationException(result.Message);
        }

        var line = new System.Text.StringBuilder(Invariant($"mode=train to_main_ms={toMainMs:F2}"));
        long previous = t0;
        for (int e = 0; e < epochs; e++)
        {
            line.Append(Invariant($" epoch{e + 1}_us_per_sample={Us(previous, clock.Ends[e]) / samples:F2}"));
            previous = clock.Ends[e];
        }

        // How much of each epoch was the JIT (all threads: tier-0, the optimising compiles and the tiering thread).
        TimeSpan jitBefore = jit0;
        long methodsBefore = methods0;
        for (int e = 0; e < epochs; e++)
        {
            line.Append(Invariant($" epoch{e + 1}_jit_ms={(clock.Jit[e] - jitBefore).TotalMilliseconds:F2} epoch{e + 1}_jitted={clock.Methods[e] - methodsBefore}"));
            jitBefore = clock.Jit[e];
            methodsBefore = clock.Methods[e];
        }

        Console.WriteLine(line.ToString());
    }

    private static double Us(long from, long to) => (to - from) * 1e6 / Stopwatch.Frequency;

    private static double Option(string[] args, string name, double fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Takes the time of each epoch report; called on the training thread, allocates nothing.</summary>
    private sealed class EpochClock(int epochs) : IProgress<TrainingProgress>
    {
        public long[] Ends { get; } = new long[epochs];

        public TimeSpan[] Jit { get; } = new TimeSpan[epochs];

        public long[] Methods { get; } = new long[epochs];

        public void Report(TrainingProgress value)
        {
            if (value.Kind == TrainingProgressKind.Epoch)
            {
                Ends[value.Epoch - 1] = Stopwatch.GetTimestamp();
                Jit[value.Epoch - 1] = System.Runtime.JitInfo.GetCompilationTime();
                Methods[value.Epoch - 1] = System.Runtime.JitInfo.GetCompiledMethodCount();
            }
        }
    }

    /// <summary>
    /// <c>--jit-log</c>: every method the JIT compiled after <c>Main</c> began, with the time from its
    /// MethodJittingStarted to its MethodLoadVerbose runtime event (the compile itself, on whichever thread), its IL size
    /// and its tier, the 25 longest printed to standard error after the measurement. The listener's own work runs on the
    /// event dispatch thread, so use it to see where the JIT's time goes, not for the timings of the same run.
    /// </summary>
    private sealed class JitLog : System.Diagnostics.Tracing.EventListener
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, (DateTime Start, int IlSize)> _started = new();
        private readonly System.Collections.Concurrent.ConcurrentQueue<(string Name, double Ms, int IlSize, string Tier)> _done = new();

        protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                // 0x10: the JIT keyword (method load and jitting events).
                EnableEvents(eventSource, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x10);
            }
        }

        protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
        {
            if (e.Payload is null || e.PayloadNames is null)
            {
                return;
            }

            object? Get(string name)
            {
                int i = e.PayloadNames.IndexOf(name);
                return i >= 0 ? e.Payload[i] : null;
            }

            if (e.EventName == "MethodJittingStarted_V1")
            {
                _started[Convert.ToUInt64(Get("MethodID"), CultureInfo.InvariantCulture)] = (e.TimeStamp, Convert.ToInt32(Get("MethodILSize"), CultureInfo.InvariantCulture));
            }
            else if (e.EventName is "MethodLoadVerbose_V1" or "MethodLoadVerbose_V2"
                && _started.TryRemove(Convert.ToUInt64(Get("MethodID"), CultureInfo.InvariantCulture), out var start))
            {
                uint flags = Convert.ToUInt32(Get("MethodFlags"), CultureInfo.InvariantCulture);
                string tier = ((flags >> 7) & 7) switch { 1 => "min-opt", 2 => "optimized", 3 => "quick", 4 => "tier1", 5 => "r2r", 6 => "tier0-instr", 7 => "tier1-instr", _ => "?" };
                _done.Enqueue(($"{Get("MethodNamespace")}.{Get("MethodName")}", (e.TimeStamp - start.Start).TotalMilliseconds, start.IlSize, tier));
            }
        }

        public void Print()
        {
            System.Threading.Thread.Sleep(500); // the dispatch thread delivers events late
            var all = _done.ToArray();
            Array.Sort(all, (a, b) => b.Ms.CompareTo(a.Ms));
            double total = 0;
            foreach (var m in all)
            {
                total += m.Ms;
            }

            Console.Error.WriteLine(Invariant($"jit-log: {all.Length} methods, {total:F1} ms"));
            for (int i = 0; i < Math.Min(25, all.Length); i++)
            {
                Console.Error.WriteLine(Invariant($"  {all[i].Ms,7:F2} ms  IL {all[i].IlSize,6}  {all[i].Tier,-11} {all[i].Name}"));
            }
        }
    }
}
