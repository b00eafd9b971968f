using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NetGen.Samples.FromPyTorch;

namespace NetGen.Tests.Samples;

/// <summary>
/// Issue 12's sample: a spiral classifier trained in PyTorch (samples/FromPyTorch/model/train.py), compiled into the
/// sample by [ImportOnnx], agrees with PyTorch's own predictions on every held-out point it ships.
/// </summary>
public class FromPyTorchSampleTests
{
    [Fact]
    public void Run_HeldOutPoints_SameClassAsPyTorchEverywhere()
    {
        var output = new StringWriter();

        FromPyTorchResult result = FromPyTorchSample.Run(output);

        Assert.Equal(240, result.Points);
        Assert.Equal(result.Points, result.SameClass);
        Assert.True(result.MaxProbabilityDifference <= 1e-5, $"probabilities differ from PyTorch's by {result.MaxProbabilityDifference}");
        Assert.Equal(result.TorchCorrect, result.Correct);
        Assert.True(result.Agrees);
        Assert.Contains("Same class as PyTorch:       240 of 240", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Network_IsTheImportedModelWithTheAppendedSoftmax()
    {
        Assert.Equal("2 → 32 ReLU → 32 ReLU → 3 Softmax", SpiralNet.NetworkInfo.Topology);
        Assert.Equal(Loss.CrossEntropy, SpiralNet.NetworkInfo.Loss);

        // A new instance starts with the model's weights, and predicts what the static Embedded.Predict does.
        var net = new SpiralNet();
        TestPoint point = FromPyTorchSample.LoadTestPoints().First();
        float[] input = [point.X, point.Y];
        float[] fromInstance = new float[3], fromStatic = new float[3];
        net.Predict(input, fromInstance);
        SpiralNet.Embedded.Predict(input, fromStatic);
        Assert.Equal(fromStatic, fromInstance);
    }

    [Fact]
    public async Task Program_Default_ExitsZeroAndPrintsAgreement()
    {
        (int exitCode, string stdout, string stderr) = await SampleProcess.RunAsync("FromPyTorch");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("NetGen agrees with PyTorch on every point.", stdout, StringComparison.Ordinal);
    }
}
