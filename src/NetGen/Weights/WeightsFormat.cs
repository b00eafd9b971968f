// The enums are compiled into the runtime (public); WeightsProblem is also linked into the generator (internal).

namespace NetGen
{
#if !NETGEN_GENERATOR
    /// <summary>The two encodings of a NetGen weights file (see docs/weights-format.md). Both hold the same content.</summary>
    public enum WeightsFormat
    {
        /// <summary>Compact and fast: a checked header, the parameters as little-endian IEEE 754 values, a CRC-32.</summary>
        Binary = 0,

        /// <summary>
        /// Line-oriented ASCII for review, diffs and build-time use: each value as its round-trip decimal and the hex of
        /// its bits, which is authoritative, so every <see cref="float"/> and <see cref="double"/> round-trips exactly.
        /// </summary>
        Text = 1,
    }
#endif

    /// <summary>Why a weights file was rejected; see <see cref="WeightsFormatException.Problem"/>.</summary>
#if NETGEN_GENERATOR
    internal
#else
    public
#endif
    enum WeightsProblem
    {
        /// <summary>The file starts with neither the binary signature nor the text form's first line.</summary>
        NotWeightsFile = 0,

        /// <summary>The file was written in a format version newer than this NetGen reads.</summary>
        NewerVersion = 1,

        /// <summary>The file ends early: part of it is missing.</summary>
        Truncated = 2,

        /// <summary>The file goes on after its end (bytes after the checksum, or text after the checksum line).</summary>
        TrailingData = 3,

        /// <summary>A checksum does not match the content: the file is corrupt.</summary>
        ChecksumMismatch = 4,

        /// <summary>The content breaks the format's rules (a field out of range, a text line that does not parse, a decimal that disagrees with its bits).</summary>
        Malformed = 5,

        /// <summary>The file holds <see cref="float"/> values and the network uses <see cref="double"/>, or the other way round.</summary>
        PrecisionMismatch = 6,

        /// <summary>The file's input width or layers (units, activations, bias flags, LeakyReLU slopes) differ from the network's.</summary>
        TopologyMismatch = 7,

        /// <summary>A well-formed file holding something NetGen cannot load (an ONNX operator, a safetensors dtype, an unexpected tensor).</summary>
        Unsupported = 8,
    }
}
