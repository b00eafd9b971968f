using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using NetGen.Training;

namespace NetGen.Samples.Digits
{
    /// <summary>Where the digits come from.</summary>
    public sealed record DigitsOptions
    {
        /// <summary>A folder holding optdigits.tra and optdigits.tes; when <c>null</c> (the default), the shared data is looked for.</summary>
        public string? DataDirectory { get; init; }

        /// <summary>Use synthetic digits even when real ones are found. <c>false</c> by default.</summary>
        public bool Synthetic { get; init; }

        /// <summary>
        /// Where to start looking for <c>shared/data/optdigits</c> (each folder and its parents) when no
        /// <see cref="DataDirectory"/> is given; the current directory and the program's folder by default.
        /// </summary>
        public string[] SearchFrom { get; init; } = { Directory.GetCurrentDirectory(), AppContext.BaseDirectory };

        /// <summary>A progress line every this many epochs. 10 by default.</summary>
        public int ProgressInterval { get; init; } = 10;

        internal static DigitsOptions Parse(ArgumentReader args)
        {
            var options = new DigitsOptions { Synthetic = args.Flag("--synthetic") };
            if (args.Value("--data") is { } directory)
            {
                if (options.Synthetic)
                {
                    throw new ArgumentException("Give either --data or --synthetic, not both.");
                }

                options = options with { DataDirectory = directory };
            }

            return options;
        }
    }

    /// <summary>Where the digits of a run came from.</summary>
    public enum DigitsDataSource
    {
        /// <summary>The UCI optdigits files.</summary>
        Optdigits = 0,

        /// <summary>Digits drawn by <see cref="SyntheticDigits"/>.</summary>
        Synthetic = 1,
    }

    /// <summary>One network's outcome.</summary>
    /// <param name="Topology">The network, for example "64 → 10 ReLU → 10 Softmax".</param>
    /// <param name="TestAccuracy">The fraction of test digits whose largest output is their class.</param>
    /// <param name="Confusion">Counts of test digits by true class (first index) and predicted class (second index).</param>
    /// <param name="Goal">The accuracy this network must reach on this data.</param>
    /// <param name="Training">The trainer's result.</param>
    public sealed record DigitsNetworkResult(string Topology, double TestAccuracy, int[,] Confusion, double Goal, TrainingResult Training)
    {
        /// <summary>Whether <see cref="TestAccuracy"/> reached <see cref="Goal"/>.</summary>
        public bool Reached => TestAccuracy >= Goal;
    }

    /// <summary>What the run achieved.</summary>
    /// <param name="Source">Real or synthetic digits.</param>
    /// <param name="DataDirectory">The folder the real digits were read from; <c>null</c> for synthetic ones.</param>
    /// <param name="TrainingCount">The number of training digits.</param>
    /// <param name="TestCount">The number of test digits.</param>
    /// <param name="Small">The 64-10-10 network.</param>
    /// <param name="Wide">The 64-64-10 network.</param>
    /// <param name="Elapsed">The time the whole run took.</param>
    public sealed record DigitsResult(
        DigitsDataSource Source,
        string? DataDirectory,
        int TrainingCount,
        int TestCount,
        DigitsNetworkResult Small,
        DigitsNetworkResult Wide,
        TimeSpan Elapsed)
    {
        /// <summary>Whether both networks reached their goals.</summary>
        public bool Succeeded => Small.Reached && Wide.Reached;
    }

    /// <summary>
    /// The fourth seed: classify 8x8 handwritten digits with 64-10-10 (ReLU hidden layer, Softmax output,
    /// cross-entropy), and a 64-64-10 variant.
    /// </summary>
    public static class DigitsSample
    {
        /// <summary>The test accuracy 64-10-10 must reach on optdigits.</summary>
        public const double SmallGoal = 0.95;

        /// <summary>The test accuracy 64-64-10 must reach on optdigits.</summary>
        public const double WideGoal = 0.97;

        /// <summary>The test accuracy both networks must reach on the synthetic digits.</summary>
        public const double SyntheticGoal = 0.90;

        /// <summary>The number of synthetic training digits.</summary>
        public const int SyntheticTrainingCount = 3000;

        /// <summary>The number of synthetic test digits.</summary>
        public const int SyntheticTestCount = 1000;

        /// <summary>The seed of the synthetic digits.</summary>
        public const int SyntheticSeed = 7;

