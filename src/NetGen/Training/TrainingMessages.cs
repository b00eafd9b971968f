using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace NetGen.Training
{
    /// <summary>
    /// The wording of the trainer's stop messages (<see cref="TrainingResult.Message"/>) and of its divergence
    /// diagnostic (NG5007), in one place. All numbers are formatted with the invariant culture.
    /// </summary>
    internal static class TrainingMessages
    {
        public const string DivergedTitle = "Training diverged";

        public const string CancelledBeforeFirstBatch = "Training was cancelled before the first batch; the parameters are unchanged.";

        public const string ParametersAfterLastStep = " The parameters are those after the last step.";

        public const string NonFiniteGradient = "the gradient has NaN or infinite values (or a norm too large to represent)";

        public const string NonFiniteUpdate = "the update made parameters NaN or infinite";

        public static string CancelledAfterEpoch(int epoch, long steps) =>
            Invariant($"Training was cancelled after epoch {epoch} ({steps} steps).");

        public static string CancelledBetweenBatches(int epoch, int batch, int batches, long steps) =>
            Invariant($"Training was cancelled after epoch {epoch}, batch {batch} of {batches} ({steps} steps), between two batches.");

        public static string EarlyStopped(int epoch, int patience) =>
            Invariant($"Stopped early after epoch {epoch}: the monitored loss did not improve for {patience} epochs.");

        public static string Completed(int epochs, long steps, EpochMetrics last) =>
            Invariant($"Completed {epochs} epochs ({steps} steps): training loss {last.TrainingLoss:G6}{(last.HasValidation ? Invariant($", validation loss {last.ValidationLoss:G6}") : string.Empty)}.");

        public static string NonFiniteLoss(double loss) =>
            Invariant($"the loss is {(double.IsNaN(loss) ? "NaN" : loss > 0 ? "+∞" : "−∞")}");

        public static string LossAboveBound(double loss, double factor, double reference) =>
            Invariant($"the loss {loss:G4} is more than {factor:G3} times the first batch's ({reference:G4})");

        public static string BestRestored(int epoch, bool validation, double loss) =>
            Invariant($" The parameters of epoch {epoch}, which had the lowest {(validation ? "validation" : "training")} loss ({loss:G6}), were restored.");

        public static string Warnings(int count, List<string> ids) =>
            Invariant($" {count} warning{(count == 1 ? string.Empty : "s")}: {string.Join(", ", ids)}.");

        /// <summary>What diverged, what was restored and what to try.</summary>
        public static string Diverged(
            int epoch, int batch, int batches, string problem, int lastGoodEpoch, int lastGoodBatch, double lastGoodLoss,
            double learningRate, int batchSize, Reduction reduction, bool clipping, bool sgd)
        {
            var sb = new StringBuilder();
            sb.Append(Invariant($"Training diverged at epoch {epoch}, batch {batch} of {batches}: {problem}. "));
            if (lastGoodEpoch > 0)
            {
                sb.Append(Invariant($"The parameters were restored to the last good ones (those evaluated at epoch {lastGoodEpoch}, batch {lastGoodBatch}, loss {lastGoodLoss:G6}); nothing was lost. "));
            }
            else
            {
                sb.Append("The parameters were restored to those training started from; nothing was lost. ");
            }

            sb.Append("Try: ");
            sb.Append(Invariant($"a lower learning rate (it was {learningRate:G4}; try {learningRate / 10:G4})"));
            if (reduction == Reduction.Sum)
            {
                sb.Append(Invariant($"; Reduction.Mean instead of Reduction.Sum on [Network], since a summed loss makes the gradient grow with the batch size ({batchSize} samples)"));
            }

            if (!clipping)
            {
                sb.Append("; gradient clipping (TrainerOptions.ClipGradientNorm = 1)");
            }

            if (sgd)
            {
                sb.Append("; the Adam optimizer, which scales its steps to the gradient");
            }

            sb.Append('.');
            return sb.ToString();
        }

        private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
    }
}
