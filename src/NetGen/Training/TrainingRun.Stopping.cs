using System;
using System.Collections.Generic;

namespace NetGen.Training
{
    /// <summary>The end of an epoch (metrics, early stopping, the best parameters), divergence, warnings and the result.</summary>
    internal sealed partial class TrainingRun<T>
    {
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
    }
}
