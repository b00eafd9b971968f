using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Threading;

namespace NetGen.Training
{
    /// <summary>
    /// One call of <see cref="Trainer{T}.Fit(Dataset{T}, Dataset{T}?, IProgress{TrainingProgress}?, CancellationToken)"/>:
    /// every buffer is allocated here, before the first batch, so that the epochs themselves allocate nothing.
    /// </summary>
    internal sealed class TrainingRun<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private const int MaxPreallocatedEpochs = 1 << 20;

        /// <summary>Samples per forward-only evaluation batch (validation loss, accuracy).</summary>
        private const int EvaluationRows = 256;

        private readonly INetwork<T> _net;
        private readonly NetworkInfo _info;
        private readonly TrainerOptions _options;
        private readonly IProgress<TrainingProgress>? _progress;
        private readonly CancellationToken _cancellationToken;
        private readonly int _inputSize;
        private readonly int _outputSize;
        private readonly int _batchSize;
        private readonly int _epochs;

        private readonly Dataset<T> _train;
        private readonly int[] _trainIndices;
        private readonly Dataset<T>? _validation;
        private readonly int[] _validationIndices;

        private readonly T[] _batchInputs;
        private readonly T[] _batchTargets;
        private readonly T[] _lastGood;
        private readonly T[] _best;
        private readonly T[] _trace;

        private readonly OptimizerState<T> _optimizer;
        private readonly LearningRateSchedule _schedule;
        private readonly RuntimeChecks<T> _checks;
        private readonly List<EpochMetrics> _history;
        private readonly List<TrainingDiagnostic> _warnings = new();
        private readonly long _startTimestamp;
        private readonly int _batchesPerEpoch;

        private ParallelBatches<T>? _parallel;
        private SeededRandom _random;
        private int _reportedWarnings;
        private double _learningRate;
        private long _steps;
        private double _referenceLoss = double.NaN;
        private double _lossBound = double.PositiveInfinity;

        // The last parameters whose batch loss and gradient were finite and within the bound (copied into _lastGood).
        private int _lastGoodEpoch;
        private int _lastGoodBatch;
        private double _lastGoodLoss = double.NaN;

        // Early stopping and the best epoch.
        private double _bestLoss = double.PositiveInfinity;
        private int _bestEpoch;
        private int _epochsWithoutImprovement;

        public TrainingRun(
            INetwork<T> net,
            TrainerOptions options,
            Dataset<T> training,
            Dataset<T>? validation,
            IProgress<TrainingProgress>? progress,
            CancellationToken cancellationToken)
        {
            _net = net;
            _info = net.Info;
            _options = options;
            _progress = progress;
            _cancellationToken = cancellationToken;
            _inputSize = net.InputSize;
            _outputSize = net.OutputSize;
            _epochs = options.Epochs;
            _random = new SeededRandom(options.Seed);
            _startTimestamp = Stopwatch.GetTimestamp();

            _train = training;
            (_trainIndices, _validationIndices) = Split(training.Count, options.ValidationSplit, options.Shuffle, ref _random);
            _validation = validation ?? (_validationIndices.Length > 0 ? training : null);
            if (validation is not null)
            {
                _validationIndices = Range(validation.Count);
            }

            _batchSize = Math.Min(options.BatchSize, _trainIndices.Length);
            _batchesPerEpoch = (_trainIndices.Length + _batchSize - 1) / _batchSize;
            // Evaluation gathers up to EvaluationRows samples at a time, whatever the batch size, so that its forward passes run in whole blocks.
            int evaluated = Math.Max(_trainIndices.Length, validation?.Count ?? _validationIndices.Length);
            int gatherRows = Math.Max(_batchSize, Math.Min(EvaluationRows, evaluated));
            _batchInputs = new T[gatherRows * _inputSize];
            _batchTargets = new T[gatherRows * _outputSize];
            _lastGood = new T[net.ParameterCount];
            _best = options.EarlyStopping is { RestoreBestParameters: true } ? new T[net.ParameterCount] : Array.Empty<T>();
            _trace = new T[_info.TotalUnits];

            _optimizer = options.Optimizer.CreateState<T>(_info);
            _schedule = options.Schedule ?? LearningRateSchedule.Constant();
            _history = new List<EpochMetrics>(Math.Min(_epochs, MaxPreallocatedEpochs));
            _checks = new RuntimeChecks<T>(_info, options, _warnings);
        }

        public TrainingResult Execute()
        {
            _parallel = ParallelBatches<T>.Create(_net, _options.MaxDegreeOfParallelism, _batchInputs, _batchTargets);
            try
            {
                return Train();
            }
            finally
            {
                _parallel?.Dispose();
            }
        }

