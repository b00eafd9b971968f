using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace NetGen.Tests.Execution;

/// <summary>A layer as a test declares it.</summary>
public sealed record TestLayer(int Units, Activation Activation, bool Bias = true, double Alpha = 0.01);

/// <summary>
/// A network as a test declares it: turned into C# attributes for the generator, and read directly by
/// <see cref="ReferenceNetwork"/>, so that the reference never depends on what the generator emitted.
/// </summary>
public sealed record TestTopology(
    string Name,
    Loss Loss,
    Precision Precision,
    int InputSize,
    IReadOnlyList<TestLayer> Layers,
    Unrolling Unrolling = Unrolling.Auto,
    Reduction Reduction = Reduction.Mean)
{
    public int OutputSize => Layers[^1].Units;

    public int ParameterCount
    {
        get
        {
            int count = 0, inputs = InputSize;
            foreach (TestLayer layer in Layers)
            {
                count += (layer.Units * inputs) + (layer.Bias ? layer.Units : 0);
                inputs = layer.Units;
            }

            return count;
        }
    }

    public string ToSource()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"[NetGen.Network(NetGen.Loss.{Loss}, Precision = NetGen.Precision.{Precision}, Unrolling = NetGen.Unrolling.{Unrolling}, Reduction = NetGen.Reduction.{Reduction})]\n");
        sb.Append(CultureInfo.InvariantCulture, $"[NetGen.Input({InputSize})]\n");
        foreach (TestLayer layer in Layers)
        {
            sb.Append(CultureInfo.InvariantCulture, $"[NetGen.Dense({layer.Units}, NetGen.Activation.{layer.Activation}, Bias = {(layer.Bias ? "true" : "false")}, Alpha = {layer.Alpha.ToString("R", CultureInfo.InvariantCulture)})]\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"public partial class {Name};\n");
        return sb.ToString();
    }

    public override string ToString() =>
        $"{Name}: {InputSize}" + string.Concat(Layers.Select(l => $"-{l.Units}{l.Activation}{(l.Bias ? "" : "(nobias)")}")) + $" {Loss} {Precision} {Unrolling}";
}
