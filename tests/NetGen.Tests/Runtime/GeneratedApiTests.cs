using System;
using System.Linq;

namespace NetGen.Tests.Runtime;

/// <summary>The members DESIGN.md §2 promises, on networks the real compiler generated.</summary>
public sealed class GeneratedApiTests
{
    [Fact]
    public void Constants_AreCompileTimeAndMatchTheLayout()
    {
        const int parameters = SmallSquareNet.ParameterCount; // a constant expression: compiles only if it is const
        Assert.Equal((16 * 1) + 16 + (1 * 16) + 1, parameters);
        Assert.Equal(1, SmallSquareNet.InputSize);
        Assert.Equal(1, SmallSquareNet.OutputSize);
        var net = new SmallSquareNet();
        Assert.Equal(parameters, net.Parameters.Length);
        Assert.Equal(parameters, net.Gradients.Length);
    }

    [Fact]
    public void Layout_IsPyTorchLinear_WeightsRowMajorThenBiases()
    {
        // Set W1 = [w_j], b1 = [c_j], W2 and b2 by hand and check Predict against the formula in that layout.
        var net = new SmallSquareNet();
        Span<float> p = net.Parameters;
        for (int j = 0; j < 16; j++)
        {
            p[j] = j + 1;            // W1[j, 0]
            p[16 + j] = -j;          // b1[j]
            p[32 + j] = 0.5f;        // W2[0, j]
        }

        p[48] = 3;                   // b2[0]
        var y = new float[1];
        net.Predict(new[] { 2f }, y);
        float expected = 3;
        for (int j = 0; j < 16; j++)
        {
            float z = ((j + 1) * 2f) - j;
            expected += 0.5f * (z > 0 ? z : 0.01f * z);
        }

        Assert.Equal(expected, y[0], 4);
    }

    [Fact]
    public void Predict_WrongLengths_ThrowWithExpectedAndActual()
    {
        var net = new SmallSquareNet();
        #pragma warning disable NG3001 // the wrong length is the point of the test
        var error = Assert.Throws<ArgumentException>(() => net.Predict(new float[2], new float[1]));
        #pragma warning restore NG3001
        Assert.Equal("input", error.ParamName);
        Assert.Contains("expects 1 values in 'input' but got 2", error.Message, StringComparison.Ordinal);
        #pragma warning disable NG3001 // the wrong length is the point of the test
        Assert.Throws<ArgumentException>(() => net.AccumulateGradients(new float[1], new float[3]));
        #pragma warning restore NG3001
    }

    [Fact]
    public void AccumulateGradientsBatch_EqualsSumOfSingleSamples()
    {
        var net = new SmallClassifier();
        var random = new Random(4);
        double[] inputs = Enumerable.Range(0, 5 * 4).Select(_ => random.NextDouble()).ToArray();
        double[] targets = { 1, 0, 0, 0, 1, 0, 0, 0, 1, 0.5, 0.5, 0 };

        net.ZeroGradients();
        double batchLoss = net.AccumulateGradientsBatch(inputs, targets, 4);
        double[] batch = net.Gradients.ToArray();

        net.ZeroGradients();
        double loss = 0;
        for (int i = 0; i < 4; i++)
        {
            loss += net.AccumulateGradients(inputs.AsSpan(i * 5, 5), targets.AsSpan(i * 3, 3));
        }

        // Computed as a batch (another summation order): equal within double rounding, not bit for bit.
        Assert.Equal(loss, batchLoss, 12);
        double[] single = net.Gradients.ToArray();
        for (int p = 0; p < single.Length; p++)
        {
            Assert.Equal(single[p], batch[p], 1e-12);
        }

        Assert.Throws<ArgumentException>(() => net.AccumulateGradientsBatch(inputs, targets, 5));
    }

    [Fact]
    public void Loss_Extension_IsTheForwardOnlyLossAndCountsCorrectClassifications()
    {
        // DESIGN's net.Loss(input, target): an extension, since a member named Loss would hide the enum in [Network(Loss.…)].
        var net = new SmallClassifier();
        var random = new Random(11);
        double[] inputs = Enumerable.Range(0, 5 * 6).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        double[] targets = { 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1 };
        net.ZeroGradients();

        double sum = 0;
        int expectedCorrect = 0;
        var y = new double[3];
        for (int i = 0; i < 6; i++)
        {
            double loss = net.Loss(inputs.AsSpan(i * 5, 5), targets.AsSpan(i * 3, 3));
            Assert.All(net.Gradients.ToArray(), g => Assert.Equal(0.0, g));   // forward only
            sum += loss;

            net.Predict(inputs.AsSpan(i * 5, 5), y);
            int predicted = Array.IndexOf(y, y.Max());
            expectedCorrect += targets[(i * 3) + predicted] == 1 ? 1 : 0;
            Assert.Equal(-Math.Log(y[Array.IndexOf(targets, 1.0, i * 3, 3) - (i * 3)]), loss, 12);
        }

        double batch = net.LossBatch(inputs, targets, 6, out int correct);
        Assert.Equal(sum, batch, 11);
        Assert.Equal(expectedCorrect, correct);
    }

    [Fact]
    public void Trace_WritesEveryLayerOutput_LastEqualsPredict()
    {
        var net = new SmallClassifier();
        double[] input = { 0.2, -0.1, 0.4, 0.9, -0.7 };
        var trace = new double[SmallClassifier.NetworkInfo.TotalUnits];
        net.Trace(input, trace);
        var output = new double[3];
        net.Predict(input, output);
        Assert.Equal(output, trace[7..]);
        Assert.All(trace[..7], h => Assert.InRange(h, -1, 1)); // tanh outputs
        Assert.Equal(1.0, trace[7..].Sum(), 12);                // softmax outputs
    }

    [Fact]
    public void NestedNetwork_IsGeneratedInsideItsContainingTypes()
    {
        var net = new Outer.Middle.NestedNet();
        Assert.Equal(2, Outer.Middle.NestedNet.InputSize);
        Assert.Equal("NestedNet", Outer.Middle.NestedNet.NetworkInfo.Name);
        Assert.IsAssignableFrom<INetwork<float>>(net);
    }

    [Fact]
    public void Softmax_And_Sigmoid_ExtremeInputs_StayFinite()
    {
        var classifier = new SmallClassifier();
        classifier.Parameters.Fill(1000);
        var y = new double[3];
        classifier.Predict(new[] { 1e3, -1e3, 5e2, 1e3, 1e3 }, y);
        Assert.All(y, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(1.0, y.Sum(), 12);
        double loss = classifier.AccumulateGradients(new[] { 1e3, -1e3, 5e2, 1e3, 1e3 }, new[] { 0.0, 0.0, 1.0 });
        Assert.True(double.IsFinite(loss));
        Assert.All(classifier.Gradients.ToArray(), g => Assert.True(double.IsFinite(g)));

        var nested = new Outer.Middle.NestedNet();
        nested.Parameters.Fill(1e4f);
        var o = new float[2];
        nested.Predict(new[] { -1e4f, -1e4f }, o);
        Assert.Equal(new[] { 0f, 0f }, o);
        float bce = nested.AccumulateGradients(new[] { -1e4f, -1e4f }, new[] { 1f, 0f });
        Assert.True(float.IsFinite(bce));
        Assert.True(bce > 1e7f); // softplus keeps the huge loss exact instead of ln(0) = −∞
    }
}
