using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using NetGen.Samples;
using NetGen.Samples.Digits;
using NetGen.Training;

namespace NetGen.Samples.EmbeddedInference
{
    /// <summary>
    /// <c>EmbeddedInference [--stamp]</c>: classifies a digit with the baked-in weights, then checks the embedded network
    /// on 2,000 fresh synthetic digits (exit code 1 when a check fails).
    /// <c>EmbeddedInference bench [--calls N]</c>: the steady speed of <c>DigitClassifier.Embedded.Predict</c>.
    /// <c>EmbeddedInference train [--out models/digits.weights.txt]</c>: trains the network and writes the weights file.
    /// </summary>
    public static class Program
    {
        /// <summary>An upright "1" on the 8x8 grid of 4x4 block counts (0 to 16), as the Digits sample draws them.</summary>
        private static ReadOnlySpan<byte> One =>
        [
            0, 0, 0, 4, 12, 0, 0, 0,
            0, 0, 6, 14, 16, 0, 0, 0,
            0, 0, 0, 0, 16, 0, 0, 0,
            0, 0, 0, 0, 16, 0, 0, 0,
            0, 0, 0, 0, 16, 0, 0, 0,
            0, 0, 0, 0, 16, 0, 0, 0,
            0, 0, 0, 0, 16, 0, 0, 0,
            0, 0, 0, 4, 12, 0, 0, 0,
        ];

        /// <summary>The seed of the synthetic digits the network is trained on; the checks draw from another one.</summary>
        private const long TrainingSeed = 20261201;

        private const long CheckSeed = 7;

        public static int Main(string[] args)
        {
            long start = Stopwatch.GetTimestamp();

            // The first prediction comes before anything else, so that the time to it is what an application sees.
            Span<float> input = stackalloc float[DigitClassifier.InputSize];
            Span<float> scores = stackalloc float[DigitClassifier.OutputSize];
            Scale(One, input);
            DigitClassifier.Embedded.Predict(input, scores);
            long firstPrediction = Stopwatch.GetTimestamp();
            long stampUnixNanoseconds = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

            bool hasMode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal);
            string mode = hasMode ? args[0] : "check";
            var reader = new ArgumentReader(hasMode ? args[1..] : args);
            TextWriter output = Console.Out;
            switch (mode)
            {
                case "check":
                    if (reader.Flag("--stamp"))
                    {
                        // For benchmarks/startup.sh: the wall clock at the first prediction, to subtract the launch time from.
                        output.WriteLine($"first-prediction-unix-ns {stampUnixNanoseconds.ToString(CultureInfo.InvariantCulture)}");
                    }

                    output.WriteLine($"First prediction {Stopwatch.GetElapsedTime(start, firstPrediction).TotalMilliseconds:0.000} ms after Main started: class {ArgMax(scores)} ({scores[ArgMax(scores)]:P1}) for an upright 1.");
                    reader.ThrowIfUnused();
                    return Check(output);
                case "bench":
                    int calls = int.Parse(reader.Value("--calls") ?? "2000000", CultureInfo.InvariantCulture);
                    reader.ThrowIfUnused();
                    Bench(output, calls);
                    return 0;
                case "train":
                    string path = reader.Value("--out") ?? Path.Combine("models", "digits.weights.txt");
                    reader.ThrowIfUnused();
                    Train(output, path);
                    return 0;
                default:
                    Console.Error.WriteLine($"Unknown mode '{mode}'; use check (the default), bench or train.");
                    return 2;
            }
        }

        /// <summary>
        /// The embedded network against the instance that starts from the same constants and against a plain double
        /// precision forward pass over its parameters, and its accuracy on digits it was not trained on.
        /// </summary>
        private static int Check(TextWriter output)
        {
            var random = new SeededRandom(CheckSeed);
            DigitSet digits = SyntheticDigits.Generate(2000, ref random);
            var net = new DigitClassifier();
            float[] parameters = net.Parameters.ToArray();
            Span<float> input = stackalloc float[DigitClassifier.InputSize];
            Span<float> embedded = stackalloc float[DigitClassifier.OutputSize];
            Span<float> instance = stackalloc float[DigitClassifier.OutputSize];
            Span<double> reference = stackalloc double[DigitClassifier.OutputSize];
            int right = 0;
            double worst = 0;
            for (int i = 0; i < digits.Count; i++)
            {
                Scale(digits.Counts.AsSpan(i * DigitSet.Pixels, DigitSet.Pixels), input);
                DigitClassifier.Embedded.Predict(input, embedded);
                net.Predict(input, instance);
                ReferenceForward(parameters, input, reference);
                for (int k = 0; k < DigitClassifier.OutputSize; k++)
                {
                    worst = Math.Max(worst, Math.Max(Math.Abs(embedded[k] - reference[k]), Math.Abs(instance[k] - reference[k])));
                }

                right += ArgMax(embedded) == digits.Labels[i] ? 1 : 0;
            }

            double accuracy = right / (double)digits.Count;
            const double Tolerance = 1e-5, Goal = 0.9;
            bool agrees = worst <= Tolerance, accurate = accuracy >= Goal;
            output.WriteLine($"Embedded vs instance vs double-precision reference over {digits.Count} digits: largest difference {worst:0.0E+0} (at most {Tolerance:0E+0}) — {(agrees ? "ok" : "FAILED")}.");
            output.WriteLine($"Accuracy on {digits.Count} synthetic digits it was not trained on: {accuracy:P2} (at least {Goal:P0}) — {(accurate ? "ok" : "FAILED")}.");
            output.WriteLine($"Vector512 {Accelerated(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)}, Vector256 {Accelerated(System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)}, Vector128 {Accelerated(System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated)}; {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}, {(System.Runtime.JitInfo.GetCompiledMethodCount() > 0 ? "JIT" : "Native AOT")}.");
            return agrees && accurate ? 0 : 1;
        }

