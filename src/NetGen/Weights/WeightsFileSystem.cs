using System;
using System.IO;

namespace NetGen
{
    /// <summary>
    /// The file operations a save and a load make, as virtual methods so that tests can inject faults (a stream that
    /// fails after N bytes, a flush or a rename that fails) and check what is left on disk.
    /// </summary>
    internal class WeightsFileSystem
    {
        public static readonly WeightsFileSystem Default = new();

        /// <summary>Creates a new file for writing; fails if it exists.</summary>
        public virtual Stream CreateNew(string path) =>
            new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);

        /// <summary>Makes what was written to <paramref name="stream"/> durable: <see cref="FileStream.Flush(bool)"/> with true.</summary>
        public virtual void FlushToDisk(Stream stream)
        {
            if (stream is FileStream file)
            {
                file.Flush(flushToDisk: true);
            }
            else
            {
                stream.Flush();
            }
        }

        /// <summary>Renames <paramref name="source"/> over <paramref name="destination"/> in one step (rename(2), MoveFileEx).</summary>
        public virtual void Replace(string source, string destination) => File.Move(source, destination, overwrite: true);

        public virtual void Delete(string path) => File.Delete(path);

        public virtual Stream OpenRead(string path) =>
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);

        /// <summary>
        /// Writes <paramref name="content"/> to <paramref name="path"/> so that the file is, at every moment, either
        /// its previous content or the new one: a temporary file beside it is written, flushed to disk and renamed
        /// over it. If anything fails, the temporary file is deleted and the previous file is untouched.
        /// </summary>
        public void WriteAtomically(string path, ReadOnlySpan<byte> content)
        {
            string target = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(target) ?? throw new ArgumentException($"'{path}' is not a file path.", nameof(path));
            string temp = Path.Combine(directory, $".{Path.GetFileName(target)}.{Random.Shared.Next():x8}.tmp");
            bool created = false;
            bool replaced = false;
            try
            {
                using (Stream stream = CreateNew(temp))
                {
                    created = true;
                    stream.Write(content);
                    FlushToDisk(stream);
                }

                Replace(temp, target);
                replaced = true;
            }
            finally
            {
                if (created && !replaced)
                {
                    TryDelete(temp);
                }
            }
        }

        private void TryDelete(string path)
        {
            try
            {
                Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The save already failed with a better exception than this one; a leftover temporary file is all that remains.
            }
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
