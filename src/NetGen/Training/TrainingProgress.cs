using System;

namespace NetGen.Training
{
    /// <summary>The metrics of one completed epoch.</summary>
    /// <param name="Epoch">The 1-based epoch number.</param>
    /// <param name="TrainingLoss">The mean per-sample loss over the epoch's batches (whatever the reduction).</param>
    /// <param name="ValidationLoss">The mean per-sample loss on the validation samples at the end of the epoch, or NaN without validation.</param>
    /// <param name="TrainingAccuracy">For classifiers, the accuracy over the epoch's batches, each sample counted by the forward pass that trained on it (the parameters before its batch's step, as the training loss is); NaN otherwise.</param>
    /// <param name="ValidationAccuracy">For classifiers with validation, the accuracy on the validation samples; NaN otherwise.</param>
    /// <param name="LearningRate">The learning rate used during the epoch.</param>
    /// <param name="Elapsed">The time since training started, at the end of the epoch.</param>
    /// <remarks>
    /// Accuracy is the fraction of samples whose largest output is at the position of the largest target
    /// (CrossEntropy), or the fraction of outputs on the same side of 0.5 as their target (BinaryCrossEntropy).
    /// </remarks>
    public readonly record struct EpochMetrics(
        int Epoch,
        double TrainingLoss,
        double ValidationLoss,
        double TrainingAccuracy,
        double ValidationAccuracy,
        double LearningRate,
        TimeSpan Elapsed)
    {
        /// <summary>Whether the epoch has a validation loss.</summary>
        public bool HasValidation => !double.IsNaN(ValidationLoss);
    }

    /// <summary>What a <see cref="TrainingProgress"/> report is about.</summary>
    public enum TrainingProgressKind
    {
        /// <summary>A batch was completed (every <see cref="TrainerOptions.BatchProgressInterval"/> batches).</summary>
        Batch = 0,

        /// <summary>An epoch was completed; <see cref="TrainingProgress.Metrics"/> holds its metrics.</summary>
        Epoch = 1,

        /// <summary>A run-time check found something; <see cref="TrainingProgress.Diagnostic"/> holds it.</summary>
        Warning = 2,

        /// <summary>Training diverged and stopped; <see cref="TrainingProgress.Diagnostic"/> says why.</summary>
        Diverged = 3,
    }

    /// <summary>
    /// A progress report of a training run, given to <see cref="IProgress{T}.Report"/> on the training thread. It is a
    /// struct, so reporting allocates nothing unless the receiver does (<see cref="Progress{T}"/> boxes each report).
    /// </summary>
    /// <param name="Kind">What the report is about.</param>
    /// <param name="Epoch">The 1-based epoch.</param>
    /// <param name="Epochs">The number of epochs planned.</param>
    /// <param name="Batch">The 1-based batch within the epoch (the last batch for epoch reports, 0 before training).</param>
    /// <param name="Batches">The number of batches per epoch.</param>
    /// <param name="Steps">The number of optimizer steps taken so far.</param>
    /// <param name="BatchLoss">The mean per-sample loss of the last batch.</param>
    /// <param name="TrainingLoss">The mean per-sample loss over the epoch's batches so far.</param>
    /// <param name="LearningRate">The current learning rate.</param>
    /// <param name="Elapsed">The time since training started.</param>
    /// <param name="Metrics">For <see cref="TrainingProgressKind.Epoch"/>, the epoch's metrics (validation loss, accuracy).</param>
    /// <param name="Diagnostic">For <see cref="TrainingProgressKind.Warning"/> and <see cref="TrainingProgressKind.Diverged"/>, the finding.</param>
    public readonly record struct TrainingProgress(
        TrainingProgressKind Kind,
        int Epoch,
        int Epochs,
        int Batch,
        int Batches,
        long Steps,
        double BatchLoss,
        double TrainingLoss,
        double LearningRate,
        TimeSpan Elapsed,
        EpochMetrics Metrics,
        TrainingDiagnostic? Diagnostic);
}