        private TrainingResult Train()
        {
            _checks.CheckData(_train, _trainIndices);
            ReportNewWarnings(0, 0);
            _learningRate = _schedule.Start(_options.Optimizer.LearningRate);
            _net.Parameters.CopyTo(_lastGood);

            if (_cancellationToken.IsCancellationRequested)
            {
                return Finish(TrainingStopReason.Cancelled, TrainingMessages.CancelledBeforeFirstBatch, null);
            }

            for (int epoch = 1; epoch <= _epochs; epoch++)
            {
                if (epoch > 1 && _cancellationToken.IsCancellationRequested)
                {
                    return Finish(TrainingStopReason.Cancelled, TrainingMessages.CancelledAfterEpoch(epoch - 1, _steps), null);
                }

                TrainingResult? stopped = RunEpoch(epoch, out double trainingLoss, out double trainingAccuracy);
                if (stopped is not null)
                {
                    return stopped;
                }

                if (EndEpoch(epoch, trainingLoss, trainingAccuracy))
                {
                    return Finish(
                        TrainingStopReason.EarlyStopped,
                        TrainingMessages.EarlyStopped(epoch, _options.EarlyStopping!.Patience),
                        null);
                }
            }

            return Finish(
                TrainingStopReason.Completed,
                TrainingMessages.Completed(_epochs, _steps, Last),
                null);
        }

        private EpochMetrics Last => _history.Count == 0 ? default : _history[_history.Count - 1];

        /// <summary>One pass over the shuffled training samples; returns a result when training must stop.</summary>
        private TrainingResult? RunEpoch(int epoch, out double trainingLoss, out double trainingAccuracy)
        {
            if (_options.Shuffle)
            {
                _random.Shuffle<int>(_trainIndices);
            }

            double lossSum = 0;
            long correct = 0;
            int seen = 0;
            trainingLoss = double.NaN;
            trainingAccuracy = double.NaN;
            for (int b = 0; b < _batchesPerEpoch; b++)
            {
                int start = b * _batchSize;
                int count = Math.Min(_batchSize, _trainIndices.Length - start);
                _net.ZeroGradients();
                (T lossT, T squaresT, int right) = AccumulateGradients(start, count);
                double batchSum = double.CreateTruncating(lossT);
                double batchLoss = batchSum / count;
                Span<T> gradients = _net.Gradients;
                double squares = double.CreateTruncating(squaresT);

                string? problem = !double.IsFinite(batchLoss) ? TrainingMessages.NonFiniteLoss(batchLoss)
                    : !double.IsFinite(squares) ? TrainingMessages.NonFiniteGradient
                    : batchLoss > _lossBound ? TrainingMessages.LossAboveBound(batchLoss, _options.DivergenceFactor, _referenceLoss)
                    : null;
                if (problem is not null)
                {
                    return Diverge(epoch, b + 1, problem);
                }

                if (double.IsNaN(_referenceLoss) && batchLoss > 0)
                {
                    _referenceLoss = batchLoss;
                    _lossBound = _options.DivergenceFactor * batchLoss;
                }

                // Reduction, then clipping (as clip_grad_norm_ on the reduced gradient).
                double scale = _info.Reduction == Reduction.Mean ? 1.0 / count : 1.0;
                if (_options.ClipGradientNorm is { } maxNorm)
                {
                    double norm = Math.Sqrt(squares) * scale;
                    double clip = maxNorm / (norm + 1e-6);
                    if (clip < 1)
                    {
                        scale *= clip;
                    }
                }

                // The parameters evaluated by this batch are good: the step keeps them in _lastGood as it updates them.
                (_lastGoodEpoch, _lastGoodBatch, _lastGoodLoss) = (epoch, b + 1, batchLoss);
                bool finite = _parallel is not null
                    ? _parallel.Step(_optimizer, T.CreateChecked(scale), _learningRate, _lastGood)
                    : _optimizer.StepKeepingPrevious(_net.Parameters, gradients, T.CreateChecked(scale), _learningRate, _lastGood);
                _steps++;
                if (!finite)
                {
                    return Diverge(epoch, b + 1, TrainingMessages.NonFiniteUpdate);
                }

                lossSum += batchSum;
                correct += right;
                seen += count;
                int interval = _options.BatchProgressInterval;
                if (_progress is not null && interval > 0 && ((b + 1) % interval == 0 || b + 1 == _batchesPerEpoch))
                {
                    _progress.Report(new TrainingProgress(
                        TrainingProgressKind.Batch, epoch, _epochs, b + 1, _batchesPerEpoch, _steps, batchLoss, lossSum / seen, _learningRate, Elapsed, default, null));
                }

                if (_cancellationToken.IsCancellationRequested)
                {
                    return Finish(
                        TrainingStopReason.Cancelled,
                        TrainingMessages.CancelledBetweenBatches(epoch, b + 1, _batchesPerEpoch, _steps),
                        null);
                }
            }

            trainingLoss = lossSum / seen;
            trainingAccuracy = _info.IsClassifier ? correct / AccuracyDenominator(seen) : double.NaN;
            return null;
        }

