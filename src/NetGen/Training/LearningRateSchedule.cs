using System;
using System.Globalization;

namespace NetGen.Training
{
    /// <summary>
    /// How the learning rate changes from epoch to epoch, starting from the optimizer's
    /// <see cref="Optimizer.LearningRate"/>. The trainer calls <see cref="Start"/> once per training run and
    /// <see cref="EpochEnded"/> after every epoch; the factories give the usual schedules with the semantics of
    /// PyTorch's <c>torch.optim.lr_scheduler</c> classes of the same names. A schedule may keep state during a run, so
    /// give each concurrent run its own instance. Derive from this class for a schedule of your own.
    /// </summary>
    public abstract class LearningRateSchedule
    {
        /// <summary>The rate never changes.</summary>
        public static LearningRateSchedule Constant() => new ConstantSchedule();

        /// <summary>Multiplies the rate by <paramref name="gamma"/> every <paramref name="stepEpochs"/> epochs (PyTorch's <c>StepLR</c>).</summary>
        public static LearningRateSchedule Step(int stepEpochs, double gamma = 0.1) => new StepSchedule(stepEpochs, gamma);

        /// <summary>Multiplies the rate by <paramref name="gamma"/> after every epoch (PyTorch's <c>ExponentialLR</c>).</summary>
        public static LearningRateSchedule Exponential(double gamma) => new ExponentialSchedule(gamma);

        /// <summary>
        /// Cosine annealing from the base rate down to <paramref name="minimumRate"/> over <paramref name="periodEpochs"/>
        /// epochs (PyTorch's <c>CosineAnnealingLR</c>, closed form: η = η_min + (η₀ − η_min)(1 + cos(π·e / T)) / 2).
        /// </summary>
        public static LearningRateSchedule Cosine(int periodEpochs, double minimumRate = 0) => new CosineSchedule(periodEpochs, minimumRate);

        /// <summary>
        /// Multiplies the rate by <paramref name="factor"/> when the monitored loss (the validation loss when there is
        /// validation data, else the training loss) has not improved for more than <paramref name="patience"/> epochs
        /// (PyTorch's <c>ReduceLROnPlateau</c> in "min" mode with a relative threshold).
        /// </summary>
        public static ReduceOnPlateauSchedule ReduceOnPlateau(
            double factor = 0.1, int patience = 10, double threshold = 1e-4, int cooldown = 0, double minimumRate = 0) =>
            new(factor, patience, threshold, cooldown, minimumRate);

        /// <summary>A short description, for messages.</summary>
        public abstract string Description { get; }

        /// <summary>Starts a training run; returns the rate of the first epoch.</summary>
        /// <param name="baseRate">The optimizer's learning rate.</param>
        public abstract double Start(double baseRate);

        /// <summary>Called after each epoch; returns the rate for the next one.</summary>
        /// <param name="epoch">The 1-based number of the epoch that just ended.</param>
        /// <param name="monitoredLoss">The validation loss of that epoch when there is validation data, else its training loss.</param>
        public abstract double EpochEnded(int epoch, double monitoredLoss);

        private protected static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

        private protected static void Require(bool condition, string name, string message)
        {
            if (!condition)
            {
                throw new ArgumentOutOfRangeException(name, message);
            }
        }
    }

    /// <summary>A schedule whose rate is a function of the number of epochs done and the base rate.</summary>
    public abstract class EpochFunctionSchedule : LearningRateSchedule
    {
        private double _baseRate;

        /// <inheritdoc />
        public override double Start(double baseRate)
        {
            _baseRate = baseRate;
            return RateAt(0, baseRate);
        }

        /// <inheritdoc />
        public override double EpochEnded(int epoch, double monitoredLoss) => RateAt(epoch, _baseRate);

        /// <summary>The rate after <paramref name="epochsDone"/> epochs (0 for the first epoch).</summary>
        public abstract double RateAt(int epochsDone, double baseRate);
    }

    /// <summary>The rate never changes.</summary>
    public sealed class ConstantSchedule : EpochFunctionSchedule
    {
        /// <inheritdoc />
        public override string Description => "constant";

        /// <inheritdoc />
        public override double RateAt(int epochsDone, double baseRate) => baseRate;
    }

    /// <summary>η = η₀ · γ^⌊e / stepEpochs⌋ (PyTorch's <c>StepLR</c>).</summary>
    public sealed class StepSchedule : EpochFunctionSchedule
    {
        /// <summary>Creates the schedule.</summary>
        public StepSchedule(int stepEpochs, double gamma = 0.1)
        {
            Require(stepEpochs >= 1, nameof(stepEpochs), "The step must be at least one epoch.");
            Require(double.IsFinite(gamma) && gamma > 0, nameof(gamma), "The factor must be a positive finite number.");
            StepEpochs = stepEpochs;
            Gamma = gamma;
        }

        /// <summary>The number of epochs between two reductions.</summary>
        public int StepEpochs { get; }

        /// <summary>The factor applied at each reduction.</summary>
        public double Gamma { get; }

        /// <inheritdoc />
        public override string Description => $"step (×{Format(Gamma)} every {StepEpochs} epochs)";

        /// <inheritdoc />
        public override double RateAt(int epochsDone, double baseRate) => baseRate * Math.Pow(Gamma, epochsDone / StepEpochs);
    }

