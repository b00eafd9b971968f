namespace NetGen.Samples.SinCos
{
    internal static class Program
    {
        private const string Usage = """
            Trains 7-10-2 networks on (Σ sin xᵢ, Σ cos xᵢ): first the second seed's setup, which diverges, then fixed ones.

            Usage: dotnet run --project samples/SinCos [-c Release]
            """;

        private static int Main(string[] args) =>
            SampleProgram.Run(args, Usage, SinCosOptions.Parse, SinCosSample.Run, r => r.Succeeded);
    }
}
