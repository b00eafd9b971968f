using System;
using NetGen;

// y = x² on [0, 1]: the first seed's problem, with the fix (Identity output) applied.
const int Points = 201;
var xs = new float[Points];
var ys = new float[Points];
for (int i = 0; i < Points; i++)
{
    xs[i] = i / (float)(Points - 1);
    ys[i] = xs[i] * xs[i];
}

var net = new SquareNet();
Console.WriteLine(SquareNet.NetworkInfo);
float learningRate = 0.05f;
for (int epoch = 0; epoch <= 2000; epoch++)
{
    net.ZeroGradients();
    float loss = net.AccumulateGradientsBatch(xs, ys, Points) / Points;
    Span<float> p = net.Parameters;
    ReadOnlySpan<float> g = net.Gradients;
    for (int i = 0; i < p.Length; i++)
    {
        p[i] -= learningRate * g[i] / Points;
    }

    if (epoch % 200 == 0)
    {
        Console.WriteLine($"epoch {epoch,5}  loss {loss:E3}");
    }
}

[Network(Loss.MeanSquaredError)]
[Input(1)]
[Dense(64, Activation.LeakyReLU)]
[Dense(1)]
public partial class SquareNet;
