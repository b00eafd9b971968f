using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace NetGen.Samples.Digits
{
    /// <summary>
    /// 8x8 digits as the UCI optdigits files hold them: 64 counts of 0 to 16 per digit (the inked pixels of each 4x4
    /// block of a 32x32 bitmap, row by row) and a class 0 to 9.
    /// </summary>
    public sealed class DigitSet
    {
        /// <summary>The number of values per digit.</summary>
        public const int Pixels = 64;

        /// <summary>The largest count a pixel can hold.</summary>
        public const int MaxCount = 16;

        /// <summary>The name of the training file in an optdigits folder.</summary>
        public const string TrainingFile = "optdigits.tra";

        /// <summary>The name of the test file in an optdigits folder.</summary>
        public const string TestFile = "optdigits.tes";

        /// <summary>Wraps counts (<see cref="Pixels"/> per digit, row by row) and their classes.</summary>
        /// <exception cref="ArgumentException">The lengths do not match, or a count or class is out of range.</exception>
        public DigitSet(byte[] counts, int[] labels)
        {
            ArgumentNullException.ThrowIfNull(counts);
            ArgumentNullException.ThrowIfNull(labels);
            if (counts.Length != labels.Length * Pixels)
            {
                throw new ArgumentException($"{counts.Length} counts for {labels.Length} digits; each digit needs {Pixels}.", nameof(counts));
            }

            foreach (byte c in counts)
            {
                if (c > MaxCount)
                {
                    throw new ArgumentException($"A count is {c}; counts go from 0 to {MaxCount}.", nameof(counts));
                }
            }

            foreach (int label in labels)
            {
                if (label is < 0 or > 9)
                {
                    throw new ArgumentException($"A class is {label}; classes go from 0 to 9.", nameof(labels));
                }
            }

            Counts = counts;
            Labels = labels;
        }

        /// <summary>The counts, <see cref="Pixels"/> per digit.</summary>
        public byte[] Counts { get; }

        /// <summary>The classes, one per digit.</summary>
        public int[] Labels { get; }

        /// <summary>The number of digits.</summary>
        public int Count => Labels.Length;

        /// <summary>
        /// Reads an optdigits file: one digit per line, 65 comma-separated integers (64 counts of 0 to 16, then the
        /// class). Blank lines are skipped.
        /// </summary>
        /// <exception cref="FormatException">A line is not in that form; the message names the file and the line.</exception>
        public static DigitSet Load(string path)
        {
            ArgumentNullException.ThrowIfNull(path);
            var counts = new List<byte>();
            var labels = new List<int>();
            int lineNumber = 0;
            foreach (string line in File.ReadLines(path))
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                string[] fields = line.Split(',');
                if (fields.Length != Pixels + 1)
                {
                    throw Bad($"has {fields.Length} values; an optdigits line has {Pixels + 1} (64 counts, then the class)");
                }

                for (int i = 0; i <= Pixels; i++)
                {
                    int max = i < Pixels ? MaxCount : 9;
                    if (!int.TryParse(fields[i], NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out int value) || value > max)
                    {
                        throw Bad($"value {i + 1} is '{fields[i].Trim()}'; it must be an integer from 0 to {max}");
                    }

                    if (i < Pixels)
                    {
                        counts.Add((byte)value);
                    }
                    else
                    {
                        labels.Add(value);
                    }
                }
            }

            if (labels.Count == 0)
            {
                throw new FormatException($"{path} holds no digits.");
            }

            return new DigitSet(counts.ToArray(), labels.ToArray());

            FormatException Bad(string what) => new($"{path}, line {lineNumber}: the line {what}.");
        }

        /// <summary>
        /// Looks for a folder <c>shared/data/optdigits</c> holding both files in each of <paramref name="startDirectories"/>
        /// and their parents, nearest first: from a repository checked out beside <c>shared/</c> that is
        /// <c>../shared/data/optdigits</c> from the repository root. Returns <c>null</c> when there is none.
        /// </summary>
        public static string? FindSharedData(IEnumerable<string> startDirectories)
        {
            ArgumentNullException.ThrowIfNull(startDirectories);
            foreach (string start in startDirectories)
            {
                for (DirectoryInfo? dir = new(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
                {
                    string candidate = Path.Combine(dir.FullName, "shared", "data", "optdigits");
                    if (HasFiles(candidate))
                    {
                        return candidate;
                    }
                }
            }

            return null;
        }

        /// <summary>Whether <paramref name="directory"/> holds both optdigits files.</summary>
        public static bool HasFiles(string directory) =>
            File.Exists(Path.Combine(directory, TrainingFile)) && File.Exists(Path.Combine(directory, TestFile));
    }
}
