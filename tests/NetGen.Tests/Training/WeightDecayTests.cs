#pragma warning disable NG3006 // Adam's coupled L2 decay is itself under test
using System;
using NetGen;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>L2 weight decay on weights only (by default), and AdamW's decoupled decay.</summary>
public class WeightDecayTests
{
    // RegressionNet: layer 1 weights [0, 32), biases [32, 48); layer 2 weights [48, 64), bias 64.
    private static readonly NetworkInfo Info = RegressionNet.NetworkInfo;

    [Theory]
    [InlineData("sgd")]
    [InlineData("momentum")]
    [InlineData("adam")]
    public void CoupledDecay_ZeroGradient_AddsLambdaTimesWeightOnWeightsAndZeroOnBiases(string name)
    {
        const double Lambda = 0.25;
        Optimizer optimizer = name switch
        {
            "sgd" => new Sgd { WeightDecay = Lambda },
            "momentum" => new Sgd { WeightDecay = Lambda, Momentum = 0.9 },
            _ => new Adam { WeightDecay = Lambda },
        };
        float[] p = new RegressionNet().Parameters.ToArray();
        float[] before = (float[])p.Clone();
        var g = new float[p.Length];

        optimizer.CreateState<float>(Info).Step(p, g, 0.1);

        // After the step the gradient span holds the gradient the update used: 0 + λ·w, exactly.
        foreach (LayerInfo layer in Info.Layers)
        {
            for (int i = layer.WeightOffset; i < layer.WeightOffset + layer.WeightCount; i++)
            {
                Assert.Equal((float)Lambda * before[i], g[i]);
                Assert.NotEqual(0f, g[i]);
            }

            for (int i = layer.BiasOffset; i < layer.BiasOffset + layer.BiasCount; i++)
            {
                Assert.Equal(0f, g[i]);
            }
        }
    }

    [Fact]
    public void CoupledDecay_DecayBiases_AddsLambdaTimesBiasToo()
    {
        var net = new RegressionNet();
        for (int i = 0; i < net.Parameters.Length; i++)
        {
            net.Parameters[i] = 1 + (i * 0.01f);
        }

        float[] p = net.Parameters.ToArray();
        float[] before = (float[])p.Clone();
        var g = new float[p.Length];

        new Sgd { WeightDecay = 0.5, DecayBiases = true }.CreateState<float>(Info).Step(p, g, 0.1);

        for (int i = 0; i < p.Length; i++)
        {
            Assert.Equal(0.5f * before[i], g[i]);
        }
    }

    [Fact]
    public void AdamW_ZeroGradient_ScalesWeightsByOneMinusLrLambdaAndLeavesBiases()
    {
        var net = new RegressionNet();
        Span<float> p = net.Parameters;
        p.Fill(2f);
        float[] g = new float[p.Length];

        new AdamW { WeightDecay = 0.1 }.CreateState<float>(Info).Step(p, g, 0.5);

        // w ← w·(1 − 0.5·0.1) = 1.9; a zero gradient leaves the Adam step at 0.
        foreach (LayerInfo layer in Info.Layers)
        {
            Assert.All(p.Slice(layer.WeightOffset, layer.WeightCount).ToArray(), w => Assert.Equal(2f * 0.95f, w));
            Assert.All(p.Slice(layer.BiasOffset, layer.BiasCount).ToArray(), b => Assert.Equal(2f, b));
        }

        Assert.All(g, x => Assert.Equal(0f, x));
    }

    [Fact]
    public void Trainer_WeightDecay_ShrinksWeightsTowardZeroButNotBiases()
    {
        // With a zero target the data gradient vanishes once the output is 0, and decay pulls weights to 0.
        (float[] x, _) = TrainingTestData.Smooth(64, 3);
        var zeros = new float[64];
        var decayed = new RegressionNet();
        var options = new TrainerOptions { Epochs = 5, BatchSize = 16, Optimizer = new Sgd { LearningRate = 0.1, WeightDecay = 0.5 } };
        options.Checks.Enabled = false;
        decayed.Fit(x, zeros, options);

        var plain = new RegressionNet();
        var plainOptions = new TrainerOptions { Epochs = 5, BatchSize = 16, Optimizer = new Sgd { LearningRate = 0.1 } };
        plainOptions.Checks.Enabled = false;
        plain.Fit(x, zeros, plainOptions);

        LayerInfo hidden = Info.Layers[0];
        double decayedNorm = Norm(decayed.Parameters.Slice(hidden.WeightOffset, hidden.WeightCount));
        double plainNorm = Norm(plain.Parameters.Slice(hidden.WeightOffset, hidden.WeightCount));
        Assert.True(decayedNorm < 0.9 * plainNorm, $"decayed {decayedNorm} vs plain {plainNorm}");

        static double Norm(ReadOnlySpan<float> v)
        {
            double s = 0;
            foreach (float f in v)
            {
                s += (double)f * f;
            }

            return Math.Sqrt(s);
        }
    }
}
