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

    /// <summary>Shapes wide enough for every vector width and batch block: fan-ins and widths that are not multiples of 16, 8 or 4.</summary>
    public static IReadOnlyList<TestTopology> Wide { get; } = BuildWide();

    /// <summary>The names of <see cref="All"/> and <see cref="Wide"/>: for the tests of the batched members.</summary>
    public static IEnumerable<object[]> NamesWithWide => All.Concat(Wide).Select(t => new object[] { t.Name });

    /// <summary>Every declaration of <see cref="All"/> and <see cref="Wide"/>, for one compilation.</summary>
    public static string Source => string.Join("\n", All.Concat(Wide).Select(t => t.ToSource()));

    public static TestTopology Get(string name) => All.Concat(Wide).First(t => t.Name == name);

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

            // Every vector code shape at sizes that are not multiples of any vector width: vectors across 37 units
            // (one input), rows in blocks of four with a remainder of three rows and a tail of five inputs, a dot
            // product into one unit, and long rows whose inner loop runs with several accumulators.
            foreach (Activation hidden in AllActivations)
            {
                list.Add(new TestTopology($"Vec_{p}_{hidden}", Loss.MeanSquaredError, precision, 1,
                    new[] { new TestLayer(37, hidden, Alpha: 0.07f), new TestLayer(19, hidden, Alpha: 0.3f), new TestLayer(1, Activation.Identity) }, Unrolling.Loops));
                list.Add(new TestTopology($"VecCe_{p}_{hidden}", Loss.CrossEntropy, precision, 33,
                    new[] { new TestLayer(21, hidden), new TestLayer(18, Activation.Softmax) }, Unrolling.Loops));
                list.Add(new TestTopology($"VecBce_{p}_{hidden}", Loss.BinaryCrossEntropy, precision, 40,
                    new[] { new TestLayer(13, hidden, Bias: false), new TestLayer(5, Activation.Sigmoid) }, Unrolling.Loops));
            }

            list.Add(new TestTopology($"LongRows_{p}", Loss.MeanSquaredError, precision, 300,
                new[] { new TestLayer(9, Activation.Tanh), new TestLayer(1, Activation.Identity) }, Unrolling.Loops));
            list.Add(new TestTopology($"LongDot_{p}", Loss.MeanSquaredError, precision, 130,
                new[] { new TestLayer(1, Activation.Sigmoid) }, Unrolling.Loops));

            // A hidden layer with rows of more than sixteen vectors at every width (301 inputs: 18 × 16 + 8 + 4 + 1), whose
            // dL/dh and weight update share one pass over the rows; behind a ReLU (rows skipped) and without biases.
            list.Add(new TestTopology($"RowPass_{p}", Loss.MeanSquaredError, precision, 5,
                new[] { new TestLayer(301, Activation.Tanh), new TestLayer(7, Activation.ReLU), new TestLayer(2, Activation.Identity) }, Unrolling.Loops));
            list.Add(new TestTopology($"RowPassNoBias_{p}", Loss.CrossEntropy, precision, 3,
                new[] { new TestLayer(301, Activation.LeakyReLU, Alpha: 0.1f), new TestLayer(6, Activation.Tanh, Bias: false), new TestLayer(4, Activation.Softmax) }, Unrolling.Loops));

            // A single-input first layer (xsq's shape) without biases: its dz stays in registers and goes straight into the
            // weight column (the biased form is Vec_*'s first layer); 41 units leave a tail at every width.
            list.Add(new TestTopology($"FirstColumnNoBias_{p}", Loss.MeanSquaredError, precision, 1,
                new[] { new TestLayer(41, Activation.LeakyReLU, Alpha: 0.1f, Bias: false), new TestLayer(2, Activation.Identity) }, Unrolling.Loops));

            // A row-block layer whose output stays in registers for the layer of vector units after it (Predict at every
            // vector width; NetworkLowering.HoldsRowQuads): 32 inputs fill whole vectors at 512, 256 and 128 bits, 10
            // units leave a last block of two rows (its other two lanes must not leak into the next layer: f(0) is 0.5
            // for a sigmoid), 8 units none. Single precision only, like the row-block sums.
            if (precision == Precision.Single)
            {
                foreach (Activation hidden in AllActivations.Where(a => a != Activation.Softmax))
                {
                    list.Add(new TestTopology($"RowQuads_F_{hidden}", Loss.MeanSquaredError, precision, 32,
                        new[] { new TestLayer(10, hidden, Alpha: 0.1f), new TestLayer(6, Activation.Tanh), new TestLayer(3, Activation.Identity) }));
                }

                list.Add(new TestTopology("RowQuadsWhole_F", Loss.CrossEntropy, precision, 64,
                    new[] { new TestLayer(8, Activation.ReLU, Bias: false), new TestLayer(5, Activation.LeakyReLU), new TestLayer(4, Activation.Softmax) }));
            }

            // Vector layers between unrolled ones (Auto): 3 → 1 unrolled → 64 across the units → 20 rows → 3 unrolled.
            list.Add(new TestTopology($"Mixed_{p}", Loss.MeanSquaredError, precision, 3,
                new[] { new TestLayer(1, Activation.Tanh), new TestLayer(64, Activation.LeakyReLU), new TestLayer(20, Activation.Sigmoid), new TestLayer(3, Activation.Identity) }));

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

    private static List<TestTopology> BuildWide()
    {
        var list = new List<TestTopology>();
        foreach (Precision precision in Enum.GetValues<Precision>())
        {
            string p = precision == Precision.Single ? "F" : "D";
            list.Add(new TestTopology($"BatchWide_{p}_CrossEntropy", Loss.CrossEntropy, precision, 37,
                new[] { new TestLayer(19, Activation.ReLU), new TestLayer(33, Activation.Tanh), new TestLayer(5, Activation.Softmax) }, Unrolling.Auto));
            list.Add(new TestTopology($"BatchWide_{p}_Mse", Loss.MeanSquaredError, precision, 1,
                new[] { new TestLayer(64, Activation.LeakyReLU, Alpha: 0.1f), new TestLayer(1, Activation.Identity) }, Unrolling.Auto));
            list.Add(new TestTopology($"BatchWide_{p}_Bce", Loss.BinaryCrossEntropy, precision, 70,
                new[] { new TestLayer(24, Activation.Sigmoid, Bias: false), new TestLayer(17, Activation.Softmax), new TestLayer(3, Activation.Sigmoid) }, Unrolling.Auto));
        }

        return list;
    }
}
