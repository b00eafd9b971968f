using NetGen;

namespace NetGen.Tests;

[Network(Loss.MeanSquaredError)]
[Input(2)]
[Dense(3, Activation.ReLU)]
[Dense(1)]
public partial class SmokeNet;

public class SmokeTests
{
    [Fact]
    public void SmokeNet_Generated_HasConstants()
    {
        Assert.Equal(2, SmokeNet.InputSize);
        Assert.Equal(13, SmokeNet.ParameterCount);
    }
}
