using System;
using System.Text;

namespace NetGen.Training
{
    /// <summary>
    /// The checks of the training data before the first batch: NG5003 (class labels with a regression loss), NG5004
    /// (targets outside the output's range), NG5005 (inputs not normalised), and the baseline loss NG5006 judges by.
    /// </summary>
    internal sealed partial class RuntimeChecks<T>
    {
        /// <summary>The loss of always predicting the mean target, the scale against which NG5006 judges a loss.</summary>
        public double BaselineLoss { get; private set; } = double.NaN;

        /// <summary>NG5003, NG5004, NG5005 on the training samples, and the baseline loss for NG5006.</summary>
        public void CheckData(Dataset<T> data, ReadOnlySpan<int> indices)
        {
            // Only NG5006 needs the baseline: without it nothing of the data is read here (and nothing is compiled).
            BaselineLoss = _plateauEnabled ? ComputeBaselineLoss(data, indices) : double.NaN;
            if (!_settings.Enabled)
            {
                return;
            }

            if (_settings.IsEnabled(TrainingDiagnosticIds.ClassLabelsWithRegressionLoss))
            {
                CheckClassLabels(data, indices);
            }

            if (_settings.IsEnabled(TrainingDiagnosticIds.TargetsOutsideOutputRange))
            {
                CheckTargetRange(data, indices);
            }

            if (_settings.IsEnabled(TrainingDiagnosticIds.UnnormalizedInputs))
            {
                CheckInputScale(data, indices);
            }
        }

        private void CheckClassLabels(Dataset<T> data, ReadOnlySpan<int> indices)
        {
            if (_info.Loss != Loss.MeanSquaredError)
            {
                return;
            }

            int width = data.TargetSize;
            bool seenZero = false, seenOne = false;
            foreach (int i in indices)
            {
                ReadOnlySpan<T> t = data.GetTarget(i);
                int ones = 0;
                for (int k = 0; k < width; k++)
                {
                    if (t[k] == T.One)
                    {
                        ones++;
                        seenOne = true;
                    }
                    else if (t[k] == T.Zero)
                    {
                        seenZero = true;
                    }
                    else
                    {
                        return;
                    }
                }

                if (width > 1 && ones != 1)
                {
                    return;
                }
            }

            if (width > 1)
            {
                Add(
                    TrainingDiagnosticIds.ClassLabelsWithRegressionLoss,
                    TrainingMessages.OneHotTargetsWithRegressionLossTitle,
                    TrainingMessages.OneHotTargetsWithRegressionLoss(width, _info.Name),
                    0);
            }
            else if (seenZero && seenOne)
            {
                Add(
                    TrainingDiagnosticIds.ClassLabelsWithRegressionLoss,
                    TrainingMessages.BinaryLabelsWithRegressionLossTitle,
                    TrainingMessages.BinaryLabelsWithRegressionLoss(_info.Name),
                    0);
            }
        }

        private void CheckTargetRange(Dataset<T> data, ReadOnlySpan<int> indices)
        {
            LayerInfo output = _info.OutputLayer;
            Activation a = output.Activation;
            double low, high;
            switch (a)
            {
                case Activation.Sigmoid:
                case Activation.Softmax:
                    (low, high) = (0, 1);
                    break;
                case Activation.Tanh:
                    (low, high) = (-1, 1);
                    break;
                case Activation.ReLU:
                    (low, high) = (0, double.PositiveInfinity);
                    break;
                default:
                    return;
            }

            int width = data.TargetSize;
            int outside = 0, badSums = 0, firstSample = -1;
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            foreach (int i in indices)
            {
                ReadOnlySpan<T> t = data.GetTarget(i);
                double sum = 0;
                bool bad = false;
                for (int k = 0; k < width; k++)
                {
                    double v = double.CreateTruncating(t[k]);
                    sum += v;
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                    if (v < low || v > high)
                    {
                        outside++;
                        bad = true;
                    }
                }

                if (a == Activation.Softmax && Math.Abs(sum - 1) > 1e-3 * width)
                {
                    badSums++;
                    bad = true;
                }

                if (bad && firstSample < 0)
                {
                    firstSample = i;
                }
            }

            if (outside == 0 && badSums == 0)
            {
                return;
            }

            Add(
                TrainingDiagnosticIds.TargetsOutsideOutputRange,
                TrainingMessages.TargetsOutsideOutputRangeTitle,
                TrainingMessages.TargetsOutsideOutputRange(outside, badSums, firstSample, min, max, a, _info.Loss),
                0,
                output.Index + 1);
        }

