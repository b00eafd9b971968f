using System;
using System.Collections.Generic;

namespace NetGen.Training
{
    /// <summary>Why a training run ended.</summary>
    public enum TrainingStopReason
    {
        /// <summary>All epochs ran.</summary>
        Completed = 0,

        /// <summary><see cref="EarlyStopping"/> stopped it: the monitored loss stopped improving.</summary>
        EarlyStopped = 1,

        /// <summary>The loss or the gradient became NaN or infinite, or the loss passed the bound; the last good parameters were restored.</summary>
        Diverged = 2,

        /// <summary>The cancellation token was cancelled; training stopped after the batch in progress.</summary>
        Cancelled = 3,
    }

    /// <summary>The outcome of a training run: why it ended, the per-epoch history and every diagnostic.</summary>
    public sealed class TrainingResult
    {
        internal TrainingResult(
            TrainingStopReason stopReason,
            string message,
            IReadOnlyList<EpochMetrics> history,
            IReadOnlyList<TrainingDiagnostic> warnings,
            TrainingDiagnostic? divergence,
            long steps,
            int bestEpoch,
            TimeSpan elapsed)
        {
            StopReason = stopReason;
            Message = message;
            History = history;
            Warnings = warnings;
            Divergence = divergence;
            Steps = steps;
            BestEpoch = bestEpoch;
            Elapsed = elapsed;
        }

        /// <summary>Why training ended.</summary>
        public TrainingStopReason StopReason { get; }

        /// <summary>A one-paragraph account of how training ended (for divergence, what happened and what to try).</summary>
        public string Message { get; }

        /// <summary>The metrics of every completed epoch, in order.</summary>
        public IReadOnlyList<EpochMetrics> History { get; }

        /// <summary>The warnings of the run-time checks, in the order they were found (each reported once per run).</summary>
        public IReadOnlyList<TrainingDiagnostic> Warnings { get; }

        /// <summary>When <see cref="StopReason"/> is <see cref="TrainingStopReason.Diverged"/>, the NG5007 diagnostic; otherwise <c>null</c>.</summary>
        public TrainingDiagnostic? Divergence { get; }

        /// <summary>Whether training diverged.</summary>
        public bool Diverged => StopReason == TrainingStopReason.Diverged;

        /// <summary>The number of optimizer steps taken.</summary>
        public long Steps { get; }

        /// <summary>The number of completed epochs.</summary>
        public int EpochsCompleted => History.Count;

        /// <summary>The 1-based epoch with the lowest monitored loss (validation if any, else training), or 0 if no epoch completed.</summary>
        public int BestEpoch { get; }

        /// <summary>The metrics of the last completed epoch (default when none completed).</summary>
        public EpochMetrics Final => History.Count == 0 ? default : History[History.Count - 1];

        /// <summary>The training time.</summary>
        public TimeSpan Elapsed { get; }

        /// <summary>Whether a warning with <paramref name="id"/> was reported.</summary>
        public bool HasWarning(string id)
        {
            foreach (TrainingDiagnostic w in Warnings)
            {
                if (string.Equals(w.Id, id, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        /// <inheritdoc />
        public override string ToString() => Message;
    }
}
