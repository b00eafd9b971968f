using System;
using System.IO;
using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks.Embedded;

/// <summary>
/// Predict with weights baked in by [EmbeddedWeights] (the static <c>Embedded.Predict</c>, and an instance that starts
/// with them) against the same weights loaded from the file at run time.
/// </summary>
[MemoryDiagnoser]
public class EmbeddedBenchmarks
{
    private readonly SquareFitLoaded _squareLoaded = new();
    private readonly SquareFitEmbedded _squareEmbedded = new();
    private readonly DigitsLoaded _digitsLoaded = new();
    private readonly DigitsEmbedded _digitsEmbedded = new();
    private readonly float[] _x = { 0.37f };
    private readonly float[] _y = new float[1];
    private readonly float[] _pixels = new float[64];
    private readonly float[] _classes = new float[10];

    [GlobalSetup]
    public void Setup()
    {
        string models = Path.Combine(AppContext.BaseDirectory, "models");
        _squareLoaded.Load(Path.Combine(models, "squarefit.weights.txt"));
        _digitsLoaded.Load(Path.Combine(models, "digits.weights.txt"));
        for (int i = 0; i < _pixels.Length; i++)
        {
            _pixels[i] = (i * 7 % 17) / 16f;
        }
    }

    [Benchmark(Baseline = true)]
    public void SquareFit_Loaded() => _squareLoaded.Predict(_x, _y);

    [Benchmark]
    public void SquareFit_EmbeddedInstance() => _squareEmbedded.Predict(_x, _y);

    [Benchmark]
    public void SquareFit_EmbeddedStatic() => SquareFitEmbedded.Embedded.Predict(_x, _y);

    [Benchmark]
    public void Digits_Loaded() => _digitsLoaded.Predict(_pixels, _classes);

    [Benchmark]
    public void Digits_EmbeddedInstance() => _digitsEmbedded.Predict(_pixels, _classes);

    [Benchmark]
    public void Digits_EmbeddedStatic() => DigitsEmbedded.Embedded.Predict(_pixels, _classes);
}
