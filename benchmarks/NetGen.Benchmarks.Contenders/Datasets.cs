using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace NetGen.Benchmarks.Contenders;

/// <summary>Flat inputs and targets, one sample after another, and where they came from.</summary>
public sealed record SampleSet(float[] Inputs, float[] Targets, int InputSize, int TargetSize, string Source)
{
    public int Count => Inputs.Length / InputSize;

    public ReadOnlySpan<float> Input(int i) => Inputs.AsSpan(i * InputSize, InputSize);

    public ReadOnlySpan<float> Target(int i) => Targets.AsSpan(i * TargetSize, TargetSize);
}

/// <summary>
/// The data the benchmarks feed: y = x² for xsq, optdigits (<c>../shared/data/optdigits</c> beside the repository,
/// when present) for digits, synthetic data of the right shape for everything else. Deterministic.
/// </summary>
public static class Datasets
{
    /// <summary>Samples for the named reference network.</summary>
    public static SampleSet For(string network, int count)
    {
        INetwork<float> net = ReferenceNetworks.Create(network);
        return network switch
        {
            "xsq" or "xsq-tanh" => Square(count),
            "digits" => Digits(count, oneHotLow: 0f) ?? Synthetic(count, net.InputSize, net.OutputSize, classes: true, seed: 64),
            "digits-sigmoid" => Digits(count, oneHotLow: 0f) ?? Synthetic(count, net.InputSize, net.OutputSize, classes: true, seed: 64),
            "xor" => Xor(count),
            _ => Synthetic(count, net.InputSize, net.OutputSize, classes: net.Info.IsClassifier, seed: net.InputSize),
        };
    }

    /// <summary>x uniform on [−1, 1], y = x².</summary>
    public static SampleSet Square(int count)
    {
        var random = new Random(1);
        var x = new float[count];
        var y = new float[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = (float)((random.NextDouble() * 2) - 1);
            y[i] = x[i] * x[i];
        }

        return new SampleSet(x, y, 1, 1, "y = x² on [-1, 1]");
    }

    /// <summary>Three bits and their parity.</summary>
    public static SampleSet Xor(int count)
    {
        var x = new float[count * 3];
        var y = new float[count];
        for (int i = 0; i < count; i++)
        {
            int bits = i % 8;
            x[(3 * i) + 0] = bits & 1;
            x[(3 * i) + 1] = (bits >> 1) & 1;
            x[(3 * i) + 2] = (bits >> 2) & 1;
            y[i] = ((bits ^ (bits >> 1) ^ (bits >> 2)) & 1) == 1 ? 1f : 0f;
        }

        return new SampleSet(x, y, 3, 1, "3-bit parity");
    }

    /// <summary>Inputs uniform on [0, 1]; one-hot targets of a random class, or targets uniform on [−1, 1].</summary>
    public static SampleSet Synthetic(int count, int inputSize, int outputSize, bool classes, int seed)
    {
        var random = new Random(seed);
        var x = new float[count * inputSize];
        var y = new float[count * outputSize];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)random.NextDouble();
        }

        for (int i = 0; i < count; i++)
        {
            if (classes)
            {
                y[(i * outputSize) + random.Next(outputSize)] = 1f;
            }
            else
            {
                for (int k = 0; k < outputSize; k++)
                {
                    y[(i * outputSize) + k] = (float)((random.NextDouble() * 2) - 1);
                }
            }
        }

        return new SampleSet(x, y, inputSize, outputSize, "synthetic");
    }

    /// <summary>
    /// The first <paramref name="count"/> samples of optdigits.tra (cycled if fewer), inputs scaled to [0, 1],
    /// one-hot targets; <c>null</c> when the file is not there.
    /// </summary>
    public static SampleSet? Digits(int count, float oneHotLow)
    {
        string? file = FindOptdigits();
        if (file is null)
        {
            return null;
        }

        var rows = new List<(float[] X, int Label)>();
        foreach (string line in File.ReadLines(file))
        {
            string[] cells = line.Split(',');
            if (cells.Length != 65)
            {
                continue;
            }

            var x = new float[64];
            for (int i = 0; i < 64; i++)
            {
                x[i] = float.Parse(cells[i], CultureInfo.InvariantCulture) / 16f;
            }

            rows.Add((x, int.Parse(cells[64], CultureInfo.InvariantCulture)));
        }

        if (rows.Count == 0)
        {
            return null;
        }

        var inputs = new float[count * 64];
        var targets = new float[count * 10];
        for (int i = 0; i < count; i++)
        {
            (float[] x, int label) = rows[i % rows.Count];
            x.CopyTo(inputs, i * 64);
            for (int k = 0; k < 10; k++)
            {
                targets[(i * 10) + k] = k == label ? 1f : oneHotLow;
            }
        }

        return new SampleSet(inputs, targets, 64, 10, "optdigits.tra");
    }

    /// <summary>optdigits.tra in <c>shared/data/optdigits</c> beside the repository root, searched upwards from the running assembly.</summary>
    public static string? FindOptdigits()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NetGen.sln")))
            {
                string candidate = Path.Combine(dir.FullName, "..", "shared", "data", "optdigits", "optdigits.tra");
                return File.Exists(candidate) ? Path.GetFullPath(candidate) : null;
            }
        }

        return null;
    }
}
