using System;

namespace NetGen.Training
{
    /// <summary>Forward-only evaluation (validation loss, accuracy) and the traced pass of the activation checks.</summary>
    internal sealed partial class TrainingRun<T>
    {
        /// <summary>The traced pass of the activation checks, over the first samples of this epoch's order.</summary>
        private void TraceTrainingSamples(int epoch)
        {
            if (!_options.Checks.Enabled || !_checks.NeedsTrace)
            {
                return;
            }

            int traceLimit = Math.Min(_options.Checks.ActivationSampleLimit, _trainIndices.Length);
            _checks.BeginTrace();
            for (int s = 0; s < traceLimit; s++)
            {
                _net.Trace(_train.GetInput(_trainIndices[s]), _trace);
                _checks.Accumulate(_trace);
            }

            _checks.EndTrace(epoch);
        }

        /// <summary>The mean per-sample loss (and accuracy for classifiers) on the given samples, forward passes only.</summary>
        private (double Loss, double Accuracy) Evaluate(Dataset<T> data, int[] indices)
        {
            (double loss, double correct) = Evaluate(data, indices, 0);
            return (loss / indices.Length, _info.IsClassifier ? correct / AccuracyDenominator(indices.Length) : double.NaN);
        }

        /// <summary>The summed loss and the number of correct classifications on the given samples, a gathered batch at a time.</summary>
        private (double Loss, double Correct) Evaluate(Dataset<T> data, int[] indices, int first)
        {
            int rows = _batchInputs.Length / _inputSize;
            double loss = 0, correct = 0;
            for (int start = first; start < indices.Length; start += rows)
            {
                int count = Math.Min(rows, indices.Length - start);
                T sum;
                int right;
                if (_parallel is not null)
                {
                    (sum, right) = _parallel.Evaluate(data, indices, start, count);
                }
                else
                {
                    data.Gather(indices.AsSpan(start, count), _batchInputs, _batchTargets);
                    sum = _net.EvaluateLossBatch(_batchInputs.AsSpan(0, count * _inputSize), _batchTargets.AsSpan(0, count * _outputSize), count, out right);
                }

                loss += double.CreateTruncating(sum);
                correct += right;
            }

            return (loss, correct);
        }

        private double AccuracyDenominator(int samples) =>
            _info.Loss == Loss.BinaryCrossEntropy ? (double)samples * _outputSize : samples;
    }
}