        /// <summary>The seed of the networks' initial parameters and of the shuffling.</summary>
        public const int Seed = 1;

        /// <summary>The weight of the uniform distribution mixed into the one-hot targets (label smoothing).</summary>
        public const float LabelSmoothing = 0.05f;

        /// <summary>Reads or draws the digits, trains both networks and reports on <paramref name="output"/>.</summary>
        /// <exception cref="DirectoryNotFoundException"><see cref="DigitsOptions.DataDirectory"/> does not hold both files.</exception>
        /// <exception cref="FormatException">A data file is not in the optdigits form.</exception>
        public static DigitsResult Run(DigitsOptions options, TextWriter output)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(output);
            long start = Stopwatch.GetTimestamp();

            (DigitsDataSource source, string? directory, DigitSet train, DigitSet test) = LoadData(options, output);
            (float[] trainX, float[] trainY) = Prepare(train, train);
            (float[] testX, _) = Prepare(test, train);
            bool real = source == DigitsDataSource.Optdigits;

            output.Say();
            output.Say($"Inputs: each count divided by 16, then the training set's mean digit subtracted, so that every pixel is centred on 0.");
            output.Say($"Targets: one-hot with {LabelSmoothing} spread over the ten classes (label smoothing). Training: {CreateOptions().Optimizer.Description}, weight decay {CreateOptions().Optimizer.WeightDecay}, batches of {CreateOptions().BatchSize}, {CreateOptions().Epochs} epochs, {CreateOptions().Schedule!.Description}.");

            DigitsNetworkResult small = Train(new DigitsNet(), DigitsNet.NetworkInfo.Topology, real ? SmallGoal : SyntheticGoal, trainX, trainY, testX, test, options, output);
            DigitsNetworkResult wide = Train(new WideDigitsNet(), WideDigitsNet.NetworkInfo.Topology, real ? WideGoal : SyntheticGoal, trainX, trainY, testX, test, options, output);

            var result = new DigitsResult(source, directory, train.Count, test.Count, small, wide, Stopwatch.GetElapsedTime(start));
            output.Say();
            string data = real ? "optdigits" : "synthetic";
            output.Say($"{small.Topology}: {small.TestAccuracy:P2} of the {test.Count} {data} test digits right (goal: at least {small.Goal:P0}) — {(small.Reached ? "reached" : "NOT reached")}.");
            output.Say($"{wide.Topology}: {wide.TestAccuracy:P2} right (goal: at least {wide.Goal:P0}) — {(wide.Reached ? "reached" : "NOT reached")}.");
            if (!real)
            {
                output.WriteLine("These are synthetic digits: the numbers say that the networks learn, not how well they read handwriting.");
            }

            return result;
        }

        /// <summary>AdamW at 0.01 with weight decay 0.05, batches of 32, 100 epochs, the rate ×0.3 after 5 flat epochs.</summary>
        internal static TrainerOptions CreateOptions()
        {
            var options = new TrainerOptions
            {
                Epochs = 100,
                BatchSize = 32,
                Optimizer = new AdamW { LearningRate = 0.01, WeightDecay = 0.05 },
                Schedule = LearningRateSchedule.ReduceOnPlateau(factor: 0.3, patience: 5, minimumRate: 1e-5),
                Seed = Seed,
            };

            return options;
        }

        private static (DigitsDataSource Source, string? Directory, DigitSet Train, DigitSet Test) LoadData(DigitsOptions options, TextWriter output)
        {
            if (!options.Synthetic)
            {
                string? directory = options.DataDirectory;
                if (directory is not null && !DigitSet.HasFiles(directory))
                {
                    throw new DirectoryNotFoundException(
                        $"--data {directory}: the folder must hold {DigitSet.TrainingFile} and {DigitSet.TestFile}.");
                }

                directory ??= DigitSet.FindSharedData(options.SearchFrom);
                if (directory is not null)
                {
                    directory = Path.GetFullPath(directory);
                    DigitSet train = DigitSet.Load(Path.Combine(directory, DigitSet.TrainingFile));
                    DigitSet test = DigitSet.Load(Path.Combine(directory, DigitSet.TestFile));
                    output.Say($"Digits: UCI optdigits from {directory}: {train.Count} training and {test.Count} test digits (8x8 counts of 0 to 16).");
                    return (DigitsDataSource.Optdigits, directory, train, test);
                }
            }

            var random = new SeededRandom(SyntheticSeed);
            DigitSet syntheticTrain = SyntheticDigits.Generate(SyntheticTrainingCount, ref random);
            DigitSet syntheticTest = SyntheticDigits.Generate(SyntheticTestCount, ref random);
            output.WriteLine(options.Synthetic
                ? FormattableString.Invariant($"Digits: SYNTHETIC, as asked (--synthetic): {SyntheticTrainingCount} training and {SyntheticTestCount} test digits drawn by this sample (seed {SyntheticSeed}).")
                : FormattableString.Invariant($"Digits: SYNTHETIC. No optdigits files were found (give --data DIR, or put them in ../shared/data/optdigits beside the repository), so this sample drew {SyntheticTrainingCount} training and {SyntheticTestCount} test digits itself (seed {SyntheticSeed})."));
            return (DigitsDataSource.Synthetic, null, syntheticTrain, syntheticTest);
        }

