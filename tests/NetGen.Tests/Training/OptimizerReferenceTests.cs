using System;
using System.Numerics;
using NetGen;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>
/// The vectorised optimizer loops against a scalar transcription of PyTorch's update formulas, on a layout large
/// enough for the vector bodies (973 parameters: 10 → 40 → 13, which leaves a scalar tail after the vectors), over several steps with
/// random gradients. Both compute each element with the same operations in the same order, so they agree bit for bit.
/// </summary>
public class OptimizerReferenceTests
{
    private static readonly NetworkInfo Layout = new(
        "Layout", Loss.MeanSquaredError, Reduction.Mean, Precision.Single, 10,
        new[] { new LayerDeclaration(40, Activation.ReLU), new LayerDeclaration(13, Activation.Identity) });

    [Theory]
    [InlineData("sgd", false)]
    [InlineData("sgd", true)]
    [InlineData("momentum", false)]
    [InlineData("dampened", false)]
    [InlineData("nesterov", true)]
    [InlineData("adam", false)]
    [InlineData("adam", true)]
    [InlineData("amsgrad", true)]
    [InlineData("adamw", false)]
    [InlineData("adamw", true)]
    public void Step_ManyParameters_MatchesScalarReferenceBitForBit(string name, bool decayBiases)
    {
        Check<float>(name, decayBiases);
        Check<double>(name, decayBiases);
    }

    private static void Check<T>(string name, bool decayBiases)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Optimizer settings = name switch
        {
            "sgd" => new Sgd { LearningRate = 0.1, WeightDecay = 0.01, DecayBiases = decayBiases },
            "momentum" => new Sgd { LearningRate = 0.1, Momentum = 0.9, WeightDecay = 0.01, DecayBiases = decayBiases },
            "dampened" => new Sgd { LearningRate = 0.1, Momentum = 0.8, Dampening = 0.3, DecayBiases = decayBiases },
            "nesterov" => new Sgd { LearningRate = 0.1, Momentum = 0.9, Nesterov = true, WeightDecay = 0.02, DecayBiases = decayBiases },
            #pragma warning disable NG3006 // Adam's coupled L2 decay is compared with PyTorch's formula
            "adam" => new Adam { LearningRate = 0.01, WeightDecay = 0.01, DecayBiases = decayBiases },
            #pragma warning restore NG3006
            "amsgrad" => new Adam { LearningRate = 0.01, AmsGrad = true, Beta1 = 0.3, DecayBiases = decayBiases },
            _ => new AdamW { LearningRate = 0.01, DecayBiases = decayBiases },
        };
        int n = Layout.ParameterCount;
        var random = new SeededRandom(17);
        var p = new T[n];
        for (int i = 0; i < n; i++)
        {
            p[i] = T.CreateChecked(random.NextNormal());
        }

        T[] reference = (T[])p.Clone();
        var state = new Reference<T>(settings, n, decayBiases);
        OptimizerState<T> optimizer = settings.CreateState<T>(Layout);
        for (int step = 1; step <= 4; step++)
        {
            var g = new T[n];
            for (int i = 0; i < n; i++)
            {
                g[i] = T.CreateChecked(random.NextNormal() * (i % 7 == 0 ? 0.001 : 1));
            }

            T[] gReference = (T[])g.Clone();
            double lr = settings.LearningRate * (1 - (0.1 * step));
            optimizer.Step(p, g, lr);
            state.Step(reference, gReference, lr);
            Assert.True(TrainingTestData.BitEqual<T>(reference, p), $"{typeof(T).Name} {name}: parameters differ after step {step}");
            Assert.True(TrainingTestData.BitEqual<T>(gReference, g), $"{typeof(T).Name} {name}: gradients differ after step {step}");
        }
    }

    /// <summary>torch.optim.SGD / Adam / AdamW, one element at a time.</summary>
    private sealed class Reference<T>(Optimizer settings, int n, bool decayBiases)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T[] _b = new T[n], _m = new T[n], _v = new T[n], _vMax = new T[n];
        private int _t;

        private static bool IsBias(int i) => (i >= 400 && i < 440) || i >= 960;

        public void Step(T[] p, T[] g, double lr)
        {
            _t++;
            bool decays(int i) => settings.WeightDecay != 0 && (decayBiases || !IsBias(i));
            T lambda = T.CreateChecked(settings.WeightDecay);
            switch (settings)
            {
                case Sgd sgd:
                    T mu = T.CreateChecked(sgd.Momentum), c = T.CreateChecked(1 - sgd.Dampening), minusLr = T.CreateChecked(-lr);
                    for (int i = 0; i < n; i++)
                    {
                        if (decays(i))
                        {
                            g[i] += lambda * p[i];                              // grad = grad.add(param, alpha=wd)
                        }

                        if (sgd.Momentum == 0)
                        {
                            p[i] += minusLr * g[i];                             // param.add_(grad, alpha=-lr)
                            continue;
                        }

                        _b[i] = _t == 1 ? g[i] : (_b[i] * mu) + (c * g[i]);     // buf = clone(grad) | buf.mul_(mu).add_(grad, alpha=1-dampening)
                        p[i] += sgd.Nesterov ? minusLr * (g[i] + (mu * _b[i])) : minusLr * _b[i];
                    }

                    break;

                case Adam adam:
                    bool decoupled = adam is AdamW;
                    T w1 = T.CreateChecked(1 - adam.Beta1), beta2 = T.CreateChecked(adam.Beta2), w2 = T.CreateChecked(1 - adam.Beta2);
                    T bc2Sqrt = T.CreateChecked(Math.Sqrt(1 - Math.Pow(adam.Beta2, _t)));
                    T s = T.CreateChecked(-(lr / (1 - Math.Pow(adam.Beta1, _t))));
                    T eps = T.CreateChecked(adam.Epsilon);
                    T factor = T.CreateChecked(1 - (lr * adam.WeightDecay));
                    for (int i = 0; i < n; i++)
                    {
                        if (decays(i) && decoupled)
                        {
                            p[i] *= factor;                                     // param.mul_(1 - lr*wd)
                        }
                        else if (decays(i))
                        {
                            g[i] += lambda * p[i];
                        }

                        _m[i] = adam.Beta1 > 0.5 ? _m[i] + (w1 * (g[i] - _m[i])) : g[i] - ((g[i] - _m[i]) * (T.One - w1)); // exp_avg.lerp_(grad, 1-beta1)
                        _v[i] = (_v[i] * beta2) + ((w2 * g[i]) * g[i]);          // exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1-beta2)
                        T v = _v[i];
                        if (adam.AmsGrad)
                        {
                            _vMax[i] = T.Max(_vMax[i], v);                      // torch.maximum(max_exp_avg_sqs, exp_avg_sq)
                            v = _vMax[i];
                        }

                        T denom = (T.Sqrt(v) / bc2Sqrt) + eps;                  // (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
                        p[i] += (s * _m[i]) / denom;                            // param.addcdiv_(exp_avg, denom, value=-step_size)
                    }

                    break;
            }
        }
    }
}
