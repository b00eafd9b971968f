namespace NetGen.Samples.SquareFit
{
    internal static class Program
    {
        private const string Usage = """
            Trains a 1-64-1 network on y = x² over [0, 1] and plots the fit and the loss.

            Usage: dotnet run --project samples/SquareFit [-c Release] [-- options]
              --out DIR     where to write fit.png and loss.png (default: artifacts/SquareFit under the current directory)
              --no-plots    train and report only
            """;

        private static int Main(string[] args) =>
            SampleProgram.Run(args, Usage, SquareFitOptions.Parse, SquareFitSample.Run, r => r.Succeeded);
    }
}