        /// <summary>
        /// Inputs: counts / 16 minus the mean of <paramref name="statistics"/> (the training set) per pixel. Targets:
        /// one-hot, smoothed.
        /// </summary>
        private static (float[] Inputs, float[] Targets) Prepare(DigitSet set, DigitSet statistics)
        {
            var mean = new double[DigitSet.Pixels];
            for (int i = 0; i < statistics.Counts.Length; i++)
            {
                mean[i % DigitSet.Pixels] += statistics.Counts[i] / (double)DigitSet.MaxCount;
            }

            for (int k = 0; k < DigitSet.Pixels; k++)
            {
                mean[k] /= statistics.Count;
            }

            var inputs = new float[set.Counts.Length];
            for (int i = 0; i < inputs.Length; i++)
            {
                inputs[i] = (float)((set.Counts[i] / (double)DigitSet.MaxCount) - mean[i % DigitSet.Pixels]);
            }

            var targets = new float[set.Count * 10];
            for (int i = 0; i < set.Count; i++)
            {
                for (int k = 0; k < 10; k++)
                {
                    targets[(i * 10) + k] = (LabelSmoothing / 10) + (k == set.Labels[i] ? 1 - LabelSmoothing : 0);
                }
            }

            return (inputs, targets);
        }

        private static DigitsNetworkResult Train(
            INetwork<float> net, string topology, double goal, float[] trainX, float[] trainY, float[] testX, DigitSet test, DigitsOptions options, TextWriter output)
        {
            output.Say();
            output.Say($"{topology} ({net.ParameterCount} parameters):");
            net.Initialize(Seed);
            TrainingResult training = net.Fit(trainX, trainY, CreateOptions(), new EpochProgressWriter(output, options.ProgressInterval));
            output.WriteLine(training.Message);

            var confusion = new int[10, 10];
            Span<float> scores = stackalloc float[10];
            int correct = 0;
            for (int i = 0; i < test.Count; i++)
            {
                net.Predict(testX.AsSpan(i * DigitSet.Pixels, DigitSet.Pixels), scores);
                int predicted = 0;
                for (int k = 1; k < 10; k++)
                {
                    if (scores[k] > scores[predicted])
                    {
                        predicted = k;
                    }
                }

                confusion[test.Labels[i], predicted]++;
                correct += predicted == test.Labels[i] ? 1 : 0;
            }

            double accuracy = correct / (double)test.Count;
            output.Say($"Test accuracy {accuracy:P2} ({correct} of {test.Count}). Confusion matrix (rows: true digit, columns: predicted digit):");
            output.Write(FormatConfusion(confusion));
            return new DigitsNetworkResult(topology, accuracy, confusion, goal, training);
        }

        /// <summary>The confusion matrix as text: a header row of predicted digits, then one row per true digit.</summary>
        public static string FormatConfusion(int[,] confusion)
        {
            ArgumentNullException.ThrowIfNull(confusion);
            var sb = new StringBuilder();
            sb.Append("        ");
            for (int k = 0; k < 10; k++)
            {
                sb.Append(FormattableString.Invariant($"{k,5}"));
            }

            sb.AppendLine();
            for (int t = 0; t < 10; t++)
            {
                sb.Append(FormattableString.Invariant($"    {t,2}  "));
                for (int p = 0; p < 10; p++)
                {
                    sb.Append(confusion[t, p] == 0 && t != p ? "    ·" : FormattableString.Invariant($"{confusion[t, p],5}"));
                }

                sb.AppendLine();
            }

            return sb.ToString();
        }
    }
}
