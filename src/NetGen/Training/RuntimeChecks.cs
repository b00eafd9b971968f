using System.Collections.Generic;
using System.Numerics;

namespace NetGen.Training
{
    /// <summary>
    /// The trainer's run-time checks (NG5001–NG5006): what no compile-time analyzer can see because it depends on the
    /// data or on the parameters during training. Findings are appended to a list, each at most once per run (per layer
    /// for the activation checks); nothing here throws on a finding, and nothing allocates unless a finding is made.
    /// </summary>
    /// <remarks>
    /// One part per kind of check: the data before training (RuntimeChecks.Data.cs: NG5003, NG5004, NG5005 and the
    /// baseline loss), the activations of traced samples (RuntimeChecks.Activations.cs: NG5001, NG5002) and the
    /// training loss over the epochs (RuntimeChecks.Plateau.cs: NG5006). Their wording is in <see cref="TrainingMessages"/>.
    /// </remarks>
    internal sealed partial class RuntimeChecks<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly NetworkInfo _info;
        private readonly TrainingChecks _settings;
        private readonly List<TrainingDiagnostic> _sink;

        public RuntimeChecks(NetworkInfo info, TrainerOptions options, List<TrainingDiagnostic> sink)
        {
            _info = info;
            _settings = options.Checks;
            _sink = sink;
            int layers = info.Layers.Count;
            _deadReported = new bool[layers];
            _saturationReported = new bool[layers];
            _activeCount = new int[info.TotalUnits];
            _saturatedCount = new int[info.TotalUnits];
            _saturationHigh = T.CreateChecked(_settings.SaturationLevel);
            _saturationLow = T.CreateChecked(1 - _settings.SaturationLevel);

            // ReduceOnPlateau and early stopping already act on a plateau; NG5006 would only repeat them.
            _plateauEnabled = _settings.IsEnabled(TrainingDiagnosticIds.LossStoppedFalling)
                && options.Schedule is not ReduceOnPlateauSchedule
                && options.EarlyStopping is null;
            for (int l = 0; l < layers; l++)
            {
                _deadReported[l] = !ChecksDeadUnits(l);
                _saturationReported[l] = !ChecksSaturation(l);
            }
        }

        private void Add(string id, string title, string message, int epoch, int layer = 0) =>
            _sink.Add(new TrainingDiagnostic(id, TrainingDiagnosticSeverity.Warning, title, message, epoch, 0, layer));
    }
}
