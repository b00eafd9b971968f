using System;
using System.IO;

namespace NetGen
{
    /// <summary>
    /// Writes whole files atomically: a temporary file beside the target is written, flushed to disk and renamed over
    /// it, so the target holds either its previous bytes or the new ones at every moment. The file operations are
    /// virtual so that tests can inject faults (a stream that fails after N bytes, a flush or a rename that fails) and
    /// check what is left on disk. Shared by weights files and the ONNX export.
    /// </summary>
    internal class AtomicFileSystem
    {
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

        /// <summary>
        /// Writes <paramref name="content"/> to the full path <paramref name="target"/> in <paramref name="directory"/>
        /// through a temporary file. If anything fails, the temporary file is deleted, the previous file is untouched and
        /// the exception propagates.
        /// </summary>
        protected void WriteThroughTemporaryFile(string target, string directory, ReadOnlySpan<byte> content)
        {
            string temp = Path.Combine(directory, $".{Path.GetFileName(target)}.{Random.Shared.Next():x8}.tmp");
            bool created = false, replaced = false;
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
                // The write already failed with a better exception than this one; a leftover temporary file is all that remains.
            }
        }
    }
}
