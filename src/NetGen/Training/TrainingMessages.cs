using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace NetGen.Training
{
    /// <summary>
    /// Every text the trainer shows its user, in one place, as <c>DiagnosticDescriptors</c> is for the compile-time
    /// diagnostics: the titles and messages of the run-time checks (NG5001–NG5006), the stop messages
    /// (<see cref="TrainingResult.Message"/>), the divergence diagnostic (NG5007) and the errors of the options.
    /// All numbers are formatted with the invariant culture.
    /// </summary>
    internal static class TrainingMessages
    {
        // NG5001–NG5006: the run-time checks (RuntimeChecks<T>). Each title is a constant; each message is built from the finding.

        /// <summary>NG5001's title.</summary>
        public const string DeadReLUUnitsTitle = "ReLU units are dead";

        /// <summary>NG5002's title.</summary>
        public const string SaturatedUnitsTitle = "Sigmoid or tanh units are saturated";

        /// <summary>NG5003's title when every target is one-hot over several outputs.</summary>
        public const string OneHotTargetsWithRegressionLossTitle = "One-hot targets with MeanSquaredError";

        /// <summary>NG5003's title when every target of a single output is 0 or 1.</summary>
        public const string BinaryLabelsWithRegressionLossTitle = "0/1 labels with MeanSquaredError";

        /// <summary>NG5004's title.</summary>
        public const string TargetsOutsideOutputRangeTitle = "Targets outside the output activation's range";

        /// <summary>NG5005's title.</summary>
        public const string UnnormalizedInputsTitle = "Inputs are not normalised";

        /// <summary>NG5006's title.</summary>
        public const string LossStoppedFallingTitle = "Training loss stopped falling";

        /// <summary>NG5001: <paramref name="dead"/> ReLU units of a layer were never active on the traced samples.</summary>
        public static string DeadReLUUnits(int dead, int units, int layerNumber, int samples, int epoch) =>
            Invariant(
                $"{dead} of {units} ReLU units of layer {layerNumber} were never active (output 0) on any of the {samples} training samples checked at the end of epoch {epoch}; ")
            + "a dead unit gets no gradient and never learns again. Use Activation.LeakyReLU, lower the learning rate, "
            + "give the layer a small positive BiasInit (for example 0.01), or check that the inputs are normalised.";

        /// <summary>NG5002: <paramref name="saturated"/> sigmoid or tanh units of a layer were saturated on most traced samples.</summary>
        public static string SaturatedUnits(
            int saturated, int units, Activation activation, int layerNumber, double level, double sampleFraction, int samples, int epoch)
        {
            string range = activation == Activation.Sigmoid
                ? Invariant($"below {1 - level:G3} or above {level:G3}")
                : Invariant($"beyond ±{level:G3}");
            return Invariant(
                $"{saturated} of {units} {activation} units of layer {layerNumber} had outputs {range} on at least {sampleFraction:P0} of the {samples} training samples checked at the end of epoch {epoch}; ")
                + "their derivative is then nearly 0 and they learn very slowly. Normalise the inputs, use the layer's default "
                + "initialiser (Init.Auto) and BiasInit 0, lower the learning rate, or use ReLU-family activations in hidden layers.";
        }

        /// <summary>NG5003: one-hot targets over <paramref name="outputs"/> outputs, trained with MeanSquaredError.</summary>
        public static string OneHotTargetsWithRegressionLoss(int outputs, string network) =>
            Invariant($"Every target is one-hot over {outputs} outputs, so this is a classification, but {network} is trained with Loss.MeanSquaredError, which learns slowly and gives no probabilities. ")
            + "Declare [Network(Loss.CrossEntropy)] with a Softmax output layer ([Dense(n, Activation.Softmax)]).";

        /// <summary>NG5003: 0/1 targets of a single output, trained with MeanSquaredError.</summary>
        public static string BinaryLabelsWithRegressionLoss(string network) =>
            Invariant($"Every target is 0 or 1, so this is a binary classification, but {network} is trained with Loss.MeanSquaredError. ")
            + "Declare [Network(Loss.BinaryCrossEntropy)] with a Sigmoid output layer ([Dense(1, Activation.Sigmoid)]).";

        /// <summary>
        /// NG5004: <paramref name="outside"/> target values outside the range of the <paramref name="activation"/> output
        /// layer, and (Softmax) <paramref name="badSums"/> rows that do not sum to 1; then what the loss expects.
        /// </summary>
        public static string TargetsOutsideOutputRange(
            int outside, int badSums, int firstSample, double min, double max, Activation activation, Loss loss)
        {
            var sb = new StringBuilder();
            if (outside > 0)
            {
                sb.Append(Invariant($"{outside} target values (first in sample {firstSample}; targets span [{min:G4}, {max:G4}]) are outside {OutputRange(activation)}, the range of the {activation} output layer, so the network can never reach them. "));
            }

            if (badSums > 0)
            {
                sb.Append(Invariant($"{badSums} target rows (first in sample {firstSample}) do not sum to 1, but a Softmax output always does. "));
            }

            sb.Append(loss switch
            {
                Loss.BinaryCrossEntropy => "BinaryCrossEntropy targets are probabilities: give labels 0 or 1 (or values in between).",
                Loss.CrossEntropy => "CrossEntropy targets are one-hot rows or probability distributions that sum to 1.",
                _ => "For a regression, use an Identity output layer ([Dense(n)]); otherwise rescale the targets into the output's range.",
            });
            return sb.ToString();
        }

        /// <summary>Appends one flagged feature to NG5005's list of examples (separated by "; ").</summary>
        public static void AppendInputFeature(StringBuilder examples, int feature, double mean, double standardDeviation) =>
            examples.Append(examples.Length == 0 ? string.Empty : "; ").Append(Invariant($"feature {feature}: mean {mean:G4}, standard deviation {standardDeviation:G4}"));

        /// <summary>NG5005: <paramref name="flagged"/> of <paramref name="features"/> input features are not normalised; <paramref name="examples"/> lists the first three.</summary>
        public static string UnnormalizedInputs(int flagged, int features, StringBuilder examples) =>
            Invariant($"{flagged} of {features} input features are far from mean 0 and spread 1 ({examples}{(flagged > 3 ? "; …" : string.Empty)}). ")
            + "Large or shifted inputs saturate units and make the loss steep in some directions and flat in others. "
            + "Standardise each feature, x ← (x − mean) / standard deviation, with the training set's statistics (and apply the same to new inputs), or scale it into [0, 1].";

        /// <summary>
        /// NG5006: the best training loss of epochs <paramref name="epoch"/> − <paramref name="window"/> + 1 ..
        /// <paramref name="epoch"/> (<paramref name="recent"/>) is not below the best before (<paramref name="before"/>)
        /// by <paramref name="improvement"/>; <paramref name="baselineLoss"/> is the loss of predicting the mean target.
        /// </summary>
        public static string LossStoppedFalling(double improvement, int window, int epoch, double recent, double before, double baselineLoss)
        {
            var sb = new StringBuilder();
            sb.Append(Invariant($"The training loss has not fallen by {improvement:P1} over the last {window} epochs "))
              .Append(Invariant($"(best {recent:G4} in epochs {epoch - window + 1}–{epoch}, {before:G4} before)"));
            if (baselineLoss > 0)
            {
                sb.Append(Invariant($" and is still {recent / baselineLoss:P1} of the loss of always predicting the mean target ({baselineLoss:G4})"));
            }

            sb.Append(". If the loss oscillates, lower the learning rate or use LearningRateSchedule.ReduceOnPlateau(); ")
              .Append("if it is flat from the start, look for dead or saturated units, a learning rate too small, or a model too small for the data; ")
              .Append("if it is good enough, stop earlier with TrainerOptions.EarlyStopping.");
            return sb.ToString();
        }

        // NG5007 and the stop messages (TrainingRun<T>).

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

        /// <summary>The error of a <see cref="TrainerOptions.ValidationSplit"/> that leaves no sample on one side.</summary>
        public static string ValidationSplitTooSmall(double fraction, int count, int validation) =>
            $"A validation split of {fraction.ToString(CultureInfo.InvariantCulture)} of {count} samples leaves {validation} for validation and {count - validation} for training; both need at least one sample.";

        /// <summary>The range of an output activation as NG5004 names it.</summary>
        private static string OutputRange(Activation activation) => activation switch
        {
            Activation.Sigmoid or Activation.Softmax => "[0, 1]",
            Activation.Tanh => "[−1, 1]",
            _ => "[0, ∞)",
        };

        private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
    }
}
