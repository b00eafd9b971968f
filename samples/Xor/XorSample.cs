using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using NetGen.Training;

namespace NetGen.Samples.Xor
{
    /// <summary>How much <see cref="XorSample.Run"/> prints. The runs themselves are fixed.</summary>
    public sealed record XorOptions
    {
        /// <summary>Print a line for every run (instead of one per ten runs and one per failure). <c>false</c> by default.</summary>
        public bool Verbose { get; init; }

        /// <summary>A progress line every this many epochs for the first run. 100 by default.</summary>
        public int ProgressInterval { get; init; } = 100;

        internal static XorOptions Parse(ArgumentReader args) => new() { Verbose = args.Flag("--verbose") };
    }

    /// <summary>One training run.</summary>
    /// <param name="Seed">The seed of the initial parameters and of the trainer.</param>
    /// <param name="Outputs">The network's outputs for (0, 0), (0, 1), (1, 0), (1, 1) after training.</param>
    /// <param name="LargestError">The largest |output − target| of the four.</param>
    /// <param name="Training">The trainer's result.</param>
    public sealed record XorRun(int Seed, IReadOnlyList<float> Outputs, double LargestError, TrainingResult Training)
    {
        /// <summary>Whether all four outputs are within <see cref="XorSample.Tolerance"/> of their targets.</summary>
        public bool Reached => LargestError < XorSample.Tolerance;
    }

    /// <summary>What the run achieved.</summary>
    /// <param name="Runs">Every run, in seed order.</param>
    /// <param name="Elapsed">The time all the runs took.</param>
    public sealed record XorResult(IReadOnlyList<XorRun> Runs, TimeSpan Elapsed)
    {
        /// <summary>The number of runs, out of 100, that must learn XOR: at least 95.</summary>
        public const int Required = 95;

        /// <summary>The number of runs whose four outputs are all within 0.1 of their targets.</summary>
        public int ReachedCount => Runs.Count(r => r.Reached);

        /// <summary>Whether at least <see cref="Required"/> runs learned XOR.</summary>
        public bool Succeeded => ReachedCount >= Required;
    }

    /// <summary>
    /// The third seed: XOR with a 3-4-1 sigmoid network whose third input is a constant 1, trained from 100 different
    /// initial parameters with SGD and momentum.
    /// </summary>
    public static class XorSample
    {
        /// <summary>The number of runs.</summary>
        public const int Runs = 100;

        /// <summary>How close to its target (0 or 1) each output must be.</summary>
        public const double Tolerance = 0.1;

        /// <summary>The four inputs: the two bits and the seed's constant third input, 1.</summary>
        public static IReadOnlyList<float> Inputs { get; } = new float[] { 0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1 };

        /// <summary>The four targets: a XOR b.</summary>
        public static IReadOnlyList<float> Targets { get; } = new float[] { 0, 1, 1, 0 };

        /// <summary>Trains <see cref="Runs"/> networks, seeds 1 to 100, and reports on <paramref name="output"/>.</summary>
        public static XorResult Run(XorOptions options, TextWriter output)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(output);
            long start = Stopwatch.GetTimestamp();
            float[] inputs = Inputs.ToArray();
            float[] targets = Targets.ToArray();

            output.Say($"Xor: {XorNet.NetworkInfo.Topology}, inputs (a, b, 1), target a XOR b; binary cross-entropy.");
            output.Say($"Training: {CreateOptions(1).Optimizer.Description}, the 4 samples in one batch, {CreateOptions(1).Epochs} epochs; {Runs} runs with seeds 1 to {Runs}.");
            output.Say($"A run counts when all four outputs are within {Tolerance} of their targets.");
            output.Say();
            output.Say($"Run 1 in detail:");

            var runs = new List<XorRun>(Runs);
            for (int seed = 1; seed <= Runs; seed++)
            {
                var net = new XorNet();
                net.Initialize(seed);
                IProgress<TrainingProgress>? progress = seed == 1 ? new EpochProgressWriter(output, options.ProgressInterval) : null;
                TrainingResult training = net.Fit(inputs, targets, CreateOptions(seed), progress);

                var outputs = new float[4];
                double largest = 0;
                for (int i = 0; i < 4; i++)
                {
                    net.Predict(inputs.AsSpan(i * 3, 3), outputs.AsSpan(i, 1));
                    largest = Math.Max(largest, Math.Abs(outputs[i] - targets[i]));
                }

                var run = new XorRun(seed, outputs, largest, training);
                runs.Add(run);
                if (seed == 1)
                {
                    output.WriteLine(training.Message);
                    output.Say($"  outputs {Describe(run)}");
                    output.Say();
                    output.Say($"All {Runs} runs:");
                }

                if (options.Verbose || !run.Reached)
                {
                    output.Say($"  seed {seed,3}: {(run.Reached ? "learned XOR" : "did NOT learn XOR")}, outputs {Describe(run)}, final loss {training.Final.TrainingLoss:0.000E+0}");
                }

                if (!options.Verbose && seed % 10 == 0)
                {
                    List<XorRun> group = runs.GetRange(seed - 10, 10);
                    output.Say($"  seeds {seed - 9,3}–{seed,3}: {group.Count(r => r.Reached),2} of 10 learned XOR (largest output error {group.Max(r => r.LargestError):F3})");
                }
            }

            var result = new XorResult(runs, Stopwatch.GetElapsedTime(start));
            int warned = runs.Count(r => r.Training.Warnings.Count > 0);
            output.Say();
            output.Say($"{result.ReachedCount} of {Runs} runs learned XOR, all four outputs within {Tolerance} of their targets (goal: at least {XorResult.Required}) — {(result.Succeeded ? "reached" : "NOT reached")}.");
            output.Say($"Largest output error over all runs: {runs.Max(r => r.LargestError):F4}; {warned} run{(warned == 1 ? string.Empty : "s")} had run-time warnings; {result.Elapsed.TotalSeconds:F1} s in all.");
            return result;
        }

        /// <summary>SGD with momentum 0.9 at 0.5, the four samples in one batch, 1000 epochs.</summary>
        internal static TrainerOptions CreateOptions(int seed)
        {
            var options = new TrainerOptions
            {
                Epochs = 1000,
                BatchSize = 4,
                Optimizer = new Sgd { LearningRate = 0.5, Momentum = 0.9 },
                Seed = seed,
            };

            return options;
        }

        private static string Describe(XorRun run) =>
            FormattableString.Invariant($"{run.Outputs[0]:F3} {run.Outputs[1]:F3} {run.Outputs[2]:F3} {run.Outputs[3]:F3} for 0 1 1 0");
    }
}
