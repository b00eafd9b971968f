using System;
using System.Globalization;
using NetGen.Training;
using ScottPlot;

namespace NetGen.Samples.SquareFit
{
    /// <summary>The two pictures: the target with the network's fit, and the loss curve on a log scale.</summary>
    internal static class SquareFitPlots
    {
        private const int Width = 800;
        private const int Height = 500;

        /// <summary>
        /// Whether SkiaSharp found any font. Its Linux library (without system dependencies) reads the fonts under
        /// /usr/share/fonts; with none, the pictures are drawn without their text.
        /// </summary>
        public static bool HasFonts => SkiaSharp.SKTypeface.Default.GlyphCount > 0;

        /// <summary>The target x² and the network's output over [0, 1], with the error on a second axis.</summary>
        public static void WriteFit(string path, float[] xs, float[] ys, float[] fit, double mse)
        {
            double[] x = ToDouble(xs), target = ToDouble(ys), network = ToDouble(fit);
            var error = new double[x.Length];
            for (int i = 0; i < x.Length; i++)
            {
                error[i] = (network[i] - target[i]) * 1e3;
            }

            var plot = new Plot();
            var targetLine = plot.Add.Scatter(x, target);
            targetLine.LegendText = "target y = x²";
            targetLine.MarkerSize = 0;
            targetLine.LineWidth = 7;
            targetLine.Color = Colors.LightSkyBlue;

            var networkLine = plot.Add.Scatter(x, network);
            networkLine.LegendText = "network (1-64-1)";
            networkLine.MarkerSize = 0;
            networkLine.LineWidth = 2;
            networkLine.LinePattern = LinePattern.Dashed;
            networkLine.Color = Colors.Navy;

            var errorLine = plot.Add.Scatter(x, error);
            errorLine.LegendText = "error (network − target) × 1000, right axis";
            errorLine.MarkerSize = 0;
            errorLine.LineWidth = 1.5f;
            errorLine.Color = Colors.OrangeRed;
            errorLine.Axes.YAxis = plot.Axes.Right;

            plot.Title(string.Create(CultureInfo.InvariantCulture, $"y = x² on [0, 1]: mean squared error {mse:0.0E+0} over {x.Length} points"));
            plot.XLabel("x");
            plot.YLabel("y");
            plot.Axes.Right.Label.Text = "error × 1000";
            plot.Axes.SetLimitsY(-0.05, 1.05, plot.Axes.Left);
            double span = Math.Max(MaxAbs(error) * 4, 0.01);
            plot.Axes.SetLimitsY(-span, span, plot.Axes.Right);
            plot.ShowLegend(Alignment.UpperLeft);
            plot.SavePng(path, Width, Height);
        }

        /// <summary>The training loss of every epoch on a log scale, the learning rate's drops and the goal.</summary>
        public static void WriteLoss(string path, TrainingResult training, double goal)
        {
            int n = training.History.Count;
            var epochs = new double[n];
            var loss = new double[n];
            for (int i = 0; i < n; i++)
            {
                EpochMetrics m = training.History[i];
                epochs[i] = m.Epoch;
                loss[i] = Math.Log10(m.TrainingLoss);
            }

            var plot = new Plot();
            var lossLine = plot.Add.Scatter(epochs, loss);
            lossLine.LegendText = "training loss (mean squared error of the epoch's batches)";
            lossLine.MarkerSize = 0;
            lossLine.LineWidth = 2;
            lossLine.Color = Colors.Navy;

            var goalLine = plot.Add.HorizontalLine(Math.Log10(goal));
            goalLine.LegendText = string.Create(CultureInfo.InvariantCulture, $"goal: {goal:0E+0}");
            goalLine.LinePattern = LinePattern.Dashed;
            goalLine.Color = Colors.OrangeRed;
            goalLine.LineWidth = 1.5f;

            plot.Title("Training loss, log scale");
            plot.XLabel("epoch");
            plot.YLabel("loss");
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = y => string.Create(CultureInfo.InvariantCulture, $"1e{y:0}"),
            };
            plot.Axes.SetLimitsX(0, n);
            plot.ShowLegend(Alignment.UpperRight);
            plot.SavePng(path, Width, Height);
        }

        private static double[] ToDouble(float[] values)
        {
            var d = new double[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                d[i] = values[i];
            }

            return d;
        }

        private static double MaxAbs(double[] values)
        {
            double m = 0;
            foreach (double v in values)
            {
                m = Math.Max(m, Math.Abs(v));
            }

            return m;
        }
    }
}
