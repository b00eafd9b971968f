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
        switch (mode)
        {
            case "predict":
                Predict(toMainMs, warmup);
                return 0;
            case "train":
                Train(toMainMs, epochs);
                return 0;
            default:
                Console.Error.WriteLine($"usage: NetGen.Startup predict [--warmup SECONDS] | train [--epochs N]; not '{mode}'");
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
}
