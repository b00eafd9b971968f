using System;
using System.IO;

namespace NetGen.Tests.Embedded;

/// <summary>
/// The weights files the benchmarks embed are what the runtime saves for seeded networks of those topologies, so
/// they stay in the current format. Set NETGEN_UPDATE_BASELINES=1 to rewrite them.
/// </summary>
public sealed class BenchmarkModelFileTests
{
    [Fact]
    public void SquareFitWeights_AreTheSavedSeededNetwork() => AssertFile(new BenchSquareFitNet(), "squarefit.weights.txt");

    [Fact]
    public void DigitsWeights_AreTheSavedSeededNetwork() => AssertFile(new BenchDigitsNet(), "digits.weights.txt");

    private static void AssertFile(INetwork<float> net, string name)
    {
        net.Initialize(7);
        string expected = EmbeddedWeightsTests.SaveText(net);
        string path = Path.Combine(NetGen.Tests.Infrastructure.RepositoryPaths.Root, "benchmarks", "NetGen.Benchmarks", "models", name);
        if (Environment.GetEnvironmentVariable("NETGEN_UPDATE_BASELINES") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.Equal(expected, File.ReadAllText(path));
    }
}
