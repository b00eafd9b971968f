using System;
using System.Collections.Generic;

namespace NetGen.Training
{
    /// <summary>
    /// The ids of the trainer's run-time diagnostics (NG5xxx). Each has a page <c>docs/diagnostics/NG5xxx.md</c> with
    /// the cause, an example, the fix and how to turn it off. An id is never reused or renumbered.
    /// </summary>
    public static class TrainingDiagnosticIds
    {
        /// <summary>NG5001: ReLU units were never active on the training samples during an epoch (dead units).</summary>
        public const string DeadReLUUnits = "NG5001";

        /// <summary>NG5002: sigmoid or tanh units were saturated on nearly every training sample.</summary>
        public const string SaturatedUnits = "NG5002";

        /// <summary>NG5003: the targets are one-hot (or 0/1 labels) but the loss is MeanSquaredError.</summary>
        public const string ClassLabelsWithRegressionLoss = "NG5003";

        /// <summary>NG5004: targets lie outside the range of the output layer's activation.</summary>
        public const string TargetsOutsideOutputRange = "NG5004";

        /// <summary>NG5005: input features have means or spreads far from 0 and 1.</summary>
        public const string UnnormalizedInputs = "NG5005";

        /// <summary>NG5006: the training loss has stopped falling while it is still well above zero.</summary>
        public const string LossStoppedFalling = "NG5006";

        /// <summary>NG5007: training diverged (NaN or infinite loss or gradient, or a loss past the bound) and was stopped.</summary>
        public const string Diverged = "NG5007";

        /// <summary>Where the pages live; <see cref="HelpLink"/> appends <c>NG5xxx.md</c>.</summary>
        public const string HelpLinkBase = "https://github.com/netgen-dotnet/netgen/blob/main/docs/diagnostics/";

        /// <summary>The ids of the warnings, which <see cref="TrainingChecks.Suppress"/> accepts.</summary>
        public static IReadOnlyList<string> Warnings { get; } = new[]
        {
            DeadReLUUnits, SaturatedUnits, ClassLabelsWithRegressionLoss, TargetsOutsideOutputRange, UnnormalizedInputs, LossStoppedFalling,
        };

        /// <summary>The address of the page that documents <paramref name="id"/>.</summary>
        public static string HelpLink(string id) => HelpLinkBase + id + ".md";
    }

    /// <summary>How serious a <see cref="TrainingDiagnostic"/> is.</summary>
    public enum TrainingDiagnosticSeverity
    {
        /// <summary>Training went on; the result is probably not what was meant.</summary>
        Warning = 0,

        /// <summary>Training was stopped (divergence).</summary>
        Error = 1,
    }

    /// <summary>
    /// A finding of the trainer's run-time checks (a warning) or the reason it stopped on divergence (an error).
    /// Diagnostics are reported in <see cref="TrainingResult"/> and through progress; they are never thrown.
    /// </summary>
    public sealed class TrainingDiagnostic
    {
        internal TrainingDiagnostic(string id, TrainingDiagnosticSeverity severity, string title, string message, int epoch, int batch = 0, int layer = 0)
        {
            Id = id;
            Severity = severity;
            Title = title;
            Message = message;
            Epoch = epoch;
            Batch = batch;
            Layer = layer;
        }

        /// <summary>The NG5xxx id (see <see cref="TrainingDiagnosticIds"/>).</summary>
        public string Id { get; }

        /// <summary>Whether training went on (<see cref="TrainingDiagnosticSeverity.Warning"/>) or stopped.</summary>
        public TrainingDiagnosticSeverity Severity { get; }

        /// <summary>A short phrase that says what is wrong.</summary>
        public string Title { get; }

        /// <summary>What was found, with numbers, and what to do.</summary>
        public string Message { get; }

        /// <summary>The 1-based epoch in which it was found; 0 for checks of the data made before training.</summary>
        public int Epoch { get; }

        /// <summary>The 1-based batch within <see cref="Epoch"/>, or 0 when the finding is not about one batch.</summary>
        public int Batch { get; }

        /// <summary>The 1-based layer concerned, or 0 when the finding is not about one layer.</summary>
        public int Layer { get; }

        /// <summary>The page that explains the diagnostic.</summary>
        public string HelpLink => TrainingDiagnosticIds.HelpLink(Id);

        /// <inheritdoc />
        public override string ToString() => $"{Severity.ToString().ToLowerInvariant()} {Id}: {Message}";
    }

    /// <summary>
    /// Settings of the run-time checks: which warnings are reported and the thresholds they use. The defaults are
    /// meant to be silent on a healthy run.
    /// </summary>
    public sealed class TrainingChecks
    {
        private readonly HashSet<string> _suppressed = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>Whether the run-time checks run at all. <c>true</c> by default. Divergence is always detected.</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>The ids of the warnings that are not reported.</summary>
        public IReadOnlyCollection<string> Suppressed => _suppressed;

        /// <summary>
        /// The number of training samples the activation checks (NG5001, NG5002) trace at the end of an epoch
        /// (the first ones in the epoch's order). 1024 by default.
        /// </summary>
        public int ActivationSampleLimit { get; set; } = 1024;

