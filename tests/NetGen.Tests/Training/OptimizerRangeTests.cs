using System;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.Training;

/// <summary>
/// With several trainer threads each updates its own slice of the parameters (<c>OptimizerState.StepRange</c>): the
/// slices' updates must be exactly the whole step's, for every optimizer and option, whatever the cut points (inside a
/// layer, on a decay-range boundary, one element long).
/// </summary>
public class OptimizerRangeTests
{
    public static TheoryData<string> Optimizers => new()
    {
        "sgd", "sgd-decay", "momentum", "momentum-dampened-decay", "nesterov-decay", "adam", "adam-decay", "adamw", "amsgrad",
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void StepRange_OverSlices_BitIdenticalToTheWholeStep(string name)
    {
        NetworkInfo info = new ParallelWideNet().Info;
        int n = info.ParameterCount;
        OptimizerState<float> whole = Create(name).CreateState<float>(info);
        OptimizerState<float> sliced = Create(name).CreateState<float>(info);
        var random = new Random(3);
        float[] p1 = Values(random, n), p2 = (float[])p1.Clone();
        float[] before1 = new float[n], before2 = new float[n];
        // Cut points: inside the first weight matrix, the first layer's weights/biases boundary, one element, the end.
        int weights1 = 64 * 256;
        int[] cuts = [0, 1000, weights1, weights1 + 1, weights1 + 100, n];
        for (int step = 0; step < 4; step++)
        {
            float[] g1 = Values(random, n), g2 = (float[])g1.Clone();
            bool wholeFinite = whole.StepKeepingPrevious(p1, g1, 0.25f, 0.01, before1);
            sliced.BeginStep();
            bool slicedFinite = true;
            for (int c = cuts.Length - 2; c >= 0; c--)
            {
                slicedFinite &= sliced.StepRange(p2, g2, 0.25f, 0.01, before2, cuts[c], cuts[c + 1] - cuts[c]);
            }

            Assert.True(wholeFinite);
            Assert.Equal(wholeFinite, slicedFinite);
            Assert.Equal(whole.StepCount, sliced.StepCount);
            Assert.Equal(p1, p2);
            Assert.Equal(before1, before2);
            Assert.Equal(g1, g2);
        }

        Assert.NotEqual(before1, p1);
    }

    [Fact]
    public void StepRange_NonFiniteInOneSlice_ReportedBySliceNotByOthers()
    {
        NetworkInfo info = new ParallelWideNet().Info;
        int n = info.ParameterCount;
        OptimizerState<float> state = new Sgd { LearningRate = 0.1 }.CreateState<float>(info);
        float[] p = new float[n], g = new float[n], before = new float[n];
        g[n - 1] = float.PositiveInfinity;

        state.BeginStep();

        Assert.True(state.StepRange(p, g, 1f, 0.1, before, 0, n - 10));
        Assert.False(state.StepRange(p, g, 1f, 0.1, before, n - 10, 10));
    }

    private static Optimizer Create(string name) => name switch
    {
        "sgd" => new Sgd { LearningRate = 0.1 },
        "sgd-decay" => new Sgd { LearningRate = 0.1, WeightDecay = 0.01 },
        "momentum" => new Sgd { LearningRate = 0.1, Momentum = 0.9 },
        "momentum-dampened-decay" => new Sgd { LearningRate = 0.1, Momentum = 0.8, Dampening = 0.3, WeightDecay = 0.02 },
        "nesterov-decay" => new Sgd { LearningRate = 0.1, Momentum = 0.9, Nesterov = true, WeightDecay = 0.02, DecayBiases = true },
        "adam" => new Adam { LearningRate = 0.01 },
#pragma warning disable NG3006 // on purpose: Adam's coupled decay is an option the ranged step must get right too
        "adam-decay" => new Adam { LearningRate = 0.01, WeightDecay = 0.01 },
#pragma warning restore NG3006
        "adamw" => new AdamW { LearningRate = 0.01, WeightDecay = 0.05 },
        "amsgrad" => new Adam { LearningRate = 0.01, AmsGrad = true },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static float[] Values(Random random, int n)
    {
        var values = new float[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
