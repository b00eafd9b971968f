using System;
using System.Collections.Generic;

namespace NetGen.Training
{
    /// <summary>NG5006: the training loss has stopped falling while it is still far from the baseline's scale.</summary>
    internal sealed partial class RuntimeChecks<T>
    {
        private readonly bool _plateauEnabled;
        private double _plateauMinBefore = double.PositiveInfinity;
        private bool _plateauReported;

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
            Add(
                TrainingDiagnosticIds.LossStoppedFalling,
                TrainingMessages.LossStoppedFallingTitle,
                TrainingMessages.LossStoppedFalling(_settings.PlateauRelativeImprovement, window, e, recent, before, BaselineLoss),
                e);
        }

        /// <summary>The NG5006 window in epochs: at least <see cref="TrainingChecks.PlateauEpochs"/>, and enough epochs for <see cref="TrainingChecks.PlateauSteps"/> steps.</summary>
        internal static int PlateauWindow(TrainingChecks settings, int stepsPerEpoch)
        {
            long forSteps = (settings.PlateauSteps + (long)Math.Max(stepsPerEpoch, 1) - 1) / Math.Max(stepsPerEpoch, 1);
            return (int)Math.Min(int.MaxValue, Math.Max(settings.PlateauEpochs, forSteps));
        }
    }
}
