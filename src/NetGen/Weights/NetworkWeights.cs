using System;
using System.IO;
using System.Numerics;
using System.Text;

namespace NetGen
{
    /// <summary>
    /// Saves and loads the parameters of any generated network in NetGen's versioned, checked weights format
    /// (docs/weights-format.md): a binary form and a text form with the same content.
    /// </summary>
    /// <example>
    /// <code>
    /// var net = new SquareNet();
    /// // ... train ...
    /// net.Save("square.weights");                          // binary, atomic
    /// net.Save("square.weights.txt", WeightsFormat.Text);  // for review and diffs
    /// var restored = new SquareNet();
    /// restored.Load("square.weights");                     // either form; checked before anything is changed
    /// </code>
    /// </example>
    public static class NetworkWeights
    {
        /// <summary>The format version this NetGen writes; it reads this version and older ones.</summary>
        public const int FormatVersion = WeightsLayout.Version;

        /// <summary>
        /// Writes the network's parameters to <paramref name="path"/>, atomically: the content goes to a temporary
        /// file beside the target, is flushed to disk and then renamed over the target. If anything fails, the
        /// previous file is left exactly as it was and the temporary file is removed.
        /// </summary>
        /// <param name="network">The network to save.</param>
        /// <param name="path">The file to create or replace. Its directory must exist.</param>
        /// <param name="format">Binary (the default) or text.</param>
        /// <typeparam name="T">The network's floating-point type, <see cref="float"/> or <see cref="double"/>.</typeparam>
        /// <exception cref="IOException">The file could not be written; the previous file is unchanged.</exception>
        public static void Save<T>(this INetwork<T> network, string path, WeightsFormat format = WeightsFormat.Binary)
            where T : unmanaged, IFloatingPointIeee754<T> =>
            Save(network, path, format, WeightsFileSystem.Default);

        /// <summary>
        /// Writes the network's parameters to <paramref name="destination"/> at its current position. This is not
        /// atomic: use <see cref="Save{T}(INetwork{T}, string, WeightsFormat)"/> to replace a file safely.
        /// </summary>
        /// <param name="network">The network to save.</param>
        /// <param name="destination">A writable stream; it is flushed, not closed.</param>
        /// <param name="format">Binary (the default) or text.</param>
        /// <typeparam name="T">The network's floating-point type, <see cref="float"/> or <see cref="double"/>.</typeparam>
        public static void Save<T>(this INetwork<T> network, Stream destination, WeightsFormat format = WeightsFormat.Binary)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(destination);
            byte[] content = Encode(network, format);
            destination.Write(content);
            destination.Flush();
        }

        /// <summary>
        /// Reads parameters from <paramref name="path"/>, in either form, into the network. Everything is checked
        /// first (signature, version, precision, topology, length, checksums); only then are the parameters replaced.
        /// Loading while other threads call <c>Predict</c> on the same network is safe: each of their outputs is computed
        /// from the old parameters or from the new ones, never from a mix (training at the same time is not).
        /// </summary>
        /// <param name="network">The network to load into; its precision and topology must be the file's.</param>
        /// <param name="path">A file written by <c>Save</c>.</param>
        /// <typeparam name="T">The network's floating-point type, <see cref="float"/> or <see cref="double"/>.</typeparam>
        /// <exception cref="WeightsFormatException">
        /// The file is not a NetGen weights file, is of a newer format version, holds another precision or topology,
        /// is truncated, too long or corrupt. The message names the file and the problem; the parameters are unchanged.
        /// </exception>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        public static void Load<T>(this INetwork<T> network, string path)
            where T : unmanaged, IFloatingPointIeee754<T> =>
            Load(network, path, WeightsFileSystem.Default);

