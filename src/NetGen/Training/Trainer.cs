using System;
using System.Numerics;
using System.Threading;

namespace NetGen.Training
{
    /// <summary>
    /// Trains any generated network (<see cref="INetwork{T}"/>): epochs of shuffled mini-batches, an optimizer with
    /// weight decay and optional gradient clipping, a learning-rate schedule, validation, early stopping, divergence
    /// detection that restores the last good parameters, run-time checks reported as NG5xxx warnings, progress and
    /// cancellation.
    /// </summary>
    /// <typeparam name="T">The network's floating-point type.</typeparam>
    /// <example>
    /// <code>
    /// var trainer = new Trainer&lt;float&gt;(net, new TrainerOptions { Epochs = 200, Optimizer = new Adam { LearningRate = 0.01 } });
    /// TrainingResult result = trainer.Fit(inputs, targets);
    /// </code>
    /// </example>
    /// <remarks>
    /// Each batch is gathered into preallocated buffers and passed to the network in one
    /// <see cref="INetwork{T}.AccumulateGradientsBatch(ReadOnlySpan{T}, ReadOnlySpan{T}, int)"/> call; the summed gradient is divided by the batch size for
    /// <see cref="Reduction.Mean"/> and used as it is for <see cref="Reduction.Sum"/>, as the network declares. After the
    /// first epoch, an epoch allocates nothing (progress receivers and warnings aside). A trainer is not thread-safe;
    /// the network must not be used by other code while <c>Fit</c> runs.
    /// </remarks>
    public sealed class Trainer<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>Creates a trainer for <paramref name="network"/>.</summary>
        /// <param name="network">Any generated network.</param>
        /// <param name="options">The settings; the defaults (Adam, 100 epochs, batches of 32) when <c>null</c>.</param>
        public Trainer(INetwork<T> network, TrainerOptions? options = null)
        {
            Network = network ?? throw new ArgumentNullException(nameof(network));
            Options = options ?? new TrainerOptions();
        }

        /// <summary>The network being trained.</summary>
        public INetwork<T> Network { get; }

        /// <summary>The settings, read when <c>Fit</c> starts.</summary>
        public TrainerOptions Options { get; }

        /// <summary>
        /// Trains on flat buffers: <paramref name="inputs"/> holds the samples' inputs one after the other
        /// (InputSize values each) and <paramref name="targets"/> their targets (OutputSize values each).
        /// </summary>
        /// <inheritdoc cref="Fit(Dataset{T}, Dataset{T}?, IProgress{TrainingProgress}?, CancellationToken)"/>
        public TrainingResult Fit(
            ReadOnlyMemory<T> inputs,
            ReadOnlyMemory<T> targets,
            IProgress<TrainingProgress>? progress = null,
            CancellationToken cancellationToken = default) =>
            Fit(new Dataset<T>(inputs, targets, Network.InputSize, Network.OutputSize), null, progress, cancellationToken);

        /// <summary>Trains the network on <paramref name="training"/>, from its current parameters.</summary>
        /// <param name="training">The training samples.</param>
        /// <param name="validation">
        /// Samples to measure the validation loss on after each epoch; when <c>null</c>,
        /// <see cref="TrainerOptions.ValidationSplit"/> may hold out part of <paramref name="training"/> instead.
        /// </param>
        /// <param name="progress">Receives batch and epoch reports and warnings on the training thread.</param>
        /// <param name="cancellationToken">Stops training after the batch in progress; <c>Fit</c> then returns normally with <see cref="TrainingStopReason.Cancelled"/>.</param>
        /// <returns>Why training ended, the per-epoch history and the diagnostics.</returns>
        /// <exception cref="ArgumentException">The options are out of range, or the data does not fit the network or is not finite.</exception>
        public TrainingResult Fit(
            Dataset<T> training,
            Dataset<T>? validation = null,
            IProgress<TrainingProgress>? progress = null,
            CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(training);
            Options.Validate();
            CheckFits(training, nameof(training));
            if (validation is not null)
            {
                CheckFits(validation, nameof(validation));
                if (Options.ValidationSplit > 0)
                {
                    throw new ArgumentException(
                        "Both a validation set and TrainerOptions.ValidationSplit were given; use one of the two.", nameof(validation));
                }
            }

            var run = new TrainingRun<T>(Network, Options, training, validation, progress, cancellationToken);
            return run.Execute();
        }

        private void CheckFits(Dataset<T> data, string name)
        {
            NetworkInfo info = Network.Info;
            if (data.InputSize != Network.InputSize || data.TargetSize != Network.OutputSize)
            {
                throw new ArgumentException(
                    $"The {name} samples have {data.InputSize} inputs and {data.TargetSize} targets each, but {info.Name} takes {Network.InputSize} inputs and gives {Network.OutputSize} outputs.",
                    name);
            }

            if (data.Count == 0)
            {
                throw new ArgumentException($"The {name} set has no samples.", name);
            }

            CheckFinite(data.Inputs.Span, data.InputSize, name, "input");
            CheckFinite(data.Targets.Span, data.TargetSize, name, "target");

            static void CheckFinite(ReadOnlySpan<T> values, int width, string name, string what)
            {
                if (VectorOps.AllFinite(values))
                {
                    return;
                }

                for (int i = 0; i < values.Length; i++)
                {
                    if (!T.IsFinite(values[i]))
                    {
                        throw new ArgumentException(
                            $"The {name} {what} of sample {i / width}, value {i % width}, is {values[i]}; training data must be finite. Remove or impute missing values first.",
                            name);
                    }
                }
            }
        }
    }

    /// <summary>Training entry points on the network itself.</summary>
    public static class TrainingExtensions
    {
        /// <summary>Trains <paramref name="network"/> with <paramref name="options"/> (see <see cref="Trainer{T}"/>).</summary>
        /// <example><c>TrainingResult r = net.Fit(inputs, targets, new TrainerOptions { Epochs = 50 });</c></example>
        public static TrainingResult Fit<T>(
            this INetwork<T> network,
            ReadOnlyMemory<T> inputs,
            ReadOnlyMemory<T> targets,
            TrainerOptions? options = null,
            IProgress<TrainingProgress>? progress = null,
            CancellationToken cancellationToken = default)
            where T : unmanaged, IFloatingPointIeee754<T> =>
            new Trainer<T>(network, options).Fit(inputs, targets, progress, cancellationToken);

        /// <summary>Trains <paramref name="network"/> on datasets with <paramref name="options"/> (see <see cref="Trainer{T}"/>).</summary>
        public static TrainingResult Fit<T>(
            this INetwork<T> network,
            Dataset<T> training,
            Dataset<T>? validation,
            TrainerOptions? options = null,
            IProgress<TrainingProgress>? progress = null,
            CancellationToken cancellationToken = default)
            where T : unmanaged, IFloatingPointIeee754<T> =>
            new Trainer<T>(network, options).Fit(training, validation, progress, cancellationToken);
    }
}
