using System;
using System.Linq;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Execution;

/// <summary>
/// The numeric [Dense] options are doubles (DESIGN §1): a double network computes with the value as written, a float
/// network with the value rounded once to float. Checked against <see cref="ReferenceNetwork"/>, which reads the
/// topology directly and never sees generated code.
/// </summary>
public sealed class NumericOptionTests
{
    private static readonly TestTopology DoubleLeaky = new(
        "DoubleLeaky", Loss.MeanSquaredError, Precision.Double, 3,
        new[] { new TestLayer(4, Activation.LeakyReLU, Alpha: 0.3), new TestLayer(3, Activation.LeakyReLU, Alpha: 0.3), new TestLayer(2, Activation.Identity) });

    [Fact]
    public void DoubleNetwork_AlphaWrittenAsDouble_AgreesWithDoubleReferenceToRoundoff()
    {
        double worst = MaxRelativeDifference(DoubleLeaky, DoubleLeaky);
        Assert.True(worst < 1e-14, $"relative difference {worst:R}");
    }

    [Fact]
    public void DoubleNetwork_AlphaWrittenAsFloatLiteral_IsThatFloatsValue()
    {
        // Control: 0.3f is 0.30000001192092896 as a double, so the reference with 0.3 must see a difference that the
        // test above would catch (about 4e-8 relative on the negative side).
        TestTopology asFloat = DoubleLeaky with { Layers = DoubleLeaky.Layers.Select(l => l with { Alpha = l.Activation == Activation.LeakyReLU ? 0.3f : l.Alpha }).ToArray() };
        double worst = MaxRelativeDifference(asFloat, DoubleLeaky);
        Assert.True(worst > 1e-9, $"relative difference {worst:R}");
    }

    [Fact]
    public void FloatNetwork_AlphaWrittenAsDouble_RoundsOnceToFloat()
    {
        var assembly = GeneratorHarness.CompileAndLoad("""
            [NetGen.Network(NetGen.Loss.MeanSquaredError)]
            [NetGen.Input(1)]
            [NetGen.Dense(1, NetGen.Activation.LeakyReLU, Alpha = 0.3, Bias = false)]
            public partial class FloatLeaky;
            """);
        INetwork<float> net = GeneratorHarness.Create<float>(assembly, "FloatLeaky");
        net.Parameters[0] = 1f;
        var y = new float[1];
        net.Predict(new[] { -1f }, y);
        Assert.Equal(-0.3f, y[0]);
        Assert.Equal((double)0.3f, net.Info.Layers[0].Alpha);
    }

    /// <summary>The largest |generated − reference| / max(1, |reference|) over random inputs and parameters.</summary>
    private static double MaxRelativeDifference(TestTopology generated, TestTopology reference)
    {
        var assembly = GeneratorHarness.CompileAndLoad(generated.ToSource());
        INetwork<double> net = GeneratorHarness.Create<double>(assembly, generated.Name);
        Assert.Equal(generated.Layers[0].Alpha, net.Info.Layers[0].Alpha);
        var random = new Random(14);
        double worst = 0;
        for (int sample = 0; sample < 200; sample++)
        {
            for (int i = 0; i < net.Parameters.Length; i++)
            {
                net.Parameters[i] = (random.NextDouble() * 2) - 1;
            }

            double[] x = Enumerable.Range(0, generated.InputSize).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
            var y = new double[generated.OutputSize];
            net.Predict(x, y);
            double[] expected = ReferenceNetwork.Forward(reference, net.Parameters, x, out _);
            for (int k = 0; k < y.Length; k++)
            {
                worst = Math.Max(worst, Math.Abs(y[k] - expected[k]) / Math.Max(1, Math.Abs(expected[k])));
            }
        }

        return worst;
    }
}