    /// <summary>η = η₀ · γ^e (PyTorch's <c>ExponentialLR</c>).</summary>
    public sealed class ExponentialSchedule : EpochFunctionSchedule
    {
        /// <summary>Creates the schedule.</summary>
        public ExponentialSchedule(double gamma)
        {
            Require(double.IsFinite(gamma) && gamma > 0, nameof(gamma), "The factor must be a positive finite number.");
            Gamma = gamma;
        }

        /// <summary>The factor applied after every epoch.</summary>
        public double Gamma { get; }

        /// <inheritdoc />
        public override string Description => $"exponential (×{Format(Gamma)} per epoch)";

        /// <inheritdoc />
        public override double RateAt(int epochsDone, double baseRate) => baseRate * Math.Pow(Gamma, epochsDone);
    }

    /// <summary>η = η_min + (η₀ − η_min)(1 + cos(π·e / T)) / 2 (PyTorch's <c>CosineAnnealingLR</c>, closed form; periodic past T).</summary>
    public sealed class CosineSchedule : EpochFunctionSchedule
    {
        /// <summary>Creates the schedule.</summary>
        public CosineSchedule(int periodEpochs, double minimumRate = 0)
        {
            Require(periodEpochs >= 1, nameof(periodEpochs), "The period must be at least one epoch.");
            Require(double.IsFinite(minimumRate) && minimumRate >= 0, nameof(minimumRate), "The minimum rate must be a finite number ≥ 0.");
            PeriodEpochs = periodEpochs;
            MinimumRate = minimumRate;
        }

        /// <summary>T: the number of epochs from the base rate down to the minimum.</summary>
        public int PeriodEpochs { get; }

        /// <summary>η_min: the lowest rate.</summary>
        public double MinimumRate { get; }

        /// <inheritdoc />
        public override string Description => $"cosine (to {Format(MinimumRate)} over {PeriodEpochs} epochs)";

        /// <inheritdoc />
        public override double RateAt(int epochsDone, double baseRate) =>
            MinimumRate + ((baseRate - MinimumRate) * (1 + Math.Cos(Math.PI * epochsDone / PeriodEpochs)) / 2);
    }

    /// <summary>
    /// Lowers the rate when the monitored loss stops improving, with the semantics of PyTorch's
    /// <c>ReduceLROnPlateau(mode="min", threshold_mode="rel")</c>: an epoch is an improvement when its loss is below
    /// best·(1 − threshold); after more than <see cref="Patience"/> epochs without one the rate becomes
    /// max(rate·factor, minimum) and <see cref="Cooldown"/> epochs pass before counting again.
    /// </summary>
    public sealed class ReduceOnPlateauSchedule : LearningRateSchedule
    {
        private const double MinimumChange = 1e-8;
        private double _rate;
        private double _best;
        private int _badEpochs;
        private int _cooldownLeft;

        /// <summary>Creates the schedule.</summary>
        public ReduceOnPlateauSchedule(double factor = 0.1, int patience = 10, double threshold = 1e-4, int cooldown = 0, double minimumRate = 0)
        {
            Require(factor > 0 && factor < 1, nameof(factor), "The factor must be in (0, 1).");
            Require(patience >= 0, nameof(patience), "The patience must be ≥ 0 epochs.");
            Require(double.IsFinite(threshold) && threshold >= 0, nameof(threshold), "The threshold must be a finite number ≥ 0.");
            Require(cooldown >= 0, nameof(cooldown), "The cooldown must be ≥ 0 epochs.");
            Require(double.IsFinite(minimumRate) && minimumRate >= 0, nameof(minimumRate), "The minimum rate must be a finite number ≥ 0.");
            Factor = factor;
            Patience = patience;
            Threshold = threshold;
            Cooldown = cooldown;
            MinimumRate = minimumRate;
        }

        /// <summary>The factor the rate is multiplied by at each reduction. 0.1 by default.</summary>
        public double Factor { get; }

        /// <summary>The number of epochs without improvement that are tolerated. 10 by default.</summary>
        public int Patience { get; }

        /// <summary>The relative improvement that counts. 1e-4 by default.</summary>
        public double Threshold { get; }

        /// <summary>The number of epochs after a reduction before bad epochs are counted again. 0 by default.</summary>
        public int Cooldown { get; }

        /// <summary>The lowest rate. 0 by default.</summary>
        public double MinimumRate { get; }

        /// <summary>The number of reductions made in the current run.</summary>
        public int Reductions { get; private set; }

        /// <inheritdoc />
        public override string Description => $"reduce on plateau (×{Format(Factor)} after {Patience} epochs without improvement)";

        /// <inheritdoc />
        public override double Start(double baseRate)
        {
            _rate = baseRate;
            _best = double.PositiveInfinity;
            _badEpochs = 0;
            _cooldownLeft = 0;
            Reductions = 0;
            return _rate;
        }

        /// <inheritdoc />
        public override double EpochEnded(int epoch, double monitoredLoss)
        {
            if (monitoredLoss < _best * (1 - Threshold))
            {
                _best = monitoredLoss;
                _badEpochs = 0;
            }
            else
            {
                _badEpochs++;
            }

            if (_cooldownLeft > 0)
            {
                _cooldownLeft--;
                _badEpochs = 0;
            }

            if (_badEpochs > Patience)
            {
                double reduced = Math.Max(_rate * Factor, MinimumRate);
                if (_rate - reduced > MinimumChange)
                {
                    _rate = reduced;
                    Reductions++;
                }

                _cooldownLeft = Cooldown;
                _badEpochs = 0;
            }

            return _rate;
        }
    }
}
