using System;
using System.Globalization;
using System.IO;
using System.Text;
using NetGen.Benchmarks.Contenders;

namespace NetGen.Benchmarks;

/// <summary>
/// Writes the six reference networks for the RTNeural harness (benchmarks/rtneural): for each, a text file
/// <c>&lt;net&gt;.txt</c> with the topology, the weights the benchmarks use (<see cref="ReferenceNetworks.Seed"/>), the
/// benchmark input (the data set's first sample) and NetGen's <c>Predict</c> of it, so that the harness runs the same
/// numbers and can check its outputs. Floats are written round-trip exact.
/// </summary>
/// <remarks>
/// Format, whitespace separated: <c>name inputs layers</c>; per layer <c>units activation alpha</c>; per layer its
/// weights row by row (unit-major, NetGen's layout) then its biases (zeros when it has none); the input; the output.
/// </remarks>
public static class ReferenceExport
{
    public static void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (string name in ReferenceNetworks.Main)
        {
            INetwork<float> net = ReferenceNetworks.Create(name);
            float[] input = Datasets.For(name, 1).Input(0).ToArray();
            var output = new float[net.OutputSize];
            net.Predict(input, output);

            NetworkInfo info = net.Info;
            ReadOnlySpan<float> p = net.Parameters;
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"{name} {info.InputSize} {info.Layers.Count}\n");
            foreach (LayerInfo layer in info.Layers)
            {
                text.Append(CultureInfo.InvariantCulture, $"{layer.Units} {layer.Activation} {Format((float)layer.Alpha)}\n");
            }

            foreach (LayerInfo layer in info.Layers)
            {
                for (int j = 0; j < layer.Units; j++)
                {
                    AppendLine(text, p.Slice(layer.WeightOffset + (j * layer.Inputs), layer.Inputs));
                }

                AppendLine(text, layer.HasBias ? p.Slice(layer.BiasOffset, layer.Units) : new float[layer.Units]);
            }

            AppendLine(text, input);
            AppendLine(text, output);
            File.WriteAllText(Path.Combine(directory, name + ".txt"), text.ToString());
        }

        Console.WriteLine($"Wrote {ReferenceNetworks.Main.Count} networks to {Path.GetFullPath(directory)}");
    }

    private static void AppendLine(StringBuilder text, ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            text.Append(i == 0 ? string.Empty : " ").Append(Format(values[i]));
        }

        text.Append('\n');
    }

    private static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);
}
