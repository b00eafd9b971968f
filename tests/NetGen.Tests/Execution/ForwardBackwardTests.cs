using System;
using System.Linq;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Execution;

/// <summary>
/// Generated Predict against the plain double-precision reference, and generated AccumulateGradients against central
/// finite differences of the reference loss (DESIGN.md §2), for every network of <see cref="NetworkCatalog"/>.
/// </summary>
public sealed class ForwardBackwardTests : IClassFixture<CompiledCatalogFixture>
{
    private const double PredictTolerance = 1e-5;
    private const double FloatGradientTolerance = 1e-4;
    private const double DoubleGradientTolerance = 1e-7;
    // Networks with ReLU kinks take a smaller step, and a sample whose differences cross a kink is drawn again;
    // smooth networks take a larger one, which keeps rounding noise small.
    private const double SmoothStep = 1e-3;
    private const double KinkStep = 1e-4;

    private readonly CompiledCatalogFixture _fixture;

    public ForwardBackwardTests(CompiledCatalogFixture fixture) => _fixture = fixture;

    [Theory]
    [MemberData(nameof(NetworkCatalog.Names), MemberType = typeof(NetworkCatalog))]
    public void Predict_RandomInputs_MatchesReference(string name)
    {
        TestTopology topology = NetworkCatalog.Get(name);
        AssertPredictMatchesReference(topology, Adapter.Create(_fixture.Assembly, topology), new Random(StableSeed(name)));
    }

    [Theory]
    [MemberData(nameof(NetworkCatalog.NamesWithWide), MemberType = typeof(NetworkCatalog))]
    public void Predict_RandomParameters_MatchesReference(string name)
    {
        // Every weight and bias drawn at random: an initialised network's biases are all zero, so only this shows a
        // bias read from the wrong offset (or not at all) in Predict's code for some layer shape.
        TestTopology topology = NetworkCatalog.Get(name);
        var net = Adapter.Create(_fixture.Assembly, topology);
        var random = new Random(StableSeed(name) ^ 0x5EED);
        net.SetParameters(RandomVector(random, net.Parameters.Length, -0.5, 0.5));
        AssertPredictMatchesReference(topology, net, random);
    }

    /// <summary>Predict on five random inputs against the double-precision reference at the network's parameters.</summary>
    private static void AssertPredictMatchesReference(TestTopology topology, Adapter net, Random random)
    {
        for (int sample = 0; sample < 5; sample++)
        {
            double[] input = RandomVector(random, topology.InputSize, -1, 1);
            double[] expected = ReferenceNetwork.Forward(topology, net.Parameters, input, out _);
            double[] actual = net.Predict(input);
            for (int k = 0; k < expected.Length; k++)
            {
                // Relative error; outputs below 0.1 in size are compared at 0.1, because a float sum of terms of
                // order 1 that cancels to nearly nothing has an absolute, not a relative, rounding error.
                double error = Math.Abs(actual[k] - expected[k]) / Math.Max(Math.Abs(expected[k]), 0.1);
                Assert.True(error <= PredictTolerance, $"{topology}: output {k} is {actual[k]:R}, reference {expected[k]:R} (relative error {error:E2}).");
            }
        }
    }