        /// <summary>Metrics, checks, early stopping and the schedule at the end of an epoch; returns whether to stop early.</summary>
        private bool EndEpoch(int epoch, double trainingLoss, double trainingAccuracy)
        {
            TraceTrainingSamples(epoch);
            double validationLoss = double.NaN, validationAccuracy = double.NaN;
            if (_validation is not null)
            {
                (validationLoss, validationAccuracy) = Evaluate(_validation, _validationIndices);
            }

            var metrics = new EpochMetrics(epoch, trainingLoss, validationLoss, trainingAccuracy, validationAccuracy, _learningRate, Elapsed);
            _history.Add(metrics);
            _checks.CheckPlateau(_history, _batchesPerEpoch);
            ReportNewWarnings(epoch, _batchesPerEpoch);

            double monitored = _validation is not null ? validationLoss : trainingLoss;
            bool stop = false;
            double minDelta = _options.EarlyStopping?.MinDelta ?? 0;
            if (monitored < _bestLoss - minDelta || _bestEpoch == 0)
            {
                _bestLoss = monitored;
                _bestEpoch = epoch;
                _epochsWithoutImprovement = 0;
                if (_best.Length > 0)
                {
                    _net.Parameters.CopyTo(_best);
                }
            }
            else if (_options.EarlyStopping is { } early && ++_epochsWithoutImprovement >= early.Patience)
            {
                stop = true;
            }

            _learningRate = _schedule.EpochEnded(epoch, monitored);
            _progress?.Report(new TrainingProgress(
                TrainingProgressKind.Epoch, epoch, _epochs, _batchesPerEpoch, _batchesPerEpoch, _steps, double.NaN, trainingLoss, metrics.LearningRate, metrics.Elapsed, metrics, null));
            return stop;
        }

        /// <summary>The traced pass of the activation checks, over the first samples of this epoch's order.</summary>
        private void TraceTrainingSamples(int epoch)
        {
            if (!_options.Checks.Enabled || !_checks.NeedsTrace)
            {
                return;
            }

            int traceLimit = Math.Min(_options.Checks.ActivationSampleLimit, _trainIndices.Length);
            _checks.BeginTrace();
            for (int s = 0; s < traceLimit; s++)
            {
                _net.Trace(_train.GetInput(_trainIndices[s]), _trace);
                _checks.Accumulate(_trace);
            }

            _checks.EndTrace(epoch);
        }

        /// <summary>The mean per-sample loss (and accuracy for classifiers) on the given samples, forward passes only.</summary>
        private (double Loss, double Accuracy) Evaluate(Dataset<T> data, int[] indices)
        {
            (double loss, double correct) = Evaluate(data, indices, 0);
            return (loss / indices.Length, _info.IsClassifier ? correct / AccuracyDenominator(indices.Length) : double.NaN);
        }

        /// <summary>The summed loss and the number of correct classifications on the given samples, a gathered batch at a time.</summary>
        private (double Loss, double Correct) Evaluate(Dataset<T> data, int[] indices, int first)
        {
            int rows = _batchInputs.Length / _inputSize;
            double loss = 0, correct = 0;
            for (int start = first; start < indices.Length; start += rows)
            {
                int count = Math.Min(rows, indices.Length - start);
                T sum;
                int right;
                if (_parallel is not null)
                {
                    (sum, right) = _parallel.Evaluate(data, indices, start, count);
                }
                else
                {
                    data.Gather(indices.AsSpan(start, count), _batchInputs, _batchTargets);
                    sum = _net.EvaluateLossBatch(_batchInputs.AsSpan(0, count * _inputSize), _batchTargets.AsSpan(0, count * _outputSize), count, out right);
                }

                loss += double.CreateTruncating(sum);
                correct += right;
            }

            return (loss, correct);
        }

