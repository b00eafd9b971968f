using System;
using System.Linq;
using NetGen;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>Each NG5xxx warning fires on a case built to trigger it and stays silent on healthy runs.</summary>
public class RuntimeCheckTests
{
    [Fact]
    public void HealthyRegression_Trained_NoWarnings()
    {
        (float[] x, float[] y) = TrainingTestData.Smooth(256, 1);
        TrainingResult result = new RegressionNet().Fit(x, y, Options(30, validationSplit: 0.2));

        Assert.Equal(TrainingStopReason.Completed, result.StopReason);
        Assert.Empty(result.Warnings);
        Assert.True(result.Final.ValidationLoss < 0.05, result.Final.ToString());
    }

    [Fact]
    public void HealthyClassifier_Trained_NoWarningsAndHighAccuracy()
    {
        (float[] x, float[] y, _) = TrainingTestData.Blobs(300, 2);
        TrainingResult result = new ThreeClassNet().Fit(x, y, Options(20, validationSplit: 0.2));

        Assert.Empty(result.Warnings);
        Assert.True(result.Final.TrainingAccuracy > 0.95, result.Final.ToString());
        Assert.True(result.Final.ValidationAccuracy > 0.95, result.Final.ToString());
    }

    [Fact]
    public void HealthyBinaryClassifier_Trained_NoWarningsAndHighAccuracy()
    {
        (float[] x, float[] y) = TrainingTestData.HalfPlane(300, 3);
        TrainingResult result = new BinaryNet().Fit(x, y, Options(30, validationSplit: 0.2));

        Assert.Empty(result.Warnings);
        Assert.True(result.Final.TrainingAccuracy > 0.95, result.Final.ToString());
        Assert.True(result.Final.ValidationAccuracy > 0.9, result.Final.ToString());
    }

    [Fact]
    public void DeadReLU_NegativeBiases_ReportsNG5001OnceForLayerOne()
    {
        (float[] x, float[] y) = TrainingTestData.Smooth(128, 1);
        var net = new DeadReLUNet();
        var progress = new RecordingProgress<float>(net);

        TrainingResult result = net.Fit(x, y, Options(5), progress);

        TrainingDiagnostic w = Assert.Single(result.Warnings);
        Assert.Equal(TrainingDiagnosticIds.DeadReLUUnits, w.Id);
        Assert.Equal(TrainingDiagnosticSeverity.Warning, w.Severity);
        Assert.Equal(1, w.Layer);
        Assert.Equal(1, w.Epoch);
        Assert.Contains("8 of 8 ReLU units of layer 1 were never active", w.Message);
        Assert.Contains("LeakyReLU", w.Message);
        Assert.EndsWith("docs/diagnostics/NG5001.md", w.HelpLink);

        // Reported through progress too, as the same object, and training went on.
        TrainingProgress report = Assert.Single(progress.Reports, r => r.Kind == TrainingProgressKind.Warning);
        Assert.Same(w, report.Diagnostic);
        Assert.Equal(TrainingStopReason.Completed, result.StopReason);
    }

    [Fact]
    public void DeadReLU_Suppressed_NotReported()
    {
        (float[] x, float[] y) = TrainingTestData.Smooth(128, 1);
        TrainerOptions options = Options(3);
        options.Checks.Suppress("ng5001");

        TrainingResult result = new DeadReLUNet().Fit(x, y, options);

        Assert.False(result.HasWarning(TrainingDiagnosticIds.DeadReLUUnits));
    }