        /// <summary>
        /// Reads parameters, in either form, from <paramref name="source"/> to its end into the network, checking
        /// everything first as <see cref="Load{T}(INetwork{T}, string)"/> does.
        /// </summary>
        /// <param name="network">The network to load into; its precision and topology must be the stream's.</param>
        /// <param name="source">A readable stream positioned at the start of the weights.</param>
        /// <param name="sourceName">A name for the stream in error messages and in <see cref="WeightsFormatException.Path"/>.</param>
        /// <typeparam name="T">The network's floating-point type, <see cref="float"/> or <see cref="double"/>.</typeparam>
        /// <exception cref="WeightsFormatException">The content cannot be loaded; the parameters are unchanged.</exception>
        public static void Load<T>(this INetwork<T> network, Stream source, string? sourceName = null)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(source);
            LoadCore(network, source, sourceName);
        }

        internal static void Save<T>(INetwork<T> network, string path, WeightsFormat format, WeightsFileSystem fileSystem)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            byte[] content = Encode(network, format);
            fileSystem.WriteAtomically(path, content);
        }

        internal static void Load<T>(INetwork<T> network, string path, WeightsFileSystem fileSystem)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(network);
            ArgumentException.ThrowIfNullOrEmpty(path);
            using Stream stream = fileSystem.OpenRead(path);
            LoadCore(network, stream, path);
        }

        /// <summary>The whole file, binary or text, for the network's current parameters.</summary>
        internal static byte[] Encode<T>(INetwork<T> network, WeightsFormat format)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(network);
            if (format is not (WeightsFormat.Binary or WeightsFormat.Text))
            {
                throw new ArgumentOutOfRangeException(nameof(format), format, "The format is Binary or Text.");
            }

            NetworkInfo info = CheckNetwork(network);
            var header = WeightsHeader.FromInfo(info);
            byte[] parameters = ParameterBytes.ToLittleEndian<T>(network.Parameters);
            byte[] binary = WeightsLayout.Encode(header, parameters);
            return format == WeightsFormat.Binary
                ? binary
                : Encoding.ASCII.GetBytes(WeightsText.Encode(header, parameters, WeightsLayout.StoredChecksum(binary)));
        }

        private static void LoadCore<T>(INetwork<T> network, Stream source, string? sourceName)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(network);
            NetworkInfo info = CheckNetwork(network);
            var context = new WeightsReadContext(sourceName, info.Name, WeightsHeader.FromInfo(info));
            long limit = SizeLimit(context.Expected);
            byte[] file = WeightsFileSystem.ReadAtMost(source, limit);
            ReadOnlySpan<byte> parameters = Decode(file, context, limit);

            // Every check has passed: only now does the network change, under its guard, so that a Predict running on
            // another thread sees either the old parameters or the new ones, never a mix.
            ParameterGuard? guard = network.ParameterGuard;
            guard?.BeginWrite();
            try
            {
                ParameterBytes.FromLittleEndian(parameters, network.Parameters);
            }
            finally
            {
                guard?.EndWrite();
            }
        }

        /// <summary>
        /// The most bytes a file for this network may have: the binary form is far smaller, and the text form's
        /// lines are at most about 45 bytes per value; the rest is room for comments.
        /// </summary>
        internal static long SizeLimit(WeightsHeader header) => WeightsLayout.SizeLimit(header);

        /// <summary>Checks <paramref name="file"/> in either form and returns the parameters' little-endian bytes.</summary>
        internal static ReadOnlySpan<byte> Decode(byte[] file, WeightsReadContext context, long limit)
        {
            ReadOnlySpan<byte> f = file;
            ReadOnlySpan<byte> text = f.StartsWith(Utf8Bom) ? f[Utf8Bom.Length..] : f;
            bool binary = f.StartsWith(Signature);
            bool isText = text.StartsWith(TextMagic);
            if (f.Length > limit)
            {
                throw binary || isText
                    ? context.Fail(WeightsProblem.TrailingData,
                        $"the file is too long: a weights file for {context.NetworkName} has at most {WeightsReadContext.Bytes(limit)}, this one has more")
                    : NotWeightsFile(f, context);
            }

            if (binary)
            {
                return f[BinaryWeights.Read(file, context)];
            }

            if (isText)
            {
                // One char per byte: a byte above 127 stays visible and is rejected outside comments by the shared reader.
                return WeightsText.Read(Encoding.Latin1.GetString(text), context);
            }

            if (Signature.StartsWith(f) || TextMagic.StartsWith(text))
            {
                throw context.Fail(WeightsProblem.Truncated,
                    $"the file is truncated: expected {WeightsReadContext.Bytes(context.ExpectedBinaryLength)} (binary form), found {WeightsReadContext.Bytes(f.Length)}");
            }

            throw NotWeightsFile(f, context);
        }

        private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

        private static readonly byte[] SignatureBytes = WeightsLayout.Signature();

        private static ReadOnlySpan<byte> Signature => SignatureBytes;

        private static ReadOnlySpan<byte> TextMagic => "netgen-weights"u8;

        private static WeightsFormatException NotWeightsFile(ReadOnlySpan<byte> file, WeightsReadContext context)
        {
            ReadOnlySpan<byte> head = file[..Math.Min(file.Length, 8)];
            string damaged = head.Length == 8 && head[1..4].SequenceEqual(Signature[1..4])
                ? "; its signature looks damaged, as by a transfer in text mode that changed line endings"
                : string.Empty;
            return context.Fail(WeightsProblem.NotWeightsFile,
                $"it is not a NetGen weights file: it starts with {HexBytes(head)}, not with the signature {HexBytes(Signature)} " +
                $"of the binary form nor with the line '{WeightsLayout.TextMagic} <version>' of the text form{damaged}");
        }

        private static string HexBytes(ReadOnlySpan<byte> bytes)
        {
            var sb = new StringBuilder();
            foreach (byte b in bytes)
            {
                sb.Append(sb.Length == 0 ? string.Empty : " ").Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }

            return sb.ToString();
        }

        /// <summary>The network's info, after checking that its type parameter, precision and parameter span agree.</summary>
        private static NetworkInfo CheckNetwork<T>(INetwork<T> network)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            NetworkInfo info = network.Info;
            Precision precision = ParameterBytes.SizeOf<T>() == 8 ? Precision.Double : Precision.Single;
            if (info.Precision != precision)
            {
                throw new InvalidOperationException(
                    $"{info.Name} declares {info.Precision} precision but implements INetwork<{typeof(T).Name}>.");
            }

            if (network.Parameters.Length != info.ParameterCount)
            {
                throw new InvalidOperationException(
                    $"{info.Name} declares {info.ParameterCount} parameters but its Parameters span holds {network.Parameters.Length}.");
            }

            return info;
        }
    }
}
