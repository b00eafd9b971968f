using System;
using System.Reflection;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Execution;

/// <summary>Drives a generated network of either precision through doubles, so that one test body serves both.</summary>
public abstract class Adapter
{
    public abstract double[] Parameters { get; }

    public abstract double[] Gradients { get; }

    public static Adapter Create(Assembly assembly, TestTopology topology) =>
        topology.Precision == Precision.Single
            ? new FloatAdapter(GeneratorHarness.Create<float>(assembly, topology.Name))
            : new DoubleAdapter(GeneratorHarness.Create<double>(assembly, topology.Name));

    public abstract double[] Predict(double[] input);

    public abstract double AccumulateGradients(double[] input, double[] target);

    public abstract void ZeroGradients();

    /// <summary>Overwrites every parameter (rounded to the network's precision).</summary>
    public abstract void SetParameters(double[] values);

    private sealed class FloatAdapter(INetwork<float> net) : Adapter
    {
        public override double[] Parameters => Array.ConvertAll(net.Parameters.ToArray(), v => (double)v);

        public override double[] Gradients => Array.ConvertAll(net.Gradients.ToArray(), v => (double)v);

        public override double[] Predict(double[] input)
        {
            var output = new float[net.OutputSize];
            net.Predict(Array.ConvertAll(input, v => (float)v), output);
            return Array.ConvertAll(output, v => (double)v);
        }

        public override double AccumulateGradients(double[] input, double[] target) =>
            net.AccumulateGradients(Array.ConvertAll(input, v => (float)v), Array.ConvertAll(target, v => (float)v));

        public override void ZeroGradients() => net.ZeroGradients();

        public override void SetParameters(double[] values) => Array.ConvertAll(values, v => (float)v).CopyTo(net.Parameters);
    }

    private sealed class DoubleAdapter(INetwork<double> net) : Adapter
    {
        public override double[] Parameters => net.Parameters.ToArray();

        public override double[] Gradients => net.Gradients.ToArray();

        public override double[] Predict(double[] input)
        {
            var output = new double[net.OutputSize];
            net.Predict(input, output);
            return output;
        }

        public override double AccumulateGradients(double[] input, double[] target) => net.AccumulateGradients(input, target);

        public override void ZeroGradients() => net.ZeroGradients();

        public override void SetParameters(double[] values) => values.CopyTo(net.Parameters);
    }
}
