using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace NetGen.Samples.FromPyTorch;

/// <summary>One held-out point: its coordinates, its true class, and what PyTorch predicted for it.</summary>
public sealed record TestPoint(float X, float Y, int Label, int TorchClass, float[] TorchProbabilities);

/// <summary>What the sample found: how often NetGen's compiled-in network agrees with PyTorch, and by how much they differ.</summary>
public sealed record FromPyTorchResult(int Points, int SameClass, int Correct, int TorchCorrect, double MaxProbabilityDifference)
{
    /// <summary>Every prediction equals PyTorch's and no probability differs by more than 1e-5.</summary>
    public bool Agrees => SameClass == Points && MaxProbabilityDifference <= 1e-5;
}

/// <summary>
/// Runs the classifier that PyTorch trained, compiled into this program by [ImportOnnx], on the held-out points that
/// ship with it and compares each prediction with PyTorch's own.
/// </summary>
public static class FromPyTorchSample
{
    public static FromPyTorchResult Run(TextWriter output)
    {
        IReadOnlyList<TestPoint> points = LoadTestPoints();
        output.WriteLine($"Model: {SpiralNet.NetworkInfo}, imported from model/spiral.onnx at build time");

        Span<float> input = stackalloc float[SpiralNet.InputSize];
        Span<float> probabilities = stackalloc float[SpiralNet.OutputSize];
        int same = 0, correct = 0, torchCorrect = 0;
        double maxDifference = 0;
        foreach (TestPoint point in points)
        {
            input[0] = point.X;
            input[1] = point.Y;
            SpiralNet.Embedded.Predict(input, probabilities);   // no instance, no file: the weights are constants
            int predicted = ArgMax(probabilities);
            same += predicted == point.TorchClass ? 1 : 0;
            correct += predicted == point.Label ? 1 : 0;
            torchCorrect += point.TorchClass == point.Label ? 1 : 0;
            for (int k = 0; k < probabilities.Length; k++)
            {
                maxDifference = Math.Max(maxDifference, Math.Abs(probabilities[k] - point.TorchProbabilities[k]));
            }
        }

        var result = new FromPyTorchResult(points.Count, same, correct, torchCorrect, maxDifference);
        output.WriteLine($"Held-out points:             {result.Points}");
        output.WriteLine($"Same class as PyTorch:       {result.SameClass} of {result.Points}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Largest probability change:  {result.MaxProbabilityDifference:0.###e+0}"));
        output.WriteLine($"Accuracy (NetGen / PyTorch): {result.Correct} / {result.TorchCorrect} of {result.Points}");
        output.WriteLine(result.Agrees ? "NetGen agrees with PyTorch on every point." : "NetGen DISAGREES with PyTorch.");
        return result;
    }

    /// <summary>The held-out points and PyTorch's predictions, written by model/train.py.</summary>
    public static IReadOnlyList<TestPoint> LoadTestPoints()
    {
        using Stream stream = typeof(FromPyTorchSample).Assembly.GetManifestResourceStream("FromPyTorch.test.csv")
            ?? throw new InvalidOperationException("The embedded resource FromPyTorch.test.csv is missing.");
        using var reader = new StreamReader(stream);
        var points = new List<TestPoint>();
        reader.ReadLine();   // header
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            string[] f = line.Split(',');
            points.Add(new TestPoint(
                Float(f[0]), Float(f[1]), int.Parse(f[2], CultureInfo.InvariantCulture), int.Parse(f[3], CultureInfo.InvariantCulture),
                new[] { Float(f[4]), Float(f[5]), Float(f[6]) }));
        }

        return points;

        static float Float(string s) => float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            best = values[i] > values[best] ? i : best;
        }

        return best;
    }
}
