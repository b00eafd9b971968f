using System;
using System.IO;

namespace NetGen
{
    /// <summary>
    /// The file operations a save and a load of weights make: atomic writes (<see cref="AtomicFileSystem"/>) and reads,
    /// all virtual so that tests can inject faults.
    /// </summary>
    internal class WeightsFileSystem : AtomicFileSystem
    {
        public static readonly WeightsFileSystem Default = new();

        public virtual Stream OpenRead(string path) =>
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);

        /// <summary>
        /// Writes <paramref name="content"/> to <paramref name="path"/> so that the file is, at every moment, either
        /// its previous content or the new one. If anything fails, the previous file is untouched.
        /// </summary>
        public void WriteAtomically(string path, ReadOnlySpan<byte> content)
        {
            string target = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(target) ?? throw new ArgumentException($"'{path}' is not a file path.", nameof(path));
            WriteThroughTemporaryFile(target, directory, content);
        }

        /// <summary>Reads <paramref name="stream"/> to its end, or stops after <paramref name="limit"/> + 1 bytes.</summary>
        public static byte[] ReadAtMost(Stream stream, long limit)
        {
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while (buffer.Length <= limit &&
                   (read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, limit + 1 - buffer.Length))) > 0)
            {
                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }
}
