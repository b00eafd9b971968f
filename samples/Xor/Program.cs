namespace NetGen.Samples.Xor
{
    internal static class Program
    {
        private const string Usage = """
            Trains the 3-4-1 sigmoid network on XOR from 100 different seeds and counts the runs that learn it.

            Usage: dotnet run --project samples/Xor [-c Release] [-- options]
              --verbose     a line for every run instead of one per ten
            """;

        private static int Main(string[] args) =>
            SampleProgram.Run(args, Usage, XorOptions.Parse, XorSample.Run, r => r.Succeeded);
    }
}