    [Theory]
    [MemberData(nameof(NetworkCatalog.Names), MemberType = typeof(NetworkCatalog))]
    public void AccumulateGradients_RandomSamples_MatchesFiniteDifferences(string name)
    {
        TestTopology topology = NetworkCatalog.Get(name);
        var net = Adapter.Create(_fixture.Assembly, topology);
        double tolerance = topology.Precision == Precision.Single ? FloatGradientTolerance : DoubleGradientTolerance;
        var random = new Random(StableSeed(name) ^ SeedSalt);
        double[] parameters = net.Parameters;
        int checkedSamples = 0;

        bool hasKinks = topology.Layers.Any(l => l.Activation is Activation.ReLU or Activation.LeakyReLU);
        double step = hasKinks ? KinkStep : SmoothStep;
        for (int attempt = 0; attempt < 1000 && checkedSamples < 3; attempt++)
        {
            double[] input = RandomVector(random, topology.InputSize, -1, 1);
            double[] target = RandomTarget(random, topology);
            double[] numeric = ReferenceNetwork.NumericGradient(topology, parameters, input, target, step, out bool crossedKink);
            if (crossedKink)
            {
                continue;
            }

            net.ZeroGradients();
            double loss = net.AccumulateGradients(input, target);
            double[] analytic = net.Gradients;
            double expectedLoss = ReferenceNetwork.Loss(topology, parameters, input, target);

            Assert.True(Math.Abs(loss - expectedLoss) <= PredictTolerance * Math.Max(Math.Abs(expectedLoss), 1e-3),
                $"{topology}: loss {loss:R}, reference {expectedLoss:R}.");

            // Relative error per component, with a floor at a hundredth of the largest component: a component that
            // cancels to nearly nothing is compared at 1% of the gradient's own scale, and nothing below 1e-5 (where the
            // finite differences themselves carry rounding noise of about 1e-12) is compared relatively.
            double floor = Math.Max(0.01 * numeric.Max(Math.Abs), 1e-5);
            for (int p = 0; p < numeric.Length; p++)
            {
                double error = Math.Abs(analytic[p] - numeric[p]) / Math.Max(Math.Max(Math.Abs(analytic[p]), Math.Abs(numeric[p])), floor);
                Assert.True(error <= tolerance,
                    $"{topology}: dL/dθ[{p}] is {analytic[p]:R}, finite differences give {numeric[p]:R} (relative error {error:E2}).");
            }

            checkedSamples++;
        }

        Assert.True(checkedSamples > 0, $"{topology}: no input away from ReLU kinks was found.");
    }

    [Theory]
    [MemberData(nameof(NetworkCatalog.Names), MemberType = typeof(NetworkCatalog))]
    public void AccumulateGradients_TwoCalls_AddUp(string name)
    {
        TestTopology topology = NetworkCatalog.Get(name);
        var net = Adapter.Create(_fixture.Assembly, topology);
        var random = new Random(7);
        double[] input = RandomVector(random, topology.InputSize, -1, 1);
        double[] target = RandomTarget(random, topology);

        net.ZeroGradients();
        net.AccumulateGradients(input, target);
        double[] once = net.Gradients;
        net.AccumulateGradients(input, target);
        double[] twice = net.Gradients;
        for (int p = 0; p < once.Length; p++)
        {
            Assert.Equal(2 * once[p], twice[p], Math.Max(Math.Abs(once[p]) * 1e-6, 1e-12));
        }
    }

    /// <summary>Salt for the gradient samples; tests run with the default, a sweep over salts checks the tolerances' margin.</summary>
    internal static int SeedSalt = int.TryParse(Environment.GetEnvironmentVariable("NETGEN_SEED_SALT"), out int salt) ? salt : 0x5bd1e995;

    /// <summary>A seed from the network's name that is the same in every process (string.GetHashCode is randomised per process).</summary>
    internal static int StableSeed(string name)
    {
        int hash = 17;
        foreach (char c in name)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }

    internal static double[] RandomVector(Random random, int length, double low, double high) =>
        Enumerable.Range(0, length).Select(_ => low + ((high - low) * random.NextDouble())).ToArray();

    internal static double[] RandomTarget(Random random, TestTopology topology)
    {
        int n = topology.OutputSize;
        switch (topology.Loss)
        {
            case Loss.CrossEntropy:
                // Alternately one-hot and a soft distribution.
                if (random.Next(2) == 0)
                {
                    var oneHot = new double[n];
                    oneHot[random.Next(n)] = 1;
                    return oneHot;
                }

                double[] soft = RandomVector(random, n, 0.1, 1);
                double sum = soft.Sum();
                return soft.Select(v => v / sum).ToArray();
            case Loss.BinaryCrossEntropy:
                return RandomVector(random, n, 0, 1);
            default:
                return RandomVector(random, n, -1, 1);
        }
    }
}