    [Fact]
    public void Checks_Disabled_NothingReported()
    {
        (float[] x, float[] y) = TrainingTestData.Smooth(128, 1);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] *= 1000;
        }

        TrainerOptions options = Options(3);
        options.Checks.Enabled = false;

        Assert.Empty(new DeadReLUNet().Fit(x, y, options).Warnings);
    }

    [Fact]
    public void Suppress_UnknownId_ThrowsListingTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => new TrainingChecks().Suppress("NG5999"));
        Assert.Contains("NG5001", e.Message);
    }

    [Theory]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    public void SaturatedUnits_LargeBiases_ReportsNG5002(string kind)
    {
        (float[] x, float[] y) = TrainingTestData.Smooth(128, 1);
        INetwork<float> net = kind == "sigmoid" ? new SaturatedSigmoidNet() : new SaturatedTanhNet();

        TrainingResult result = net.Fit(x, y, Options(3));

        TrainingDiagnostic w = Assert.Single(result.Warnings);
        Assert.Equal(TrainingDiagnosticIds.SaturatedUnits, w.Id);
        Assert.Equal(1, w.Layer);
        Assert.Contains(kind == "sigmoid" ? "Sigmoid units of layer 1" : "Tanh units of layer 1", w.Message);
    }

    [Fact]
    public void OneHotTargets_MeanSquaredError_ReportsNG5003BeforeTraining()
    {
        (float[] x, float[] y, _) = TrainingTestData.Blobs(120, 2);
        TrainingResult result = new OneHotRegressionNet().Fit(x, y, Options(2));

        TrainingDiagnostic w = Assert.Single(result.Warnings);
        Assert.Equal(TrainingDiagnosticIds.ClassLabelsWithRegressionLoss, w.Id);
        Assert.Equal(0, w.Epoch);
        Assert.Contains("Loss.CrossEntropy", w.Message);
    }

    [Fact]
    public void ZeroOneLabels_MeanSquaredError_ReportsNG5003()
    {
        (float[] x, float[] y) = TrainingTestData.HalfPlane(120, 2);
        TrainingResult result = new RegressionNet().Fit(x, y, Options(2));

        TrainingDiagnostic w = Assert.Single(result.Warnings);
        Assert.Equal(TrainingDiagnosticIds.ClassLabelsWithRegressionLoss, w.Id);
        Assert.Contains("Loss.BinaryCrossEntropy", w.Message);
    }

    [Fact]
    public void TargetsAboveOne_SigmoidOutput_ReportsNG5004()
    {
        // The first seed's mistake: y = 5x² on [0, 1] with a sigmoid output.
        float[] x = Enumerable.Range(0, 64).Select(i => i / 63f).ToArray();
        float[] y = x.Select(v => 5 * v * v).ToArray();

        TrainingResult result = new SigmoidRegressionNet().Fit(x, y, Options(2));

        TrainingDiagnostic w = Assert.Single(result.Warnings, d => d.Id == TrainingDiagnosticIds.TargetsOutsideOutputRange);
        Assert.Equal(2, w.Layer);
        Assert.Contains("outside [0, 1]", w.Message);
        Assert.Contains("Identity output layer", w.Message);
    }

    [Fact]
    public void TargetRowsNotSummingToOne_Softmax_ReportsNG5004()
    {
        (float[] x, float[] y, _) = TrainingTestData.Blobs(60, 2);
        y[0] = 0.5f; // sample 0 becomes (0.5, 0, 0): not a distribution

        TrainingResult result = new ThreeClassNet().Fit(x, y, Options(2));

        TrainingDiagnostic w = Assert.Single(result.Warnings);
        Assert.Equal(TrainingDiagnosticIds.TargetsOutsideOutputRange, w.Id);
        Assert.Contains("1 target rows (first in sample 0) do not sum to 1", w.Message);
    }

    [Theory]
    [InlineData(0.0, 0.05, false)]
    [InlineData(3.0, 3.05, true)]
    public void NearConstantFeature_NG5005OnlyOutsideUnitRange(double usual, double rare, bool reported)
    {
        // Feature 1 is `usual` in all but one of 128 samples (a border pixel inked in one digit): its spread is below
        // InputSpreadMinimum. Within [0, 1] it is scaled like every other pixel; shifted out of it, it is not.
        (float[] x, float[] y) = TrainingTestData.Smooth(128, 1);
        for (int i = 1; i < x.Length; i += 2)
        {
            x[i] = (float)usual;
        }

        x[1] = (float)rare;
        var options = Options(1);
        options.Checks.InputMeanLimit = 10;

        TrainingResult result = new RegressionNet().Fit(x, y, options);

        Assert.Equal(reported, result.Warnings.Any(d => d.Id == TrainingDiagnosticIds.UnnormalizedInputs));
    }

    [Fact]
    public void LargeInputs_ReportsNG5005NamingTheFeatures()
    {
        (float[] x, float[] y) = TrainingTestData.Smooth(128, 1);
        for (int i = 0; i < x.Length; i += 2)
        {
            x[i] = (x[i] * 1000) + 500;
        }

        TrainingResult result = new RegressionNet().Fit(x, y, Options(2));

        TrainingDiagnostic w = Assert.Single(result.Warnings, d => d.Id == TrainingDiagnosticIds.UnnormalizedInputs);
        Assert.Contains("1 of 2 input features", w.Message);
        Assert.Contains("feature 0: mean", w.Message);
        Assert.Contains("Standardise", w.Message);
    }

    [Fact]
    public void FlatLoss_TinyLearningRate_ReportsNG5006()
    {
        (float[] x, float[] y) = TrainingTestData.Smooth(128, 1);
        var options = Options(30);
        #pragma warning disable NG3003 // a rate too low to learn is the point of the test
        options.Optimizer = new Sgd { LearningRate = 1e-9 };
        #pragma warning restore NG3003

        TrainingResult result = new RegressionNet().Fit(x, y, options);

        // 8 steps per epoch: the window is the 200 default steps, 25 epochs (more than the 10 PlateauEpochs).
        TrainingDiagnostic w = Assert.Single(result.Warnings);
        Assert.Equal(TrainingDiagnosticIds.LossStoppedFalling, w.Id);
        Assert.Equal(26, w.Epoch);
        Assert.Contains("over the last 25 epochs", w.Message);
        Assert.Contains("ReduceOnPlateau", w.Message);
    }

    [Theory]
    [InlineData(150, null)]
    [InlineData(210, 201)]
    public void FlatLoss_OneStepPerEpoch_NG5006CountsSteps(int epochs, int? reportedAt)
    {
        // A full batch is one optimizer step per epoch (as XOR's four samples are): the window is 200 epochs.
        (float[] x, float[] y) = TrainingTestData.Smooth(128, 1);
        var options = Options(epochs);
        options.BatchSize = 128;
        #pragma warning disable NG3003 // a rate too low to learn is the point of the test
        options.Optimizer = new Sgd { LearningRate = 1e-9 };
        #pragma warning restore NG3003

        TrainingResult result = new RegressionNet().Fit(x, y, options);

        if (reportedAt is null)
        {
            Assert.Empty(result.Warnings);
        }
        else
        {
            TrainingDiagnostic w = Assert.Single(result.Warnings);
            Assert.Equal(TrainingDiagnosticIds.LossStoppedFalling, w.Id);
            Assert.Equal(reportedAt, w.Epoch);
        }
    }

    [Fact]
    public void FlatLoss_WithReduceOnPlateau_NG5006StaysSilent()
    {
        (float[] x, float[] y) = TrainingTestData.Smooth(128, 1);
        var options = Options(15);
        #pragma warning disable NG3003 // a rate too low to learn is the point of the test
        options.Optimizer = new Sgd { LearningRate = 1e-9 };
        #pragma warning restore NG3003
        options.Schedule = LearningRateSchedule.ReduceOnPlateau();

        Assert.Empty(new RegressionNet().Fit(x, y, options).Warnings);
    }

    private static TrainerOptions Options(int epochs, double validationSplit = 0) =>
        new() { Epochs = epochs, BatchSize = 16, Optimizer = new Adam { LearningRate = 0.01 }, ValidationSplit = validationSplit, Seed = 7 };
}
