using System;
using System.IO;

namespace NetGen.Onnx
{
    /// <summary>
    /// Writes a model file atomically. The file operations are virtual so that tests can make any of them fail and
    /// check that no partial file is left.
    /// </summary>
    internal class OnnxFileSystem
    {
        public static readonly OnnxFileSystem Default = new();

        /// <summary>Creates a new file for writing; fails if it exists.</summary>
        public virtual Stream CreateNew(string path) =>
            new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);

        /// <summary>Makes what was written durable.</summary>
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

        /// <summary>Renames <paramref name="source"/> over <paramref name="destination"/> in one step.</summary>
        public virtual void Replace(string source, string destination) => File.Move(source, destination, overwrite: true);

        public virtual void Delete(string path) => File.Delete(path);

        /// <summary>
        /// Writes <paramref name="content"/> to <paramref name="path"/> through a temporary file in the same directory,
        /// flushed and renamed over the target. On failure the temporary file is removed, the target is left as it
        /// was, and the exception names the path and what to check.
        /// </summary>
        public void WriteAtomically(string path, byte[] content)
        {
            string target;
            try
            {
                target = Path.GetFullPath(path);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                throw new ArgumentException($"'{path}' is not a usable file path: {e.Message}", nameof(path), e);
            }

            string? directory = Path.GetDirectoryName(target);
            if (directory is null || Path.GetFileName(target).Length == 0)
            {
                throw new ArgumentException($"'{path}' names a directory, not a file; give a file name such as model.onnx.", nameof(path));
            }

            if (Directory.Exists(target))
            {
                throw new IOException($"Cannot write the ONNX model to '{path}': a directory of that name exists.");
            }

            if (!Directory.Exists(directory))
            {
                throw new DirectoryNotFoundException($"Cannot write the ONNX model to '{path}': the directory '{directory}' does not exist.");
            }

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
            catch (UnauthorizedAccessException e)
            {
                throw new UnauthorizedAccessException(
                    $"Cannot write the ONNX model to '{path}': no permission to create or replace files in '{directory}'. {e.Message}", e);
            }
            catch (IOException e)
            {
                throw new IOException($"Cannot write the ONNX model to '{path}': {e.Message} No partial file was left.", e);
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
                // The write already failed with a better exception than this one.
            }
        }
    }
}
