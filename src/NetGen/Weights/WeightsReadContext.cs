using System.Globalization;

namespace NetGen
{
    /// <summary>What a reader knows while it checks a file: where the file came from and the network it is meant for.</summary>
    internal sealed class WeightsReadContext
    {
        public WeightsReadContext(string? source, string networkName, WeightsHeader expected)
        {
            Source = source;
            NetworkName = networkName;
            Expected = expected;
        }

        /// <summary>The file's path or the stream's name; <see langword="null"/> for an unnamed stream.</summary>
        public string? Source { get; }

        public string NetworkName { get; }

        /// <summary>The network's own header: what the file must hold.</summary>
        public WeightsHeader Expected { get; }

        /// <summary>The exact length of a binary file for this network.</summary>
        public long ExpectedBinaryLength => BinaryWeights.FileLength(Expected);

        /// <summary>An exception whose message names the file, the network and the problem.</summary>
        public WeightsFormatException Fail(WeightsProblem problem, string detail)
        {
            string from = Source is null ? "a stream" : $"'{Source}'";
            return new WeightsFormatException($"Cannot load weights from {from} into {NetworkName}: {detail}.", Source, problem);
        }

        /// <summary>Fails with both descriptions when the file's header is not the network's.</summary>
        public void CheckMatches(WeightsHeader file)
        {
            string? difference = file.FirstDifference(Expected, NetworkName);
            if (difference is not null)
            {
                WeightsProblem problem = file.Precision != Expected.Precision ? WeightsProblem.PrecisionMismatch : WeightsProblem.TopologyMismatch;
                throw Fail(problem, $"{difference}. File: {file.Describe()}; {NetworkName}: {Expected.Describe()}");
            }
        }

        public static string Bytes(long count) => count.ToString("N0", CultureInfo.InvariantCulture) + (count == 1 ? " byte" : " bytes");
    }
}
