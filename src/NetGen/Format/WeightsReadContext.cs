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
        public long ExpectedBinaryLength => WeightsLayout.FileLength(Expected);

        /// <summary>
        /// The exception for a problem: the one point where the runtime and the generator differ. The runtime throws
        /// <see cref="WeightsFormatException"/> with a message that names the file, the network and the problem; the
        /// generator turns its own exception into a diagnostic at the attribute.
        /// </summary>
        /// <param name="problem">What kind of problem.</param>
        /// <param name="detail">What is wrong, as a phrase.</param>
        /// <param name="file">The file's header when the problem is that it does not match the network.</param>
#if NETGEN_GENERATOR
        public WeightsFileException Fail(WeightsProblem problem, string detail, WeightsHeader? file = null) => new(problem, detail, file);
#else
        public WeightsFormatException Fail(WeightsProblem problem, string detail, WeightsHeader? file = null)
        {
            _ = file;
            string from = Source is null ? "a stream" : $"'{Source}'";
            return new WeightsFormatException($"Cannot load weights from {from} into {NetworkName}: {detail}.", Source, problem);
        }
#endif

        /// <summary>Fails with both descriptions when the file's header is not the network's.</summary>
        public void CheckMatches(WeightsHeader file)
        {
            string? difference = file.FirstDifference(Expected, NetworkName);
            if (difference is not null)
            {
                WeightsProblem problem = file.Precision != Expected.Precision ? WeightsProblem.PrecisionMismatch : WeightsProblem.TopologyMismatch;
                throw Fail(problem, $"{difference}. File: {file.Describe()}; {NetworkName}: {Expected.Describe()}", file);
            }
        }

        /// <summary>Rejects version 0 and versions newer than <see cref="WeightsLayout.Version"/> (the one check shared by every version).</summary>
        public void CheckVersion(long version)
        {
            if (version < 1)
            {
                throw Fail(WeightsProblem.Malformed, $"it declares format version {version.ToString(CultureInfo.InvariantCulture)}, which does not exist");
            }

            if (version > WeightsLayout.Version)
            {
                throw Fail(WeightsProblem.NewerVersion,
                    $"it was written in format version {version.ToString(CultureInfo.InvariantCulture)}, newer than this NetGen reads (version {WeightsLayout.Version.ToString(CultureInfo.InvariantCulture)} and older); update NetGen to load it");
            }
        }

        public static string Bytes(long count) => count.ToString("N0", CultureInfo.InvariantCulture) + (count == 1 ? " byte" : " bytes");
    }

#if NETGEN_GENERATOR
    /// <summary>The generator's form of a rejected weights file: the same problem and detail the runtime would throw.</summary>
    internal sealed class WeightsFileException : System.Exception
    {
        public WeightsFileException(WeightsProblem problem, string detail, WeightsHeader? file)
            : base(detail)
        {
            Problem = problem;
            Detail = detail;
            File = file;
        }

        public WeightsProblem Problem { get; }

        public string Detail { get; }

        /// <summary>The file's header, for a precision or topology mismatch.</summary>
        public WeightsHeader? File { get; }
    }
#endif
}
