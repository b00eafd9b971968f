using System;
using System.IO;
using System.Linq;
using NetGen.Samples.SinCos;
using NetGen.Training;

namespace NetGen.Tests.Samples;

/// <summary>Runs the SinCos sample once for all the tests of <see cref="SinCosSampleTests"/>.</summary>
public sealed class SinCosRunFixture
{
    public SinCosRunFixture()
    {
        var output = new StringWriter();
        Result = SinCosSample.Run(new SinCosOptions(), output);
        Output = output.ToString();
    }

    public SinCosResult Result { get; }

    public string Output { get; }
}

/// <summary>
/// Issue 4, sample 2: 7 inputs uniform in [0, 1], targets (Σ sin xᵢ, Σ cos xᵢ), 1000 training and 200 test samples,
/// 7-10-2. The second seed's setup diverges with its advice; the fixed setup reaches a test MSE below 1e-3.
/// </summary>
public sealed class SinCosSampleTests : IClassFixture<SinCosRunFixture>
{
    private readonly SinCosRunFixture _run;

    public SinCosSampleTests(SinCosRunFixture run) => _run = run;

    [Fact]
    public void Run_SecondSeedSetup_DivergesWithNG5007AndItsAdvice()
    {
        SinCosStage seed = _run.Result.Seed;

        Assert.Equal("7 → 10 ReLU (no bias) → 2 Identity (no bias)", seed.Topology);
        Assert.Equal(TrainingStopReason.Diverged, seed.Training.StopReason);
        TrainingDiagnostic divergence = Assert.IsType<TrainingDiagnostic>(seed.Training.Divergence);
        Assert.Equal(TrainingDiagnosticIds.Diverged, divergence.Id);
        Assert.Contains("a lower learning rate (it was 0.01; try 0.001)", divergence.Message);
        Assert.Contains("Reduction.Mean instead of Reduction.Sum", divergence.Message);
        Assert.Contains("the Adam optimizer", divergence.Message);
        Assert.Contains("error NG5007: Training diverged at epoch", _run.Output);
        Assert.Contains("Reduction.Mean instead of Reduction.Sum", _run.Output);
    }

    [Fact]
    public void Run_FixedSetup_TestMseBelowOneThousandth()
    {
        SinCosStage fixedStage = _run.Result.Fixed;

        Assert.Equal("7 → 10 Tanh → 2 Identity", fixedStage.Topology);
        Assert.Equal(TrainingStopReason.Completed, fixedStage.Training.StopReason);
        Assert.True(fixedStage.TestMeanSquaredError < 1e-3, $"test MSE {fixedStage.TestMeanSquaredError:E3}");
        Assert.True(_run.Result.Succeeded);
        Assert.Contains("Test mean squared error of the fixed network", _run.Output);
        Assert.Contains("reached", _run.Output);
    }

    [Fact]
    public void Run_AnalyzerFixesAlone_ConvergeWithoutReachingTheGoal()
    {
        SinCosStage leaky = _run.Result.AnalyzerFixes;

        Assert.Equal("7 → 10 LeakyReLU → 2 Identity", leaky.Topology);
        Assert.False(leaky.Training.Diverged);
        Assert.InRange(leaky.TestMeanSquaredError, 1e-3, 1e-2);
        Assert.True(leaky.TestMeanSquaredError < _run.Result.Seed.TestMeanSquaredError / 100);
    }

    [Fact]
    public void Run_EveryTraining_ShowsProgressLines()
    {
        Assert.Contains("epoch   1/100", _run.Output);
        Assert.Equal(2, _run.Output.Split('\n').Count(l => l.Contains("epoch 1000/1000", StringComparison.Ordinal)));
    }

    [Fact]
    public void Data_ThousandTrainingAndTwoHundredTestSamples_TargetsAreTheSums()
    {
        (float[] trainX, float[] trainY, float[] testX, float[] testY) = SinCosSample.Data();

        Assert.Equal(1000 * 7, trainX.Length);
        Assert.Equal(1000 * 2, trainY.Length);
        Assert.Equal(200 * 7, testX.Length);
        Assert.Equal(200 * 2, testY.Length);
        Assert.All(trainX.Concat(testX), v => Assert.InRange(v, 0f, 1f));
        for (int i = 0; i < 200; i++)
        {
            double sin = 0, cos = 0;
            for (int k = 0; k < 7; k++)
            {
                sin += Math.Sin(testX[(i * 7) + k]);
                cos += Math.Cos(testX[(i * 7) + k]);
            }

            Assert.Equal(sin, testY[i * 2], 1e-5);
            Assert.Equal(cos, testY[(i * 2) + 1], 1e-5);
        }
    }
}
