using System;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Runtime;

public sealed class GradientCheckTests
{
    [Fact]
    public void Run_GeneratedFloatNetwork_ReportsEveryLayerWithinTolerance()
    {
        var net = new SmallSquareNet();
        net.Gradients.Fill(0.5f);

        GradientCheckResult result = GradientCheck.Run<float>(net, new[] { 0.3f }, new[] { 0.09f });

        Assert.Equal(2, result.Layers.Count);
        Assert.True(result.IsWithin(), result.ToString());
        Assert.All(net.Gradients.ToArray(), g => Assert.Equal(0.5f, g)); // accumulated gradients restored
    }

    [Fact]
    public void Run_GeneratedDoubleNetwork_AgreesToDoublePrecision()
    {
        var net = new SmallClassifier();
        GradientCheckResult result = GradientCheck.Run<double>(net, new[] { 0.1, -0.4, 0.9, 0.3, -0.2 }, new[] { 0.0, 1.0, 0.0 });
        Assert.True(result.MaxRelativeError < 1e-7, result.ToString());
    }

    [Fact]
    public void Run_BackwardPassWithWrongSecondLayer_PointsAtThatLayer()
    {
        var net = new BrokenSecondLayer(new SmallSquareNet());
        GradientCheckResult result = GradientCheck.Run<float>(net, new[] { 0.7f }, new[] { 0.49f });

        Assert.True(result.Layers[0].MaxRelativeError < 1e-4, result.ToString());
        Assert.True(result.Layers[1].MaxRelativeError > 0.1, result.ToString());
        Assert.False(result.IsWithin());
        Assert.Contains("layer 2", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WrongInputLength_ThrowsWithBothSizes()
    {
        var error = Assert.Throws<ArgumentException>(() => GradientCheck.Run<float>(new SmallSquareNet(), new float[3], new float[1]));
        Assert.Contains("takes 1 inputs and 1 targets, but got 3 and 1", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Wraps a correct network and doubles the gradient of its second layer, as a buggy backward pass would.</summary>
    private sealed class BrokenSecondLayer(SmallSquareNet inner) : WrappedNetwork(inner)
    {
        public override float AccumulateGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> target)
        {
            float[] before = Inner.Gradients.ToArray();
            float loss = Inner.AccumulateGradients(input, target);
            LayerInfo second = Info.Layers[1];
            Span<float> g = Inner.Gradients;
            for (int p = second.WeightOffset; p < second.WeightOffset + second.WeightCount; p++)
            {
                g[p] += g[p] - before[p];
            }

            return loss;
        }
    }
}
