using NetGen;

namespace NetGen.Samples.SquareFit
{
    /// <summary>
    /// The first seed's network, fixed: 1-64-1 with a LeakyReLU hidden layer and an Identity output. The seed put
    /// LeakyReLU on the output layer too, which NG1001 reports.
    /// </summary>
    [Network(Loss.MeanSquaredError)]
    [Input(1)]
    [Dense(64, Activation.LeakyReLU)]
    [Dense(1)]
    public partial class SquareNet;
}