        /// <summary>
        /// The summed loss of the training samples at <paramref name="start"/> .. + <paramref name="count"/> in this
        /// epoch's order, their gradient added to the network's, the sum of the gradient's squares, and (classifiers)
        /// how many of them the forward pass classified correctly.
        /// </summary>
        private (T Loss, T Squares, int Correct) AccumulateGradients(int start, int count)
        {
            if (_parallel is not null)
            {
                return _parallel.AccumulateGradients(_train, _trainIndices, start, count);
            }

            _train.Gather(_trainIndices.AsSpan(start, count), _batchInputs, _batchTargets);
            ReadOnlySpan<T> inputs = _batchInputs.AsSpan(0, count * _inputSize), targets = _batchTargets.AsSpan(0, count * _outputSize);
            int correct = 0;
            T loss = _info.IsClassifier
                ? _net.AccumulateGradientsBatch(inputs, targets, count, out correct)
                : _net.AccumulateGradientsBatch(inputs, targets, count);
            return (loss, VectorOps.SumOfSquares<T>(_net.Gradients), correct);
        }

        private double AccuracyDenominator(int samples) =>
            _info.Loss == Loss.BinaryCrossEntropy ? (double)samples * _outputSize : samples;

        private TrainingResult Diverge(int epoch, int batch, string problem)
        {
            _lastGood.CopyTo(_net.Parameters);
            string message = TrainingMessages.Diverged(
                epoch, batch, _batchesPerEpoch, problem, _lastGoodEpoch, _lastGoodBatch, _lastGoodLoss,
                _learningRate, _batchSize, _info.Reduction, _options.ClipGradientNorm is not null, _options.Optimizer is Sgd);
            var diagnostic = new TrainingDiagnostic(
                TrainingDiagnosticIds.Diverged, TrainingDiagnosticSeverity.Error, TrainingMessages.DivergedTitle, message, epoch, batch);
            _progress?.Report(new TrainingProgress(
                TrainingProgressKind.Diverged, epoch, _epochs, batch, _batchesPerEpoch, _steps, double.NaN, double.NaN, _learningRate, Elapsed, default, diagnostic));
            return Finish(TrainingStopReason.Diverged, diagnostic.Message, diagnostic);
        }

        private TrainingResult Finish(TrainingStopReason reason, string message, TrainingDiagnostic? divergence)
        {
            if (reason != TrainingStopReason.Diverged && _best.Length > 0 && _bestEpoch > 0)
            {
                _best.CopyTo(_net.Parameters);
                message += TrainingMessages.BestRestored(_bestEpoch, _validation is not null, _bestLoss);
            }
            else if (reason is TrainingStopReason.Cancelled or TrainingStopReason.EarlyStopped && _steps > 0)
            {
                message += TrainingMessages.ParametersAfterLastStep;
            }

            if (_warnings.Count > 0)
            {
                message += TrainingMessages.Warnings(_warnings.Count, UniqueIds());
            }

            return new TrainingResult(reason, message, _history, _warnings, divergence, _steps, _bestEpoch, Elapsed);
        }

        private List<string> UniqueIds()
        {
            var ids = new List<string>();
            foreach (TrainingDiagnostic w in _warnings)
            {
                if (!ids.Contains(w.Id))
                {
                    ids.Add(w.Id);
                }
            }

            return ids;
        }

        private void ReportNewWarnings(int epoch, int batch)
        {
            for (; _reportedWarnings < _warnings.Count; _reportedWarnings++)
            {
                _progress?.Report(new TrainingProgress(
                    TrainingProgressKind.Warning, epoch, _epochs, batch, _batchesPerEpoch, _steps, double.NaN, double.NaN, _learningRate, Elapsed, default, _warnings[_reportedWarnings]));
            }
        }

        private TimeSpan Elapsed => Stopwatch.GetElapsedTime(_startTimestamp);

        private static (int[] Train, int[] Validation) Split(int count, double fraction, bool shuffle, ref SeededRandom random)
        {
            int[] all = Range(count);
            if (fraction <= 0)
            {
                return (all, Array.Empty<int>());
            }

            int validation = (int)Math.Round(count * fraction);
            if (validation < 1 || validation >= count)
            {
                throw new ArgumentException(
                    $"A validation split of {fraction.ToString(CultureInfo.InvariantCulture)} of {count} samples leaves {validation} for validation and {count - validation} for training; both need at least one sample.",
                    nameof(TrainerOptions.ValidationSplit));
            }

            random.Shuffle<int>(all);
            int[] v = all.AsSpan(0, validation).ToArray();
            int[] t = all.AsSpan(validation).ToArray();
            Array.Sort(v);
            if (!shuffle)
            {
                Array.Sort(t);
            }

            return (t, v);
        }

        private static int[] Range(int count)
        {
            var r = new int[count];
            for (int i = 0; i < count; i++)
            {
                r[i] = i;
            }

            return r;
        }
    }
}