        private static void Bench(TextWriter output, int calls)
        {
            var random = new SeededRandom(CheckSeed);
            DigitSet digits = SyntheticDigits.Generate(64, ref random);
            float[] inputs = new float[digits.Count * DigitClassifier.InputSize];
            for (int i = 0; i < digits.Count; i++)
            {
                Scale(digits.Counts.AsSpan(i * DigitSet.Pixels, DigitSet.Pixels), inputs.AsSpan(i * DigitClassifier.InputSize, DigitClassifier.InputSize));
            }

            Span<float> scores = stackalloc float[DigitClassifier.OutputSize];
            float sink = 0;

            // Two seconds of warm-up let the JIT reach its optimised tier (Native AOT code is final from the start).
            long warm = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(warm).TotalSeconds < 2)
            {
                for (int i = 0; i < 10_000; i++)
                {
                    DigitClassifier.Embedded.Predict(inputs.AsSpan((i & 63) * DigitClassifier.InputSize, DigitClassifier.InputSize), scores);
                    sink += scores[0];
                }
            }

            long begin = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls; i++)
            {
                DigitClassifier.Embedded.Predict(inputs.AsSpan((i & 63) * DigitClassifier.InputSize, DigitClassifier.InputSize), scores);
                sink += scores[0];
            }

            double nanoseconds = Stopwatch.GetElapsedTime(begin).TotalNanoseconds / calls;
            output.WriteLine($"predict-ns {nanoseconds.ToString("0.0", CultureInfo.InvariantCulture)} ({calls} calls of DigitClassifier.Embedded.Predict; checksum {sink.ToString("0.###", CultureInfo.InvariantCulture)})");
        }

        private static void Train(TextWriter output, string path)
        {
            var random = new SeededRandom(TrainingSeed);
            DigitSet digits = SyntheticDigits.Generate(6000, ref random);
            float[] inputs = new float[digits.Count * DigitClassifierTrainee.InputSize];
            float[] targets = new float[digits.Count * DigitClassifierTrainee.OutputSize];
            for (int i = 0; i < digits.Count; i++)
            {
                Scale(digits.Counts.AsSpan(i * DigitSet.Pixels, DigitSet.Pixels), inputs.AsSpan(i * DigitClassifierTrainee.InputSize, DigitClassifierTrainee.InputSize));
                targets[(i * DigitClassifierTrainee.OutputSize) + digits.Labels[i]] = 1;
            }

            var net = new DigitClassifierTrainee();
            var options = new TrainerOptions
            {
                Epochs = 60,
                BatchSize = 32,
                Optimizer = new AdamW { LearningRate = 0.01, WeightDecay = 0.05 },
                Schedule = LearningRateSchedule.ReduceOnPlateau(factor: 0.3, patience: 5, minimumRate: 1e-5),
                Seed = 1,
            };
            options.Checks.InputSpreadMinimum = 0;
            TrainingResult result = net.Fit(inputs, targets, options);
            output.WriteLine(result.Message);
            string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            net.Save(path, WeightsFormat.Text);
            output.WriteLine($"Wrote {Path.GetFullPath(path)}; rebuild to bake it in.");
        }

        /// <summary>Counts of 0 to 16 become inputs of 0 to 1.</summary>
        private static void Scale(ReadOnlySpan<byte> counts, Span<float> input)
        {
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = counts[i] / (float)DigitSet.MaxCount;
            }
        }

        /// <summary>Dense(64, ReLU) then Dense(10, Softmax), in double, over the parameter layout of DESIGN.md §2.</summary>
        private static void ReferenceForward(float[] p, ReadOnlySpan<float> x, Span<double> y)
        {
            const int In = DigitClassifier.InputSize, Hidden = 64, Out = DigitClassifier.OutputSize;
            Span<double> h = stackalloc double[Hidden];
            for (int j = 0; j < Hidden; j++)
            {
                double z = p[(Hidden * In) + j];
                for (int i = 0; i < In; i++)
                {
                    z += (double)p[(j * In) + i] * x[i];
                }

                h[j] = Math.Max(z, 0);
            }

            int w2 = (Hidden * In) + Hidden, b2 = w2 + (Out * Hidden);
            double max = double.NegativeInfinity;
            for (int k = 0; k < Out; k++)
            {
                double z = p[b2 + k];
                for (int j = 0; j < Hidden; j++)
                {
                    z += (double)p[w2 + (k * Hidden) + j] * h[j];
                }

                y[k] = z;
                max = Math.Max(max, z);
            }

            double sum = 0;
            for (int k = 0; k < Out; k++)
            {
                y[k] = Math.Exp(y[k] - max);
                sum += y[k];
            }

            for (int k = 0; k < Out; k++)
            {
                y[k] /= sum;
            }
        }

        private static int ArgMax(ReadOnlySpan<float> values)
        {
            int best = 0;
            for (int i = 1; i < values.Length; i++)
            {
                best = values[i] > values[best] ? i : best;
            }

            return best;
        }

        private static string Accelerated(bool accelerated) => accelerated ? "accelerated" : "not accelerated";
    }
}
