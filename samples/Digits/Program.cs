namespace NetGen.Samples.Digits
{
    internal static class Program
    {
        private const string Usage = """
            Trains 64-10-10 and 64-64-10 networks on 8x8 handwritten digits (UCI optdigits) and prints their test accuracy
            and confusion matrices.

            Usage: dotnet run --project samples/Digits [-c Release] [-- options]
              --data DIR    read optdigits.tra and optdigits.tes from DIR
              --synthetic   use digits this sample draws itself, even when the real ones are found
            Without --data, the sample looks for shared/data/optdigits in the parent folders of the current directory
            and of the program (that is ../shared/data/optdigits from the repository root) and falls back to
            synthetic digits when there is none.
            """;

        private static int Main(string[] args) =>
            SampleProgram.Run(args, Usage, DigitsOptions.Parse, DigitsSample.Run, r => r.Succeeded);
    }
}
