using System;
using System.Diagnostics;
using System.IO;
using NetGen.Training;

namespace NetGen.Samples.SinCos
{
    /// <summary>How much <see cref="SinCosSample.Run"/> prints. The data, networks and training are fixed.</summary>
    public sealed record SinCosOptions
    {
        /// <summary>A progress line every this many epochs for the trainings that converge. 200 by default.</summary>
        public int ProgressInterval { get; init; } = 200;

        internal static SinCosOptions Parse(ArgumentReader args) => new();
    }

    /// <summary>One of the three trainings.</summary>
    /// <param name="Title">What was trained, in a few words.</param>
    /// <param name="Topology">The network, for example "7 → 10 Tanh → 2 Identity".</param>
    /// <param name="Training">The trainer's result; for the seed's setup it carries the NG5007 divergence.</param>
    /// <param name="TestMeanSquaredError">The mean squared error on the 200 test samples after training (both outputs averaged).</param>
    public sealed record SinCosStage(string Title, string Topology, TrainingResult Training, double TestMeanSquaredError);

    /// <summary>What the run achieved.</summary>
    /// <param name="Seed">The second seed's setup: ReLU, no biases, summed loss, SGD with learning rate 0.01.</param>
    /// <param name="AnalyzerFixes">The analyzers' fixes (biases, LeakyReLU, mean loss) with Adam.</param>
    /// <param name="Fixed">The fixed network: Tanh hidden layer, biases, mean loss, Adam and reduce-on-plateau.</param>
    /// <param name="Elapsed">The time the whole run took.</param>
    public sealed record SinCosResult(SinCosStage Seed, SinCosStage AnalyzerFixes, SinCosStage Fixed, TimeSpan Elapsed)
    {
        /// <summary>The test mean squared error the issue asks of the fixed setup: below 1e-3.</summary>
        public const double Goal = 1e-3;

        /// <summary>Whether the seed's setup diverged (what this sample shows) and the fixed one reached <see cref="Goal"/>.</summary>
        public bool Succeeded => Seed.Training.Diverged && Fixed.TestMeanSquaredError < Goal;
    }

    /// <summary>
    /// The second seed: seven inputs drawn uniformly from [0, 1] and the targets (Σ sin xᵢ, Σ cos xᵢ), learned by a
    /// 7-10-2 network. Its author's setup diverges; the analyzers' fixes stop the divergence; a Tanh hidden layer
    /// gets the test error below 1e-3.
    /// </summary>
    public static class SinCosSample
    {
        /// <summary>The number of training samples.</summary>
        public const int TrainingSamples = 1000;

        /// <summary>The number of test samples, drawn after the training ones from the same stream.</summary>
        public const int TestSamples = 200;

        /// <summary>The seed of the data.</summary>
        public const int DataSeed = 2;

        /// <summary>The seed of the networks' initial parameters and of the shuffling.</summary>
        public const int Seed = 2;

        /// <summary>Runs the three trainings and reports on <paramref name="output"/>.</summary>
        public static SinCosResult Run(SinCosOptions options, TextWriter output)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(output);
            long start = Stopwatch.GetTimestamp();
            (float[] trainX, float[] trainY, float[] testX, float[] testY) = Data();
            output.Say($"SinCos: 7 inputs uniform in [0, 1], targets (Σ sin xᵢ, Σ cos xᵢ); {TrainingSamples} training and {TestSamples} test samples.");

            // 1. The seed's setup: the whole set in one batch, the 1000 losses summed, plain SGD at 0.01.
            output.Say();
            output.Say($"1. The second seed's setup: {SeedSinCosNet.NetworkInfo.Topology}, Reduction.Sum, SGD with learning rate 0.01, the {TrainingSamples} samples in one batch.");
            var seedNet = new SeedSinCosNet();
            seedNet.Initialize(Seed);
            var seedOptions = new TrainerOptions
            {
                Epochs = 100,
                BatchSize = TrainingSamples,
                Optimizer = new Sgd { LearningRate = 0.01 },
                Seed = Seed,
            };
            TrainingResult seedTraining = seedNet.Fit(trainX, trainY, seedOptions, new EpochProgressWriter(output, 1));
            double seedMse = TestError(seedNet, testX, testY);
            if (seedTraining.Diverged)
            {
                output.Say($"   It diverged, as it did for the seed's author; the trainer stopped it and restored the last good parameters (test MSE {seedMse:0.00E+0}).");
            }
            else
            {
                output.Say($"   It did NOT diverge this time (test MSE {seedMse:0.00E+0}); the sample expected NG5007.");
            }

