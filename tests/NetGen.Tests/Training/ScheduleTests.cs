using System;
using System.Linq;
using NetGen;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>Learning-rate schedules, reduce-on-plateau and early stopping.</summary>
public class ScheduleTests
{
    [Fact]
    public void Step_EveryThreeEpochs_HalvesTheRate()
    {
        var s = (EpochFunctionSchedule)LearningRateSchedule.Step(3, 0.5);
        Assert.Equal(new[] { 1, 1, 1, 0.5, 0.5, 0.5, 0.25 }, Enumerable.Range(0, 7).Select(e => s.RateAt(e, 1)));
    }

    [Fact]
    public void Exponential_PerEpoch_MultipliesByGamma()
    {
        var s = (EpochFunctionSchedule)LearningRateSchedule.Exponential(0.9);
        Assert.Equal(0.1 * 0.9 * 0.9 * 0.9, s.RateAt(3, 0.1), 1e-15);
    }

    [Fact]
    public void Cosine_OverPeriod_FallsFromBaseToMinimum()
    {
        var s = (EpochFunctionSchedule)LearningRateSchedule.Cosine(10, 0.1);
        Assert.Equal(1, s.RateAt(0, 1), 1e-15);
        Assert.Equal(0.55, s.RateAt(5, 1), 1e-15);
        Assert.Equal(0.1, s.RateAt(10, 1), 1e-15);
        Assert.True(s.RateAt(3, 1) > s.RateAt(4, 1));
    }

    [Fact]
    public void Trainer_StepSchedule_HistoryRecordsEachEpochsRate()
    {
        var net = new LinearFloatNet();
        (float[] x, float[] y) = TrainingTestData.Line<float>(16);
        var options = new TrainerOptions { Epochs = 5, Optimizer = new Sgd { LearningRate = 0.1 }, Schedule = LearningRateSchedule.Step(2, 0.5) };

        TrainingResult result = net.Fit(x, y, options);

        Assert.Equal(new[] { 0.1, 0.1, 0.05, 0.05, 0.025 }, result.History.Select(m => m.LearningRate));
    }

    [Fact]
    public void ReduceOnPlateau_LossStalls_LowersRateAfterPatience()
    {
        var s = LearningRateSchedule.ReduceOnPlateau(factor: 0.5, patience: 2);
        Assert.Equal(1, s.Start(1));
        double[] losses = { 1.0, 0.9, 0.95, 0.9, 0.91, 0.8, 0.85, 0.85, 0.85 };
        double[] rates = losses.Select((l, i) => s.EpochEnded(i + 1, l)).ToArray();

        // Best 0.9 at epoch 2; epochs 3, 4, 5 do not beat it (3 > patience 2) → halve after epoch 5.
        // Best 0.8 at epoch 6; epochs 7, 8, 9 do not → halve again after epoch 9.
        Assert.Equal(new[] { 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25 }, rates);
        Assert.Equal(2, s.Reductions);
    }

    [Fact]
    public void ReduceOnPlateau_Cooldown_WaitsBeforeCountingAgain()
    {
        var s = LearningRateSchedule.ReduceOnPlateau(factor: 0.5, patience: 0, cooldown: 2);
        s.Start(1);
        double[] rates = Enumerable.Range(1, 6).Select(e => s.EpochEnded(e, 1.0)).ToArray();

        // Epoch 1 sets the best; epoch 2 is bad (> patience 0) → halve, then 2 cooldown epochs, then halve again.
        Assert.Equal(new[] { 1, 0.5, 0.5, 0.5, 0.25, 0.25 }, rates);
    }

    [Fact]
    public void ReduceOnPlateau_ValidationLossStalls_TrainerLowersTheRate()
    {
        // Noisy targets: the validation loss reaches the noise floor and stalls while training goes on.
        (float[] x, float[] y) = TrainingTestData.Smooth(256, 5, noise: 0.3);
        (float[] vx, float[] vy) = TrainingTestData.Smooth(128, 6, noise: 0.3);
        const int Patience = 3;
        var net = new RegressionNet();
        var options = new TrainerOptions
        {
            Epochs = 60,
            BatchSize = 16,
            Optimizer = new Adam { LearningRate = 0.02 },
            Schedule = LearningRateSchedule.ReduceOnPlateau(factor: 0.5, patience: Patience),
        };

        TrainingResult result = net.Fit(new Dataset<float>(x, y, 2, 1), new Dataset<float>(vx, vy, 2, 1), options);

        double[] rates = result.History.Select(m => m.LearningRate).ToArray();
        double[] validation = result.History.Select(m => m.ValidationLoss).ToArray();
        Assert.True(rates[^1] < rates[0], "the rate was never lowered");
        int reductions = 0;
        for (int k = 0; k + 1 < rates.Length; k++)
        {
            if (rates[k + 1] < rates[k])
            {
                // Lowered after epoch k+1 (1-based): the last Patience + 1 epochs did not beat the best before them.
                reductions++;
                Assert.Equal(rates[k] * 0.5, rates[k + 1], 1e-15);
                double recent = validation.Skip(k - Patience).Take(Patience + 1).Min();
                double before = validation.Take(k - Patience).Min();
                Assert.True(recent >= before * (1 - 1e-4), $"lowered after epoch {k + 1} although the validation loss improved");
            }
        }

        Assert.True(reductions >= 1);
    }

    [Fact]
    public void EarlyStopping_ValidationLossRises_StopsAndRestoresBestParameters()
    {
        // Training pulls w from 0 towards 1 (y = x); the validation set wants w = 0.5 (y = 0.5·x), so its loss
        // falls, bottoms out and rises again.
        (float[] x, float[] y) = TrainingTestData.Line<float>(32);
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = x[i];
        }

        float[] vy = x.Select(v => 0.5f * v).ToArray();
        var net = new LinearFloatNet();
        net.Parameters.Clear();
        var progress = new RecordingProgress<float>(net);
        var options = new TrainerOptions
        {
            Epochs = 200,
            BatchSize = 8,
            Optimizer = new Sgd { LearningRate = 0.02 },
            EarlyStopping = new EarlyStopping { Patience = 5 },
        };
        options.Checks.Enabled = false;

        TrainingResult result = net.Fit(new Dataset<float>(x, y, 1, 1), new Dataset<float>(x, vy, 1, 1), options, progress);

        Assert.Equal(TrainingStopReason.EarlyStopped, result.StopReason);
        Assert.Equal(result.BestEpoch + 5, result.EpochsCompleted);
        Assert.True(result.BestEpoch > 1);
        double bestLoss = result.History.Min(m => m.ValidationLoss);
        Assert.Equal(bestLoss, result.History[result.BestEpoch - 1].ValidationLoss);

        int bestReport = progress.Reports.FindIndex(r => r.Kind == TrainingProgressKind.Epoch && r.Epoch == result.BestEpoch);
        Assert.True(TrainingTestData.BitEqual<float>(progress.Parameters[bestReport], net.Parameters));
        Assert.False(TrainingTestData.BitEqual<float>(progress.Parameters[^1], net.Parameters));
        Assert.Contains($"The parameters of epoch {result.BestEpoch}, which had the lowest validation loss", result.Message);
    }

    [Fact]
    public void ReduceOnPlateau_BadSettings_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.ReduceOnPlateau(factor: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Step(0));
        Assert.Throws<ArgumentException>(() => new LinearFloatNet().Fit(new float[] { 1, 2 }, new float[] { 1, 2 }, new TrainerOptions { EarlyStopping = new EarlyStopping { Patience = 0 } }));
    }
}
