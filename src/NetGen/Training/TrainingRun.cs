using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Numerics;
using System.Threading;

namespace NetGen.Training
{
    /// <summary>
    /// One call of <see cref="Trainer{T}.Fit(Dataset{T}, Dataset{T}?, IProgress{TrainingProgress}?, CancellationToken)"/>:
    /// every buffer is allocated here, before the first batch, so that the epochs themselves allocate nothing.
    /// </summary>
    /// <remarks>
    /// This part holds the run's state and the epoch and step loop; TrainingRun.Evaluation.cs the forward-only
    /// evaluation, the metrics and the traced pass of the activation checks; TrainingRun.Stopping.cs the end of an
    /// epoch (early stopping, the best parameters), divergence, warnings and the result. Their wording is in
    /// <see cref="TrainingMessages"/>.
    /// </remarks>
    internal sealed partial class TrainingRun<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private const int MaxPreallocatedEpochs = 1 << 20;

        /// <summary>Samples per forward-only evaluation batch (validation loss, accuracy).</summary>
        private const int EvaluationRows = 256;

        /// <summary>
        /// The parameters a diverged run falls back to are kept every ParameterCount / this many steps: the copy costs
        /// about a quarter of a plain SGD step's memory traffic, so a large network keeps them every few dozen steps (a few
        /// per cent of its time) while a network below twice this many parameters keeps them at every step.
        /// </summary>
        internal const int ParametersPerCheckpoint = 4096;

        /// <summary>The most steps between two kept sets of parameters.</summary>
        internal const int MaxCheckpointInterval = 64;

        /// <summary>How many steps apart the parameters of a network of <paramref name="parameterCount"/> are kept.</summary>
        internal static int CheckpointInterval(int parameterCount) =>
            Math.Clamp(parameterCount / ParametersPerCheckpoint, 1, MaxCheckpointInterval);

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
        private readonly T[] _best;
        private readonly T[] _trace;

        private readonly OptimizerState<T> _optimizer;
        private readonly LearningRateSchedule _schedule;
        private readonly RuntimeChecks<T> _checks;
        private readonly List<EpochMetrics> _history;
        private readonly List<TrainingDiagnostic> _warnings = new();
        private readonly long _startTimestamp;
        private readonly int _batchesPerEpoch;

        // Batch size 1 with plain SGD: steps inside the backward pass (StepOnSample).
        private readonly bool _sampleSteps;
        private readonly int _checkpointInterval;

        private ParallelBatches<T>? _parallel;

        // _lastGood: the last kept parameters whose batch loss and gradient were finite and within the bound (a diverged
        // run restores them). _stepStart: the parameters a step that keeps them starts from (every _checkpointInterval
        // steps), copied by the step itself; once that step's gradient proves finite they are the last good ones and the
        // two arrays swap roles.
        private T[] _lastGood;
        private T[] _stepStart;
        private SeededRandom _random;
        private int _reportedWarnings;
        private double _learningRate;
        private long _steps;
        private double _referenceLoss = double.NaN;
        private double _lossBound = double.PositiveInfinity;

        // What is known of the parameters in _lastGood.
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
            _stepStart = new T[net.ParameterCount];
            _best = options.EarlyStopping is { RestoreBestParameters: true } ? new T[net.ParameterCount] : Array.Empty<T>();
            _trace = new T[_info.TotalUnits];

            _optimizer = options.Optimizer.CreateState<T>(_info);
            _sampleSteps = _batchSize == 1 && options.ClipGradientNorm is null && options.Optimizer is Sgd { Momentum: 0, WeightDecay: 0 };
            _checkpointInterval = CheckpointInterval(net.ParameterCount);
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

            // Cleared once: every step clears the gradients it has used, in its own pass.
            _net.ZeroGradients();

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
                TrainingResult? stopped = _sampleSteps
                    ? StepOnSample(epoch, b, out double batchSum, out int right)
                    : StepOnBatch(epoch, b, start, count, out batchSum, out right);
                if (stopped is not null)
                {
                    return stopped;
                }

                double batchLoss = batchSum / count;
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

            if (_sampleSteps && !VectorOps.AllFinite<T>(_net.Parameters))
            {
                // A step whose update overflowed without making a later sample's loss NaN (the batch step sees it at once).
                return Diverge(epoch, _batchesPerEpoch, TrainingMessages.NonFiniteUpdate);
            }