        /// <summary>
        /// NG5001 and NG5002 report a layer when at least this fraction of its units (and at least one) is dead or
        /// saturated. 0.1 by default.
        /// </summary>
        public double UnitFraction { get; set; } = 0.1;

        /// <summary>
        /// NG5002: a sigmoid unit is saturated on a sample when its output is outside [1 − level, level], a tanh unit
        /// when its output is outside [−level, level]. 0.99 by default.
        /// </summary>
        public double SaturationLevel { get; set; } = 0.99;

        /// <summary>NG5002: a unit counts as saturated when it is saturated on at least this fraction of the samples. 0.95 by default.</summary>
        public double SaturatedSampleFraction { get; set; } = 0.95;

        /// <summary>NG5005: a feature is reported when the magnitude of its mean is above this. 5 by default.</summary>
        public double InputMeanLimit { get; set; } = 5;

        /// <summary>NG5005: a feature is reported when its standard deviation is above this. 5 by default.</summary>
        public double InputSpreadLimit { get; set; } = 5;

        /// <summary>
        /// NG5005: a feature is reported when its standard deviation is positive but below this, unless all its values
        /// already lie in [0, 1] (a rarely set pixel is scaled like every other one). 0.01 by default.
        /// </summary>
        public double InputSpreadMinimum { get; set; } = 0.01;

        /// <summary>
        /// NG5006: the least number of epochs over which the training loss must fall. 10 by default. The window is
        /// widened to cover at least <see cref="PlateauSteps"/> optimizer steps, so that a run of one step per epoch is
        /// judged on as many steps as one of many.
        /// </summary>
        public int PlateauEpochs { get; set; } = 10;

        /// <summary>
        /// NG5006: the least number of optimizer steps the window covers. 200 by default (ten epochs of twenty batches):
        /// the loss of a full-batch run, one step per epoch, is judged over 200 epochs.
        /// </summary>
        public int PlateauSteps { get; set; } = 200;

        /// <summary>NG5006: the relative fall of the loss over <see cref="PlateauEpochs"/> below which it has stopped falling. 0.001 by default.</summary>
        public double PlateauRelativeImprovement { get; set; } = 1e-3;

        /// <summary>
        /// NG5006 stays silent when the loss is below this fraction of the baseline loss (that of always predicting the
        /// mean target): the network has then learned what it can. 0.001 by default.
        /// </summary>
        public double ConvergedFraction { get; set; } = 1e-3;

        /// <summary>Stops reporting the warning <paramref name="id"/> (for example <see cref="TrainingDiagnosticIds.DeadReLUUnits"/>).</summary>
        /// <exception cref="ArgumentException"><paramref name="id"/> is not the id of a trainer warning.</exception>
        public TrainingChecks Suppress(string id)
        {
            ArgumentNullException.ThrowIfNull(id);
            bool known = false;
            foreach (string w in TrainingDiagnosticIds.Warnings)
            {
                known |= string.Equals(w, id, StringComparison.OrdinalIgnoreCase);
            }

            if (!known)
            {
                throw new ArgumentException(
                    $"'{id}' is not a trainer warning; the warnings that can be suppressed are {string.Join(", ", TrainingDiagnosticIds.Warnings)}.", nameof(id));
            }

            _suppressed.Add(id);
            return this;
        }

        /// <summary>Whether the warning <paramref name="id"/> is reported.</summary>
        public bool IsEnabled(string id) => Enabled && !_suppressed.Contains(id);

        internal void Validate()
        {
            Check(ActivationSampleLimit >= 1, nameof(ActivationSampleLimit), "at least 1");
            Check(UnitFraction >= 0 && UnitFraction <= 1, nameof(UnitFraction), "in [0, 1]");
            Check(SaturationLevel > 0.5 && SaturationLevel < 1, nameof(SaturationLevel), "in (0.5, 1)");
            Check(SaturatedSampleFraction > 0 && SaturatedSampleFraction <= 1, nameof(SaturatedSampleFraction), "in (0, 1]");
            Check(InputMeanLimit > 0, nameof(InputMeanLimit), "positive");
            Check(InputSpreadLimit > 0, nameof(InputSpreadLimit), "positive");
            Check(InputSpreadMinimum >= 0, nameof(InputSpreadMinimum), "≥ 0");
            Check(PlateauEpochs >= 1, nameof(PlateauEpochs), "at least 1");
            Check(PlateauSteps >= 0, nameof(PlateauSteps), "≥ 0");
            Check(PlateauRelativeImprovement >= 0 && PlateauRelativeImprovement < 1, nameof(PlateauRelativeImprovement), "in [0, 1)");
            Check(ConvergedFraction >= 0, nameof(ConvergedFraction), "≥ 0");

            static void Check(bool ok, string name, string allowed)
            {
                if (!ok)
                {
                    throw new ArgumentException($"TrainingChecks.{name} must be {allowed}.", name);
                }
            }
        }
    }
}
