using System;
using System.Collections.Generic;

namespace NetGen.Training
{
    /// <summary>NG5001 (dead ReLU units) and NG5002 (saturated sigmoid or tanh units) over the traced training samples.</summary>
    internal sealed partial class RuntimeChecks<T>
    {
        private readonly bool[] _deadReported;
        private readonly bool[] _saturationReported;
        private readonly int[] _activeCount;
        private readonly int[] _saturatedCount;
        private readonly T _saturationHigh;
        private readonly T _saturationLow;
        private int _tracedSamples;

        /// <summary>Whether an activation check still has something to report, so that the epoch needs a traced pass.</summary>
        public bool NeedsTrace
        {
            get
            {
                for (int l = 0; l < _deadReported.Length; l++)
                {
                    if (!_deadReported[l] || !_saturationReported[l])
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>Starts an epoch's traced pass.</summary>
        public void BeginTrace()
        {
            Array.Clear(_activeCount);
            Array.Clear(_saturatedCount);
            _tracedSamples = 0;
        }

        /// <summary>Counts one sample's layer outputs (a <c>Trace</c> buffer).</summary>
        public void Accumulate(ReadOnlySpan<T> trace)
        {
            _tracedSamples++;
            IReadOnlyList<LayerInfo> layers = _info.Layers;
            for (int l = 0; l < layers.Count; l++)
            {
                LayerInfo layer = layers[l];
                int o = layer.OutputOffset;
                if (!_deadReported[l])
                {
                    for (int u = 0; u < layer.Units; u++)
                    {
                        if (trace[o + u] > T.Zero)
                        {
                            _activeCount[o + u]++;
                        }
                    }
                }

                if (!_saturationReported[l])
                {
                    bool sigmoid = layer.Activation == Activation.Sigmoid;
                    for (int u = 0; u < layer.Units; u++)
                    {
                        T h = trace[o + u];
                        bool saturated = sigmoid ? h > _saturationHigh || h < _saturationLow : T.Abs(h) > _saturationHigh;
                        if (saturated)
                        {
                            _saturatedCount[o + u]++;
                        }
                    }
                }
            }
        }

        /// <summary>NG5001 and NG5002 from the counts of the traced pass.</summary>
        public void EndTrace(int epoch)
        {
            if (_tracedSamples == 0)
            {
                return;
            }

            IReadOnlyList<LayerInfo> layers = _info.Layers;
            int saturatedNeeded = (int)Math.Ceiling(_settings.SaturatedSampleFraction * _tracedSamples);
            for (int l = 0; l < layers.Count; l++)
            {
                LayerInfo layer = layers[l];
                int unitsNeeded = Math.Max(1, (int)Math.Ceiling(_settings.UnitFraction * layer.Units));
                if (!_deadReported[l])
                {
                    int dead = 0;
                    for (int u = 0; u < layer.Units; u++)
                    {
                        dead += _activeCount[layer.OutputOffset + u] == 0 ? 1 : 0;
                    }

                    if (dead >= unitsNeeded)
                    {
                        _deadReported[l] = true;
                        ReportDeadUnits(layer, dead, epoch);
                    }
                }

                if (!_saturationReported[l])
                {
                    int saturated = 0;
                    for (int u = 0; u < layer.Units; u++)
                    {
                        saturated += _saturatedCount[layer.OutputOffset + u] >= saturatedNeeded ? 1 : 0;
                    }

                    if (saturated >= unitsNeeded)
                    {
                        _saturationReported[l] = true;
                        ReportSaturation(layer, saturated, epoch);
                    }
                }
            }
        }

        private bool ChecksDeadUnits(int layerIndex) =>
            _settings.IsEnabled(TrainingDiagnosticIds.DeadReLUUnits) && _info.Layers[layerIndex].Activation == Activation.ReLU;

        private bool ChecksSaturation(int layerIndex)
        {
            LayerInfo layer = _info.Layers[layerIndex];
            bool output = layerIndex == _info.Layers.Count - 1;

            // The fused CrossEntropy/BinaryCrossEntropy gradient does not pass through the output's derivative.
            return _settings.IsEnabled(TrainingDiagnosticIds.SaturatedUnits)
                && layer.Activation is Activation.Sigmoid or Activation.Tanh
                && (!output || _info.Loss == Loss.MeanSquaredError);
        }

        private void ReportDeadUnits(LayerInfo layer, int dead, int epoch) =>
            Add(
                TrainingDiagnosticIds.DeadReLUUnits,
                TrainingMessages.DeadReLUUnitsTitle,
                TrainingMessages.DeadReLUUnits(dead, layer.Units, layer.Index + 1, _tracedSamples, epoch),
                epoch,
                layer.Index + 1);

        private void ReportSaturation(LayerInfo layer, int saturated, int epoch) =>
            Add(
                TrainingDiagnosticIds.SaturatedUnits,
                TrainingMessages.SaturatedUnitsTitle,
                TrainingMessages.SaturatedUnits(
                    saturated, layer.Units, layer.Activation, layer.Index + 1, _settings.SaturationLevel, _settings.SaturatedSampleFraction, _tracedSamples, epoch),
                epoch,
                layer.Index + 1);
    }
}