            trainingLoss = lossSum / seen;
            trainingAccuracy = _info.IsClassifier ? correct / AccuracyDenominator(seen) : double.NaN;
            return null;
        }

        /// <summary>
        /// Batch <paramref name="b"/> (<paramref name="count"/> samples from <paramref name="start"/> in this epoch's order):
        /// gradients, checks, clipping and the optimizer's step; its summed loss and (classifiers) correct count. Returns a
        /// result when training must stop.
        /// </summary>
        private TrainingResult? StepOnBatch(int epoch, int b, int start, int count, out double batchSum, out int right)
        {
            (T lossT, right) = AccumulateGradients(start, count);
            batchSum = double.CreateTruncating(lossT);
            double batchLoss = batchSum / count;
            if (LossProblem(batchLoss) is { } problem)
            {
                return Diverge(epoch, b + 1, problem);
            }

            // Reduction, then clipping (as clip_grad_norm_ on the reduced gradient), which needs the norm before the
            // step; without clipping the step sums the gradient's squares itself, in its one pass.
            double scale = _info.Reduction == Reduction.Mean ? 1.0 / count : 1.0;
            if (_options.ClipGradientNorm is { } maxNorm)
            {
                double squaresBefore = double.CreateTruncating(_parallel is not null ? _parallel.Reduce() : VectorOps.SumOfSquares<T>(_net.Gradients));
                if (!double.IsFinite(squaresBefore))
                {
                    return Diverge(epoch, b + 1, TrainingMessages.NonFiniteGradient);
                }

                double norm = Math.Sqrt(squaresBefore) * scale;
                double clip = maxNorm / (norm + 1e-6);
                if (clip < 1)
                {
                    scale *= clip;
                }
            }

            bool keep = KeepsThisStep;
            T[] kept = keep ? _stepStart : Array.Empty<T>();
            bool finite = _parallel is not null
                ? _parallel.Step(_optimizer, T.CreateChecked(scale), _learningRate, kept, out T squaresT)
                : _optimizer.TrainerStep(_net.Parameters, _net.Gradients, T.CreateChecked(scale), _learningRate, kept, out squaresT);
            if (!double.IsFinite(double.CreateTruncating(squaresT)))
            {
                // The gradient was not finite, so neither the step counts nor were the parameters it started from
                // good; _lastGood still are.
                return Diverge(epoch, b + 1, TrainingMessages.NonFiniteGradient);
            }

            _steps++;
            if (keep)
            {
                KeptAreGood(epoch, b + 1, batchLoss);
            }

            return finite ? null : Diverge(epoch, b + 1, TrainingMessages.NonFiniteUpdate);
        }

        /// <summary>
        /// The step at batch size 1 with plain SGD: <see cref="INetwork{T}.SgdStep(ReadOnlySpan{T}, ReadOnlySpan{T}, T, out int)"/>
        /// moves the parameters inside the backward pass, so no gradient is stored, cleared or read again (nor can it be
        /// checked: an update that overflows shows in the next sample's loss or in the end-of-epoch check). A sample whose
        /// loss is not finite or above the bound restores the last kept parameters whose own loss was sound.
        /// </summary>
        private TrainingResult? StepOnSample(int epoch, int b, out double loss, out int right)
        {
            int index = _trainIndices[b];
            bool keep = KeepsThisStep;
            if (keep)
            {
                _net.Parameters.CopyTo(_stepStart);
            }

            right = 0;
            T lossT = _info.IsClassifier
                ? _net.SgdStep(_train.GetInput(index), _train.GetTarget(index), T.CreateChecked(_learningRate), out right)
                : _net.SgdStep(_train.GetInput(index), _train.GetTarget(index), T.CreateChecked(_learningRate));

            loss = double.CreateTruncating(lossT);
            if (LossProblem(loss) is { } problem)
            {
                // The step has already moved the parameters from ones whose loss was not sound: back to the last kept.
                return Diverge(epoch, b + 1, problem);
            }

            _steps++;
            if (keep)
            {
                KeptAreGood(epoch, b + 1, loss);
            }

            return null;
        }

        /// <summary>Whether the step about to be taken keeps the parameters it starts from (in _stepStart).</summary>
        private bool KeepsThisStep => _steps % _checkpointInterval == 0;

        /// <summary>The parameters kept by the last step proved good (batch <paramref name="batch"/>'s loss and gradient): they become _lastGood.</summary>
        private void KeptAreGood(int epoch, int batch, double loss)
        {
            (_lastGood, _stepStart) = (_stepStart, _lastGood);
            (_lastGoodEpoch, _lastGoodBatch, _lastGoodLoss) = (epoch, batch, loss);
        }

        /// <summary>
        /// What is wrong with a batch's mean sample loss (not finite, or above the bound), or <see langword="null"/>; the
        /// first positive loss sets the bound.
        /// </summary>
        private string? LossProblem(double loss)
        {
            string? problem = !double.IsFinite(loss) ? TrainingMessages.NonFiniteLoss(loss)
                : loss > _lossBound ? TrainingMessages.LossAboveBound(loss, _options.DivergenceFactor, _referenceLoss)
                : null;
            if (problem is null && double.IsNaN(_referenceLoss) && loss > 0)
            {
                _referenceLoss = loss;
                _lossBound = _options.DivergenceFactor * loss;
            }

            return problem;
        }

        /// <summary>
        /// The summed loss of the training samples at <paramref name="start"/> .. + <paramref name="count"/> in this
        /// epoch's order, their gradient added to the network's (with several threads: to the workers', added up by the
        /// step), and (classifiers) how many of them the forward pass classified correctly.
        /// </summary>
        private (T Loss, int Correct) AccumulateGradients(int start, int count)
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
            return (loss, correct);
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
                    TrainingMessages.ValidationSplitTooSmall(fraction, count, validation),
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
