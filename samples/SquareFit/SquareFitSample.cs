using System;
using System.Diagnostics;
using System.IO;
using NetGen.Training;

namespace NetGen.Samples.SquareFit
{
    /// <summary>What <see cref="SquareFitSample.Run"/> does besides training.</summary>
    public sealed record SquareFitOptions
    {
        /// <summary>Where the two PNG files go; created when missing. <c>artifacts/SquareFit</c> under the current directory by default.</summary>
        public string OutputDirectory { get; init; } = Path.Combine("artifacts", "SquareFit");

        /// <summary>Whether to write the PNG files. <c>true</c> by default.</summary>
        public bool WritePlots { get; init; } = true;

        /// <summary>A progress line every this many epochs. 200 by default.</summary>
        public int ProgressInterval { get; init; } = 200;

        internal static SquareFitOptions Parse(ArgumentReader args)
        {
            var options = new SquareFitOptions();
            if (args.Value("--out") is { } directory)
            {
                options = options with { OutputDirectory = directory };
            }

            if (args.Flag("--no-plots"))
            {
                options = options with { WritePlots = false };
            }

            return options;
        }
    }

    /// <summary>What the run achieved.</summary>
    /// <param name="MeanSquaredError">The mean of (y − x²)² over the 201 points, computed in double precision after training.</param>
    /// <param name="MaxAbsoluteError">The largest |y − x²| over the 201 points.</param>
    /// <param name="Training">The trainer's result: history, stop reason, warnings.</param>
    /// <param name="FitPlotPath">The full path of the target-and-fit picture, or <c>null</c> when no plots were written.</param>
    /// <param name="LossPlotPath">The full path of the loss-curve picture, or <c>null</c>.</param>
    /// <param name="Elapsed">The time the whole run took (training, evaluation and plots).</param>
    public sealed record SquareFitResult(
        double MeanSquaredError,
        double MaxAbsoluteError,
        TrainingResult Training,
        string? FitPlotPath,
        string? LossPlotPath,
        TimeSpan Elapsed)
    {
        /// <summary>The mean squared error the issue asks for: below 1e-5 on the 201 points.</summary>
        public const double Goal = 1e-5;

        /// <summary>Whether the mean squared error is below <see cref="Goal"/>.</summary>
        public bool Succeeded => MeanSquaredError < Goal;
    }

    /// <summary>y = x² on [0, 1] with a 1-64-1 network: the first seed's problem, solved with the trainer.</summary>
    public static class SquareFitSample
    {
        /// <summary>The number of points on [0, 1], both ends included.</summary>
        public const int Points = 201;

        /// <summary>The seed of the initial parameters and of the shuffling.</summary>
        public const int Seed = 1;

        /// <summary>Trains, evaluates, writes the plots and reports on <paramref name="output"/>.</summary>
        public static SquareFitResult Run(SquareFitOptions options, TextWriter output)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(output);
            long start = Stopwatch.GetTimestamp();

            (float[] xs, float[] ys) = Data();
            var net = new SquareNet();
            net.Initialize(Seed);
            var trainer = new TrainerOptions
            {
                // Mini-batches of 16 (13 steps an epoch) and Adam; the rate halves whenever the training loss has not
                // improved for 50 epochs, which takes the error from 1e-4 down to about 3e-7.
                Epochs = 1500,
                BatchSize = 16,
                Optimizer = new Adam { LearningRate = 0.005 },
                Schedule = LearningRateSchedule.ReduceOnPlateau(factor: 0.5, patience: 50, minimumRate: 1e-6),
                Seed = Seed,
            };

            output.Say($"SquareFit: y = x² on [0, 1], {Points} points, network {SquareNet.NetworkInfo.Topology} ({SquareNet.ParameterCount} parameters).");
            output.Say($"Training: {trainer.Optimizer.Description}, batches of {trainer.BatchSize}, {trainer.Epochs} epochs, learning rate {trainer.Schedule.Description}.");
            TrainingResult training = net.Fit(xs, ys, trainer, new EpochProgressWriter(output, options.ProgressInterval));
            output.WriteLine(training.Message);

            var fit = new float[Points];
            double squares = 0, worst = 0;
            for (int i = 0; i < Points; i++)
            {
                net.Predict(xs.AsSpan(i, 1), fit.AsSpan(i, 1));
                double error = (double)fit[i] - ys[i];
                squares += error * error;
                worst = Math.Max(worst, Math.Abs(error));
            }

            double mse = squares / Points;
            output.WriteLine();
            output.Say($"Mean squared error on the {Points} points: {mse:0.00E+0} (goal: below {SquareFitResult.Goal:0E+0}) — {(mse < SquareFitResult.Goal ? "reached" : "NOT reached")}.");
            output.Say($"Largest error: {worst:0.00E+0}; for example the network gives {Format(net, 0.5f)} for x = 0.5 (exactly 0.25) and {Format(net, 0.9f)} for x = 0.9 (exactly 0.81).");

            string? fitPath = null, lossPath = null;
            if (options.WritePlots)
            {
                string directory = Path.GetFullPath(options.OutputDirectory);
                Directory.CreateDirectory(directory);
                fitPath = Path.Combine(directory, "fit.png");
                lossPath = Path.Combine(directory, "loss.png");
                SquareFitPlots.WriteFit(fitPath, xs, ys, fit, mse);
                SquareFitPlots.WriteLoss(lossPath, training, SquareFitResult.Goal);
                output.Say($"Wrote the target and the fit to {fitPath}");
                output.Say($"Wrote the loss curve to {lossPath}");
                if (!SquareFitPlots.HasFonts)
                {
                    output.WriteLine("No font was found, so the pictures have no text; on Debian or Ubuntu, install fonts-dejavu-core.");
                }
            }

            return new SquareFitResult(mse, worst, training, fitPath, lossPath, Stopwatch.GetElapsedTime(start));
        }

        /// <summary>x = i / 200 for i = 0..200 and y = x².</summary>
        public static (float[] Xs, float[] Ys) Data()
        {
            var xs = new float[Points];
            var ys = new float[Points];
            for (int i = 0; i < Points; i++)
            {
                xs[i] = i / (float)(Points - 1);
                ys[i] = xs[i] * xs[i];
            }

            return (xs, ys);
        }

        private static string Format(SquareNet net, float x)
        {
            Span<float> y = stackalloc float[1];
            net.Predict(new[] { x }, y);
            return y[0].ToString("F5", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
