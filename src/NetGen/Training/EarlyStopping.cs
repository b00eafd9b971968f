using System;

namespace NetGen.Training
{
    /// <summary>
    /// Stops training when the monitored loss (the validation loss when there is validation data, else the training
    /// loss) has not improved by more than <see cref="MinDelta"/> for <see cref="Patience"/> epochs, and puts back the
    /// parameters of the best epoch.
    /// </summary>
    public sealed class EarlyStopping
    {
        /// <summary>The number of epochs without improvement after which training stops. 10 by default.</summary>
        public int Patience { get; init; } = 10;

        /// <summary>The decrease of the monitored loss that counts as an improvement. 0 by default.</summary>
        public double MinDelta { get; init; }

        /// <summary>
        /// Whether the parameters of the best epoch are restored when training ends (stopped early or not).
        /// <c>true</c> by default.
        /// </summary>
        public bool RestoreBestParameters { get; init; } = true;

        internal void Validate()
        {
            if (Patience < 1)
            {
                throw new ArgumentException($"EarlyStopping.Patience is {Patience}; it must be at least 1 epoch.", nameof(Patience));
            }

            if (!double.IsFinite(MinDelta) || MinDelta < 0)
            {
                throw new ArgumentException($"EarlyStopping.MinDelta is {MinDelta}; it must be a finite number ≥ 0.", nameof(MinDelta));
            }
        }
    }
}
