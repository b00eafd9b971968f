using System;
using System.Collections.Generic;
using System.Numerics;
using NetGen;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>Deterministic data sets and progress receivers for the training tests.</summary>
internal static class TrainingTestData
{
    /// <summary>The second seed's data: 7 inputs uniform in [0, 1), targets (Σ sin xᵢ, Σ cos xᵢ).</summary>
    public static (float[] Inputs, float[] Targets) SecondSeed(int samples = 1000, int seed = 2)
    {
        var random = new SeededRandom(seed);
        var inputs = new float[samples * 7];
        var targets = new float[samples * 2];
        for (int s = 0; s < samples; s++)
        {
            double sin = 0, cos = 0;
            for (int i = 0; i < 7; i++)
            {
                double x = random.NextDouble();
                inputs[(s * 7) + i] = (float)x;
                sin += Math.Sin(x);
                cos += Math.Cos(x);
            }

            targets[s * 2] = (float)sin;
            targets[(s * 2) + 1] = (float)cos;
        }

        return (inputs, targets);
    }

    /// <summary>y = 3x − 1 on evenly spaced x in [−1, 1].</summary>
    public static (T[] Inputs, T[] Targets) Line<T>(int samples = 32)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var inputs = new T[samples];
        var targets = new T[samples];
        for (int i = 0; i < samples; i++)
        {
            double x = -1 + (2.0 * i / (samples - 1));
            inputs[i] = T.CreateChecked(x);
            targets[i] = T.CreateChecked((3 * x) - 1);
        }

        return (inputs, targets);
    }

    /// <summary>y = sin(2x₀) + x₁² with x uniform in [−1, 1]²: a healthy regression.</summary>
    public static (float[] Inputs, float[] Targets) Smooth(int samples, int seed, double noise = 0)
    {
        var random = new SeededRandom(seed);
        var inputs = new float[samples * 2];
        var targets = new float[samples];
        for (int s = 0; s < samples; s++)
        {
            double a = (2 * random.NextDouble()) - 1, b = (2 * random.NextDouble()) - 1;
            inputs[s * 2] = (float)a;
            inputs[(s * 2) + 1] = (float)b;
            targets[s] = (float)(Math.Sin(2 * a) + (b * b) + (noise * random.NextNormal()));
        }

        return (inputs, targets);
    }

    /// <summary>Three well-separated Gaussian blobs in [−1, 1]², one-hot targets.</summary>
    public static (float[] Inputs, float[] Targets, int[] Classes) Blobs(int samples, int seed)
    {
        var random = new SeededRandom(seed);
        var inputs = new float[samples * 2];
        var targets = new float[samples * 3];
        var classes = new int[samples];
        double[] cx = { -0.6, 0.6, 0.0 }, cy = { -0.4, -0.4, 0.6 };
        for (int s = 0; s < samples; s++)
        {
            int c = s % 3;
            classes[s] = c;
            inputs[s * 2] = (float)(cx[c] + (0.15 * random.NextNormal()));
            inputs[(s * 2) + 1] = (float)(cy[c] + (0.15 * random.NextNormal()));
            targets[(s * 3) + c] = 1;
        }

        return (inputs, targets, classes);
    }

    /// <summary>Points in [−1, 1]² labelled 1 when x₀ + x₁ &gt; 0.</summary>
    public static (float[] Inputs, float[] Targets) HalfPlane(int samples, int seed)
    {
        var random = new SeededRandom(seed);
        var inputs = new float[samples * 2];
        var targets = new float[samples];
        for (int s = 0; s < samples; s++)
        {
            double a = (2 * random.NextDouble()) - 1, b = (2 * random.NextDouble()) - 1;
            inputs[s * 2] = (float)a;
            inputs[(s * 2) + 1] = (float)b;
            targets[s] = a + b > 0 ? 1f : 0f;
        }

        return (inputs, targets);
    }

    /// <summary>Whether two spans hold the same bits.</summary>
    public static bool BitEqual<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
        where T : unmanaged
        => a.Length == b.Length && System.Runtime.InteropServices.MemoryMarshal.AsBytes(a).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(b));
}

/// <summary>Records every report and a copy of the parameters at each one.</summary>
internal sealed class RecordingProgress<T> : IProgress<TrainingProgress>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly INetwork<T> _network;

    public RecordingProgress(INetwork<T> network) => _network = network;

    public List<TrainingProgress> Reports { get; } = new();

    /// <summary>The parameters at each report, in the order of <see cref="Reports"/>.</summary>
    public List<T[]> Parameters { get; } = new();

    public Action<TrainingProgress>? OnReport { get; set; }

    public void Report(TrainingProgress value)
    {
        Reports.Add(value);
        Parameters.Add(_network.Parameters.ToArray());
        OnReport?.Invoke(value);
    }
}
