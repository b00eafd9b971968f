using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace NetGen.Training
{
    /// <summary>
    /// The trainer's run-time checks (NG5001–NG5006): what no compile-time analyzer can see because it depends on the
    /// data or on the parameters during training. Findings are appended to a list, each at most once per run (per layer
    /// for the activation checks); nothing here throws on a finding, and nothing allocates unless a finding is made.
    /// </summary>
    internal sealed class RuntimeChecks<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly NetworkInfo _info;
        private readonly TrainingChecks _settings;
        private readonly List<TrainingDiagnostic> _sink;
        private readonly bool[] _deadReported;
        private readonly bool[] _saturationReported;
        private readonly int[] _activeCount;
        private readonly int[] _saturatedCount;
        private readonly T _saturationHigh;
        private readonly T _saturationLow;
        private readonly bool _plateauEnabled;
        private int _tracedSamples;
        private double _plateauMinBefore = double.PositiveInfinity;
        private bool _plateauReported;

        public RuntimeChecks(NetworkInfo info, TrainerOptions options, List<TrainingDiagnostic> sink)
        {
            _info = info;
            _settings = options.Checks;
            _sink = sink;
            int layers = info.Layers.Count;
            _deadReported = new bool[layers];
            _saturationReported = new bool[layers];
            _activeCount = new int[info.TotalUnits];
            _saturatedCount = new int[info.TotalUnits];
            _saturationHigh = T.CreateChecked(_settings.SaturationLevel);
            _saturationLow = T.CreateChecked(1 - _settings.SaturationLevel);

            // ReduceOnPlateau and early stopping already act on a plateau; NG5006 would only repeat them.
            _plateauEnabled = _settings.IsEnabled(TrainingDiagnosticIds.LossStoppedFalling)
                && options.Schedule is not ReduceOnPlateauSchedule
                && options.EarlyStopping is null;
            for (int l = 0; l < layers; l++)
            {
                _deadReported[l] = !ChecksDeadUnits(l);
                _saturationReported[l] = !ChecksSaturation(l);
            }
        }

        /// <summary>The loss of always predicting the mean target, the scale against which NG5006 judges a loss.</summary>
        public double BaselineLoss { get; private set; } = double.NaN;

        /// <summary>Whether an activation check still has something to report, so that the epoch needs a traced pass.</summary>
        public bool NeedsTrace
        {
            get
            {
                for (int l = 0; l < _deadReported.Length; l++)
                {
                    if (!_deadReported[l] || !_saturationReported[l])
                    {
                        return true;
                    }
                }

                return false;
            }
        }

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

        /// <summary>Starts an epoch's traced pass.</summary>
        public void BeginTrace()
        {
            Array.Clear(_activeCount);
            Array.Clear(_saturatedCount);
            _tracedSamples = 0;
        }

        /// <summary>Counts one sample's layer outputs (a <c>Trace</c> buffer).</summary>
        public void Accumulate(ReadOnlySpan<T> trace)
        {
            _tracedSamples++;
            IReadOnlyList<LayerInfo> layers = _info.Layers;
            for (int l = 0; l < layers.Count; l++)
            {
                LayerInfo layer = layers[l];
                int o = layer.OutputOffset;
                if (!_deadReported[l])
                {
                    for (int u = 0; u < layer.Units; u++)
                    {
                        if (trace[o + u] > T.Zero)
                        {
                            _activeCount[o + u]++;
                        }
                    }
                }

                if (!_saturationReported[l])
                {
                    bool sigmoid = layer.Activation == Activation.Sigmoid;
                    for (int u = 0; u < layer.Units; u++)
                    {
                        T h = trace[o + u];
                        bool saturated = sigmoid ? h > _saturationHigh || h < _saturationLow : T.Abs(h) > _saturationHigh;
                        if (saturated)
                        {
                            _saturatedCount[o + u]++;
                        }
                    }
                }
            }
        }

        /// <summary>NG5001 and NG5002 from the counts of the traced pass.</summary>
        public void EndTrace(int epoch)
        {
            if (_tracedSamples == 0)
            {
                return;
            }

            IReadOnlyList<LayerInfo> layers = _info.Layers;
            int saturatedNeeded = (int)Math.Ceiling(_settings.SaturatedSampleFraction * _tracedSamples);
            for (int l = 0; l < layers.Count; l++)
            {
                LayerInfo layer = layers[l];
                int unitsNeeded = Math.Max(1, (int)Math.Ceiling(_settings.UnitFraction * layer.Units));
                if (!_deadReported[l])
                {
                    int dead = 0;
                    for (int u = 0; u < layer.Units; u++)
                    {
                        dead += _activeCount[layer.OutputOffset + u] == 0 ? 1 : 0;
                    }

                    if (dead >= unitsNeeded)
                    {
                        _deadReported[l] = true;
                        ReportDeadUnits(layer, dead, epoch);
                    }
                }

                if (!_saturationReported[l])
                {
                    int saturated = 0;
                    for (int u = 0; u < layer.Units; u++)
                    {
                        saturated += _saturatedCount[layer.OutputOffset + u] >= saturatedNeeded ? 1 : 0;
                    }

                    if (saturated >= unitsNeeded)
                    {
                        _saturationReported[l] = true;
                        ReportSaturation(layer, saturated, epoch);
                    }
                }
            }
        }

        /// <summary>NG5006: the training loss has not fallen by the required fraction over the last epochs.</summary>
        /// <param name="history">The metrics of the epochs so far.</param>
        /// <param name="stepsPerEpoch">Optimizer steps per epoch: the window covers at least <see cref="TrainingChecks.PlateauSteps"/> of them.</param>
        public void CheckPlateau(List<EpochMetrics> history, int stepsPerEpoch)
        {
            int window = PlateauWindow(_settings, stepsPerEpoch);
            int e = history.Count;
            if (!_plateauEnabled || _plateauReported || e <= window)
            {
                return;
            }

            // Minimum before the window, kept up to date as the window slides.
            _plateauMinBefore = Math.Min(_plateauMinBefore, history[e - window - 1].TrainingLoss);
            double recent = double.PositiveInfinity;
            for (int i = e - window; i < e; i++)
            {
                recent = Math.Min(recent, history[i].TrainingLoss);
            }

            double before = _plateauMinBefore;
            bool falling = recent < before * (1 - _settings.PlateauRelativeImprovement);
            bool converged = recent <= _settings.ConvergedFraction * BaselineLoss;
            if (falling || converged)
            {
                return;
            }

            _plateauReported = true;
            var sb = new StringBuilder();
            sb.Append(Invariant($"The training loss has not fallen by {_settings.PlateauRelativeImprovement:P1} over the last {window} epochs "))
              .Append(Invariant($"(best {recent:G4} in epochs {e - window + 1}–{e}, {before:G4} before)"));
            if (BaselineLoss > 0)
            {
                sb.Append(Invariant($" and is still {recent / BaselineLoss:P1} of the loss of always predicting the mean target ({BaselineLoss:G4})"));
            }

            sb.Append(". If the loss oscillates, lower the learning rate or use LearningRateSchedule.ReduceOnPlateau(); ")
              .Append("if it is flat from the start, look for dead or saturated units, a learning rate too small, or a model too small for the data; ")
              .Append("if it is good enough, stop earlier with TrainerOptions.EarlyStopping.");
            Add(TrainingDiagnosticIds.LossStoppedFalling, "Training loss stopped falling", sb.ToString(), e);
        }

        /// <summary>The NG5006 window in epochs: at least <see cref="TrainingChecks.PlateauEpochs"/>, and enough epochs for <see cref="TrainingChecks.PlateauSteps"/> steps.</summary>
        internal static int PlateauWindow(TrainingChecks settings, int stepsPerEpoch)
        {
            long forSteps = (settings.PlateauSteps + (long)Math.Max(stepsPerEpoch, 1) - 1) / Math.Max(stepsPerEpoch, 1);
            return (int)Math.Min(int.MaxValue, Math.Max(settings.PlateauEpochs, forSteps));
        }

        private bool ChecksDeadUnits(int layerIndex) =>
            _settings.IsEnabled(TrainingDiagnosticIds.DeadReLUUnits) && _info.Layers[layerIndex].Activation == Activation.ReLU;

        private bool ChecksSaturation(int layerIndex)
        {
            LayerInfo layer = _info.Layers[layerIndex];
            bool output = layerIndex == _info.Layers.Count - 1;

            // The fused CrossEntropy/BinaryCrossEntropy gradient does not pass through the output's derivative.
            return _settings.IsEnabled(TrainingDiagnosticIds.SaturatedUnits)
                && layer.Activation is Activation.Sigmoid or Activation.Tanh
                && (!output || _info.Loss == Loss.MeanSquaredError);
        }

        private void ReportDeadUnits(LayerInfo layer, int dead, int epoch)
        {
            string message = Invariant(
                $"{dead} of {layer.Units} ReLU units of layer {layer.Index + 1} were never active (output 0) on any of the {_tracedSamples} training samples checked at the end of epoch {epoch}; ")
                + "a dead unit gets no gradient and never learns again. Use Activation.LeakyReLU, lower the learning rate, "
                + "give the layer a small positive BiasInit (for example 0.01), or check that the inputs are normalised.";
            Add(TrainingDiagnosticIds.DeadReLUUnits, "ReLU units are dead", message, epoch, layer.Index + 1);
        }

        private void ReportSaturation(LayerInfo layer, int saturated, int epoch)
        {
            string range = layer.Activation == Activation.Sigmoid
                ? Invariant($"below {1 - _settings.SaturationLevel:G3} or above {_settings.SaturationLevel:G3}")
                : Invariant($"beyond ±{_settings.SaturationLevel:G3}");
            string message = Invariant(
                $"{saturated} of {layer.Units} {layer.Activation} units of layer {layer.Index + 1} had outputs {range} on at least {_settings.SaturatedSampleFraction:P0} of the {_tracedSamples} training samples checked at the end of epoch {epoch}; ")
                + "their derivative is then nearly 0 and they learn very slowly. Normalise the inputs, use the layer's default "
                + "initialiser (Init.Auto) and BiasInit 0, lower the learning rate, or use ReLU-family activations in hidden layers.";
            Add(TrainingDiagnosticIds.SaturatedUnits, "Sigmoid or tanh units are saturated", message, epoch, layer.Index + 1);
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
                    "One-hot targets with MeanSquaredError",
                    Invariant($"Every target is one-hot over {width} outputs, so this is a classification, but {_info.Name} is trained with Loss.MeanSquaredError, which learns slowly and gives no probabilities. ")
                    + "Declare [Network(Loss.CrossEntropy)] with a Softmax output layer ([Dense(n, Activation.Softmax)]).",
                    0);
            }
            else if (seenZero && seenOne)
            {
                Add(
                    TrainingDiagnosticIds.ClassLabelsWithRegressionLoss,
                    "0/1 labels with MeanSquaredError",
                    Invariant($"Every target is 0 or 1, so this is a binary classification, but {_info.Name} is trained with Loss.MeanSquaredError. ")
                    + "Declare [Network(Loss.BinaryCrossEntropy)] with a Sigmoid output layer ([Dense(1, Activation.Sigmoid)]).",
                    0);
            }
        }

        private void CheckTargetRange(Dataset<T> data, ReadOnlySpan<int> indices)
        {
            LayerInfo output = _info.OutputLayer;
            Activation a = output.Activation;
            double low, high;
            string rangeText;
            switch (a)
            {
                case Activation.Sigmoid:
                case Activation.Softmax:
                    (low, high, rangeText) = (0, 1, "[0, 1]");
                    break;
                case Activation.Tanh:
                    (low, high, rangeText) = (-1, 1, "[−1, 1]");
                    break;
                case Activation.ReLU:
                    (low, high, rangeText) = (0, double.PositiveInfinity, "[0, ∞)");
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

            var sb = new StringBuilder();
            if (outside > 0)
            {
                sb.Append(Invariant($"{outside} target values (first in sample {firstSample}; targets span [{min:G4}, {max:G4}]) are outside {rangeText}, the range of the {a} output layer, so the network can never reach them. "));
            }

            if (badSums > 0)
            {
                sb.Append(Invariant($"{badSums} target rows (first in sample {firstSample}) do not sum to 1, but a Softmax output always does. "));
            }

            sb.Append(_info.Loss switch
            {
                Loss.BinaryCrossEntropy => "BinaryCrossEntropy targets are probabilities: give labels 0 or 1 (or values in between).",
                Loss.CrossEntropy => "CrossEntropy targets are one-hot rows or probability distributions that sum to 1.",
                _ => "For a regression, use an Identity output layer ([Dense(n)]); otherwise rescale the targets into the output's range.",
            });
            Add(TrainingDiagnosticIds.TargetsOutsideOutputRange, "Targets outside the output activation's range", sb.ToString(), 0, output.Index + 1);
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
                    examples.Append(flagged == 0 ? string.Empty : "; ").Append(Invariant($"feature {k}: mean {mean[k]:G4}, standard deviation {std:G4}"));
                }

                flagged++;
            }

            if (flagged == 0)
            {
                return;
            }

            string message = Invariant($"{flagged} of {width} input features are far from mean 0 and spread 1 ({examples}{(flagged > 3 ? "; …" : string.Empty)}). ")
                + "Large or shifted inputs saturate units and make the loss steep in some directions and flat in others. "
                + "Standardise each feature, x ← (x − mean) / standard deviation, with the training set's statistics (and apply the same to new inputs), or scale it into [0, 1].";
            Add(TrainingDiagnosticIds.UnnormalizedInputs, "Inputs are not normalised", message, 0);
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

        private void Add(string id, string title, string message, int epoch, int layer = 0) =>
            _sink.Add(new TrainingDiagnostic(id, TrainingDiagnosticSeverity.Warning, title, message, epoch, 0, layer));

        private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
    }
}