            // 2. The analyzers' fixes. LeakyReLU keeps every unit alive; the mean loss makes the step independent of the batch.
            output.Say();
            output.Say($"2. The analyzers' fixes: {LeakySinCosNet.NetworkInfo.Topology} with biases, the mean loss, Adam, batches of 32.");
            var leakyNet = new LeakySinCosNet();
            leakyNet.Initialize(Seed);
            TrainingResult leakyTraining = leakyNet.Fit(trainX, trainY, ConvergingOptions(), new EpochProgressWriter(output, options.ProgressInterval));
            output.WriteLine(leakyTraining.Message);
            double leakyMse = TestError(leakyNet, testX, testY);
            output.Say($"   No divergence, but the test MSE stays at {leakyMse:0.00E+0}: ten piecewise-linear units fit these smooth sums little better than a plane does.");

            // 3. The fixed network: the same topology with a smooth hidden activation.
            output.Say();
            output.Say($"3. The fix: {SinCosNet.NetworkInfo.Topology} with biases, the mean loss, Adam, batches of 32.");
            var net = new SinCosNet();
            net.Initialize(Seed);
            TrainingResult training = net.Fit(trainX, trainY, ConvergingOptions(), new EpochProgressWriter(output, options.ProgressInterval));
            output.WriteLine(training.Message);
            double mse = TestError(net, testX, testY);

            var result = new SinCosResult(
                new SinCosStage("the second seed's setup", SeedSinCosNet.NetworkInfo.Topology, seedTraining, seedMse),
                new SinCosStage("the analyzers' fixes", LeakySinCosNet.NetworkInfo.Topology, leakyTraining, leakyMse),
                new SinCosStage("the fixed network", SinCosNet.NetworkInfo.Topology, training, mse),
                Stopwatch.GetElapsedTime(start));
            output.Say();
            output.Say($"Test mean squared error of the fixed network: {mse:0.00E+0} (goal: below {SinCosResult.Goal:0E+0}) — {(mse < SinCosResult.Goal ? "reached" : "NOT reached")}.");
            output.Say($"Its outputs on the first test sample: {Describe(net, testX, testY)}.");
            return result;
        }

        /// <summary>Adam at 0.01 in batches of 32; the rate halves after 20 epochs without improvement, down to 1e-6.</summary>
        private static TrainerOptions ConvergingOptions() => new()
        {
            Epochs = 1000,
            BatchSize = 32,
            Optimizer = new Adam { LearningRate = 0.01 },
            Schedule = LearningRateSchedule.ReduceOnPlateau(factor: 0.5, patience: 20, minimumRate: 1e-6),
            Seed = Seed,
        };

        /// <summary>The training and test samples, drawn from one seeded stream (training first).</summary>
        public static (float[] TrainX, float[] TrainY, float[] TestX, float[] TestY) Data()
        {
            var random = new SeededRandom(DataSeed);
            (float[] trainX, float[] trainY) = Draw(TrainingSamples, ref random);
            (float[] testX, float[] testY) = Draw(TestSamples, ref random);
            return (trainX, trainY, testX, testY);

            static (float[] X, float[] Y) Draw(int count, ref SeededRandom random)
            {
                var x = new float[count * 7];
                var y = new float[count * 2];
                for (int i = 0; i < count; i++)
                {
                    double sin = 0, cos = 0;
                    for (int k = 0; k < 7; k++)
                    {
                        float v = (float)random.NextDouble();
                        x[(i * 7) + k] = v;
                        sin += Math.Sin(v);
                        cos += Math.Cos(v);
                    }

                    y[i * 2] = (float)sin;
                    y[(i * 2) + 1] = (float)cos;
                }

                return (x, y);
            }
        }

        /// <summary>The mean over samples and both outputs of (y − t)², in double precision.</summary>
        private static double TestError(INetwork<float> net, float[] x, float[] y)
        {
            Span<float> output = stackalloc float[2];
            double sum = 0;
            int count = y.Length / 2;
            for (int i = 0; i < count; i++)
            {
                net.Predict(x.AsSpan(i * 7, 7), output);
                for (int k = 0; k < 2; k++)
                {
                    double e = (double)output[k] - y[(i * 2) + k];
                    sum += e * e;
                }
            }

            return sum / y.Length;
        }

        private static string Describe(INetwork<float> net, float[] x, float[] y)
        {
            Span<float> output = stackalloc float[2];
            net.Predict(x.AsSpan(0, 7), output);
            return FormattableString.Invariant($"Σ sin = {output[0]:F4} (exactly {y[0]:F4}), Σ cos = {output[1]:F4} (exactly {y[1]:F4})");
        }
    }
}
