using System;
using System.Globalization;
using System.IO;
using NetGen.Training;

namespace NetGen.Samples
{
    /// <summary>
    /// Writes one console line every <c>interval</c> epochs (and for the first and the last epoch), and every warning
    /// and divergence as soon as the trainer reports it.
    /// </summary>
    /// <remarks>
    /// It reports synchronously on the training thread. <see cref="Progress{T}"/> would post each report to the thread
    /// pool, so its lines could come out of order or after the result.
    /// </remarks>
    internal sealed class EpochProgressWriter : IProgress<TrainingProgress>
    {
        private readonly TextWriter _writer;
        private readonly int _interval;
        private readonly string _prefix;

        /// <summary>Creates a writer that prints every <paramref name="interval"/> epochs.</summary>
        /// <param name="writer">Where the lines go.</param>
        /// <param name="interval">The number of epochs between two lines; 0 prints warnings and divergence only.</param>
        /// <param name="prefix">Put in front of every line, for example the name of the network.</param>
        public EpochProgressWriter(TextWriter writer, int interval, string prefix = "")
        {
            _writer = writer;
            _interval = interval;
            _prefix = prefix;
        }

        /// <summary>The number of warnings reported so far.</summary>
        public int Warnings { get; private set; }

        /// <inheritdoc />
        public void Report(TrainingProgress value)
        {
            switch (value.Kind)
            {
                case TrainingProgressKind.Epoch:
                    if (_interval > 0 && (value.Epoch == 1 || value.Epoch % _interval == 0 || value.Epoch == value.Epochs))
                    {
                        _writer.WriteLine(Line(value));
                    }

                    break;
                case TrainingProgressKind.Warning:
                    Warnings++;
                    _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{_prefix}  ! {value.Diagnostic}"));
                    break;
                case TrainingProgressKind.Diverged:
                    _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{_prefix}  ✗ {value.Diagnostic}"));
                    break;
            }
        }

        private string Line(TrainingProgress p)
        {
            EpochMetrics m = p.Metrics;
            var line = string.Create(
                CultureInfo.InvariantCulture,
                $"{_prefix}  epoch {p.Epoch.ToString(CultureInfo.InvariantCulture).PadLeft(p.Epochs.ToString(CultureInfo.InvariantCulture).Length)}/{p.Epochs}  loss {m.TrainingLoss:0.000E+0}");
            if (m.HasValidation)
            {
                line += string.Create(CultureInfo.InvariantCulture, $"  validation {m.ValidationLoss:0.000E+0}");
            }

            if (!double.IsNaN(m.TrainingAccuracy))
            {
                line += string.Create(CultureInfo.InvariantCulture, $"  accuracy {m.TrainingAccuracy:P1}");
            }

            if (!double.IsNaN(m.ValidationAccuracy))
            {
                line += string.Create(CultureInfo.InvariantCulture, $" (validation {m.ValidationAccuracy:P1})");
            }

            return line + string.Create(CultureInfo.InvariantCulture, $"  lr {m.LearningRate:G3}  {m.Elapsed.TotalSeconds:F1} s");
        }
    }
}
