using System;
using System.Collections.Generic;
using System.Linq;

namespace NetGen.Tests.Execution;

/// <summary>The networks the execution tests compile: every activation in every position, every loss, both precisions, random stacks.</summary>
public static class NetworkCatalog
{
    private static readonly Activation[] AllActivations = Enum.GetValues<Activation>();

    public static IReadOnlyList<TestTopology> All { get; } = Build();

    public static IEnumerable<object[]> Names => All.Select(t => new object[] { t.Name });

    public static TestTopology Get(string name) => All.First(t => t.Name == name);

    private static List<TestTopology> Build()
    {
        var list = new List<TestTopology>();
        foreach (Precision precision in Enum.GetValues<Precision>())
        {
            string p = precision == Precision.Single ? "F" : "D";
            foreach (Unrolling unrolling in new[] { Unrolling.Full, Unrolling.Loops })
            {
                string u = unrolling == Unrolling.Full ? "Unrolled" : "Looped";

                // Every activation as hidden and as output layer, with MeanSquaredError.
                foreach (Activation hidden in AllActivations)
                {
                    foreach (Activation output in AllActivations)
                    {
                        list.Add(new TestTopology($"Mse_{p}_{u}_{hidden}_{output}", Loss.MeanSquaredError, precision, 3,
                            new[] { new TestLayer(5, hidden, Alpha: 0.05f), new TestLayer(3, output, Alpha: 0.2f) }, unrolling));
                    }

                    // The fused losses.
                    list.Add(new TestTopology($"Ce_{p}_{u}_{hidden}", Loss.CrossEntropy, precision, 4,
                        new[] { new TestLayer(6, hidden), new TestLayer(4, Activation.Softmax) }, unrolling));
                    list.Add(new TestTopology($"Bce_{p}_{u}_{hidden}", Loss.BinaryCrossEntropy, precision, 4,
                        new[] { new TestLayer(6, hidden), new TestLayer(3, Activation.Sigmoid) }, unrolling));
                }

                // Single-layer networks and layers without bias.
                list.Add(new TestTopology($"Linear_{p}_{u}", Loss.MeanSquaredError, precision, 7,
                    new[] { new TestLayer(2, Activation.Identity, Bias: false) }, unrolling));
                list.Add(new TestTopology($"NoBias_{p}_{u}", Loss.MeanSquaredError, precision, 7,
                    new[] { new TestLayer(10, Activation.ReLU, Bias: false), new TestLayer(2, Activation.Identity, Bias: false) }, unrolling));
                list.Add(new TestTopology($"OneUnitSoftmaxMse_{p}_{u}", Loss.MeanSquaredError, precision, 2,
                    new[] { new TestLayer(1, Activation.Softmax) }, unrolling));
            }

            // Random stacks of 1 to 4 layers. Sizes up to 40 make the automatic choice mix unrolled and looped layers.
            var random = new Random(precision == Precision.Single ? 1234 : 5678);
            for (int n = 0; n < 24; n++)
            {
                int depth = random.Next(1, 5);
                Loss loss = (Loss)random.Next(0, 3);
                var layers = new List<TestLayer>();
                for (int l = 0; l < depth; l++)
                {
                    bool last = l == depth - 1;
                    Activation activation = last && loss == Loss.CrossEntropy ? Activation.Softmax
                        : last && loss == Loss.BinaryCrossEntropy ? Activation.Sigmoid
                        : AllActivations[random.Next(AllActivations.Length)];
                    int units = random.Next(0, 4) == 0 ? random.Next(17, 41) : random.Next(1, 9);
                    if (activation == Activation.Softmax && units == 1)
                    {
                        units = 3;
                    }

                    layers.Add(new TestLayer(units, activation, Bias: random.Next(0, 5) != 0, Alpha: (float)Math.Round(random.NextDouble() * 0.3, 3)));
                }

                int inputs = random.Next(0, 3) == 0 ? random.Next(17, 41) : random.Next(1, 9);
                list.Add(new TestTopology($"Random{n}_{p}", loss, precision, inputs, layers, Unrolling.Auto));
            }
        }

        return list;
    }
}