        private void CheckInputScale(Dataset<T> data, ReadOnlySpan<int> indices)
        {
            int width = data.InputSize;
            (double[] mean, double[] m2, int n) = ColumnMoments(data, indices, targets: false);

            if (n < 2)
            {
                return;
            }

            int flagged = 0;
            var examples = new StringBuilder();
            for (int k = 0; k < width; k++)
            {
                double std = Math.Sqrt(m2[k] / n);
                bool far = Math.Abs(mean[k]) > _settings.InputMeanLimit || std > _settings.InputSpreadLimit
                    || (std > 0 && std < _settings.InputSpreadMinimum && !WithinUnitRange(data, indices, k));
                if (!far)
                {
                    continue;
                }

                if (flagged < 3)
                {
                    TrainingMessages.AppendInputFeature(examples, k, mean[k], std);
                }

                flagged++;
            }

            if (flagged == 0)
            {
                return;
            }

            Add(
                TrainingDiagnosticIds.UnnormalizedInputs,
                TrainingMessages.UnnormalizedInputsTitle,
                TrainingMessages.UnnormalizedInputs(flagged, width, examples),
                0);
        }

        /// <summary>Whether every value of input feature <paramref name="k"/> lies in [0, 1]: such a feature is already scaled.</summary>
        private static bool WithinUnitRange(Dataset<T> data, ReadOnlySpan<int> indices, int k)
        {
            ReadOnlySpan<T> inputs = data.Inputs.Span;
            foreach (int i in indices)
            {
                T v = inputs[(i * data.InputSize) + k];
                if (!(v >= T.Zero && v <= T.One))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Per-column mean and sum of squared deviations of the inputs (or the targets) of the given samples, with
        /// Welford's update, which stays stable for large means.
        /// </summary>
        private static (double[] Mean, double[] M2, int Count) ColumnMoments(Dataset<T> data, ReadOnlySpan<int> indices, bool targets)
        {
            int width = targets ? data.TargetSize : data.InputSize;
            var mean = new double[width];
            var m2 = new double[width];
            int n = 0;
            foreach (int i in indices)
            {
                n++;
                ReadOnlySpan<T> row = targets ? data.GetTarget(i) : data.GetInput(i);
                for (int k = 0; k < width; k++)
                {
                    double v = double.CreateTruncating(row[k]);
                    double d = v - mean[k];
                    mean[k] += d / n;
                    m2[k] += d * (v - mean[k]);
                }
            }

            return (mean, m2, n);
        }

        private double ComputeBaselineLoss(Dataset<T> data, ReadOnlySpan<int> indices)
        {
            int width = data.TargetSize;
            (double[] mean, double[] m2, int n) = ColumnMoments(data, indices, targets: true);

            if (n == 0)
            {
                return double.NaN;
            }

            double loss = 0;
            for (int k = 0; k < width; k++)
            {
                double p = mean[k];
                loss += _info.Loss switch
                {
                    Loss.CrossEntropy => p > 0 ? -p * Math.Log(p) : 0,
                    Loss.BinaryCrossEntropy => (p > 0 && p < 1 ? -((p * Math.Log(p)) + ((1 - p) * Math.Log(1 - p))) : 0) / width,
                    _ => m2[k] / n / width,
                };
            }

            return loss;
        }
    }
}
