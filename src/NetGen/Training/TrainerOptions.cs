using System;

namespace NetGen.Training
{
    /// <summary>How a <see cref="Trainer{T}"/> trains: epochs, batches, optimizer, schedule, validation, stopping and checks.</summary>
    public sealed class TrainerOptions
    {
        /// <summary>The number of passes over the training samples. 100 by default.</summary>
        public int Epochs { get; set; } = 100;

        /// <summary>The number of samples per optimizer step (the last batch of an epoch may be smaller). 32 by default.</summary>
        public int BatchSize { get; set; } = 32;

        /// <summary>The optimizer. <see cref="Adam"/> with PyTorch's defaults by default.</summary>
        public Optimizer Optimizer { get; set; } = new Adam();

        /// <summary>How the learning rate changes between epochs. Constant by default.</summary>
        public LearningRateSchedule? Schedule { get; set; }

        /// <summary>The seed of the shuffling and of the validation split: the same seed gives bit-identical training. 0 by default.</summary>
        public int Seed { get; set; }

        /// <summary>Whether the training samples are shuffled (with <see cref="Seed"/>) before every epoch. <c>true</c> by default.</summary>
        public bool Shuffle { get; set; } = true;

        /// <summary>
        /// The fraction of the training samples held out (chosen at random with <see cref="Seed"/>) to measure the
        /// validation loss, when no separate validation set is given. 0 (no validation) by default.
        /// </summary>
        public double ValidationSplit { get; set; }

        /// <summary>Stops when the monitored loss stops improving and restores the best parameters. Off (<c>null</c>) by default.</summary>
        public EarlyStopping? EarlyStopping { get; set; }

        /// <summary>
        /// When set, the gradient (after the batch reduction) is rescaled so that its global L2 norm is at most this value,
        /// as PyTorch's <c>clip_grad_norm_</c>. Off (<c>null</c>) by default.
        /// </summary>
        public double? ClipGradientNorm { get; set; }

        /// <summary>
        /// Training stops as diverged when a batch's mean sample loss exceeds this factor times the first batch's.
        /// 10⁴ by default; <see cref="double.PositiveInfinity"/> turns the bound off (NaN and infinities are always caught).
        /// </summary>
        public double DivergenceFactor { get; set; } = 1e4;

        /// <summary>Report a <see cref="TrainingProgressKind.Batch"/> progress every this many batches; 0 (epochs only) by default.</summary>
        public int BatchProgressInterval { get; set; }

        /// <summary>
        /// The number of threads that compute a batch's gradient: the batch is cut into this many contiguous chunks
        /// (fewer for batches too small to share), each accumulated on its own thread into its own gradient buffer, and
        /// the buffers are added in a fixed order, so a run depends only on its <see cref="Seed"/> and this degree
        /// (degree 2 differs from degree 1 only by float rounding). 1 (one thread, today's results bit for bit) by default;
        /// <see cref="Environment.ProcessorCount"/> uses every core.
        /// </summary>
        public int MaxDegreeOfParallelism { get; set; } = 1;

        /// <summary>The run-time checks and their thresholds.</summary>
        public TrainingChecks Checks { get; set; } = new();

        internal void Validate()
        {
            if (Epochs < 1)
            {
                throw new ArgumentException($"TrainerOptions.Epochs is {Epochs}; train for at least 1 epoch.", nameof(Epochs));
            }

            if (BatchSize < 1)
            {
                throw new ArgumentException($"TrainerOptions.BatchSize is {BatchSize}; a batch needs at least 1 sample.", nameof(BatchSize));
            }

            if (Optimizer is null)
            {
                throw new ArgumentException("TrainerOptions.Optimizer is null; set it, for example to new Adam().", nameof(Optimizer));
            }

            Optimizer.Validate();
            if (!(ValidationSplit >= 0 && ValidationSplit < 1))
            {
                throw new ArgumentException($"TrainerOptions.ValidationSplit is {ValidationSplit}; it must be in [0, 1), for example 0.2.", nameof(ValidationSplit));
            }

            if (ClipGradientNorm is { } clip && !(clip > 0 && double.IsFinite(clip)))
            {
                throw new ArgumentException($"TrainerOptions.ClipGradientNorm is {clip}; it must be a positive finite norm, for example 1.", nameof(ClipGradientNorm));
            }

            if (!(DivergenceFactor > 1))
            {
                throw new ArgumentException($"TrainerOptions.DivergenceFactor is {DivergenceFactor}; it must be above 1 (or infinity to turn the bound off).", nameof(DivergenceFactor));
            }

            if (BatchProgressInterval < 0)
            {
                throw new ArgumentException($"TrainerOptions.BatchProgressInterval is {BatchProgressInterval}; use 0 for epoch progress only or a positive number of batches.", nameof(BatchProgressInterval));
            }

            if (MaxDegreeOfParallelism < 1)
            {
                throw new ArgumentException(
                    $"TrainerOptions.MaxDegreeOfParallelism is {MaxDegreeOfParallelism}; it must be at least 1 (1 trains on one thread, Environment.ProcessorCount on every core).",
                    nameof(MaxDegreeOfParallelism));
            }

            EarlyStopping?.Validate();
            if (Checks is null)
            {
                throw new ArgumentException("TrainerOptions.Checks is null; leave the default or set Checks.Enabled = false.", nameof(Checks));
            }

            Checks.Validate();
        }
    }
}
