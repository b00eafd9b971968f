using System;
using System.IO;
using static NetGen.Tests.Weights.WeightsTestHelpers;

namespace NetGen.Tests.Weights;

/// <summary>A save that fails at any point leaves the previous file byte-identical and no temporary file behind.</summary>
public sealed class AtomicSaveTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(WeightsFormat.Binary)]
    [InlineData(WeightsFormat.Text)]
    public void Save_StreamFailsAfterNBytes_OldFileUnchanged(WeightsFormat format)
    {
        string path = _dir.File("square.weights");
        var old = new WeightsSquareNet();
        old.Save(path, format);
        byte[] previous = File.ReadAllBytes(path);
        var net = new WeightsSquareNet();
        net.Initialize(99);
        int length = Encode(net, format).Length;

        // Every N from 0 to the whole file (binary: 828 bytes; text: every 7th of about 4,000), each a fresh save.
        int step = format == WeightsFormat.Binary ? 1 : 7;
        int runs = 0;
        for (int n = 0; n < length; n += step, runs++)
        {
            var fs = new FaultyFileSystem { FailAfterBytes = n };

            var e = Assert.Throws<IOException>(() => NetworkWeights.Save(net, path, format, fs));

            Assert.Equal("injected: disk full", e.Message);
            Assert.Equal(previous, File.ReadAllBytes(path));
            Assert.Equal(["square.weights"], _dir.Files());
            Assert.Equal(fs.Created, fs.Deleted);
        }

        Assert.True(runs >= 500, $"{runs} runs");
    }

    [Theory]
    [InlineData("create")]
    [InlineData("flush")]
    [InlineData("close")]
    [InlineData("rename")]
    public void Save_StepFails_OldFileUnchanged(string step)
    {
        string path = _dir.File("square.weights");
        new WeightsSquareNet().Save(path);
        byte[] previous = File.ReadAllBytes(path);
        var net = new WeightsSquareNet();
        net.Initialize(99);
        var fs = new FaultyFileSystem
        {
            FailCreate = step == "create",
            FailFlush = step == "flush",
            FailClose = step == "close",
            FailReplace = step == "rename",
        };

        var e = Assert.Throws<IOException>(() => NetworkWeights.Save(net, path, WeightsFormat.Binary, fs));

        Assert.StartsWith("injected: " + step, e.Message, StringComparison.Ordinal);
        Assert.Equal(previous, File.ReadAllBytes(path));
        Assert.Equal(["square.weights"], _dir.Files());
    }

    [Fact]
    public void Save_FailsWithoutPreviousFile_LeavesNothing()
    {
        string path = _dir.File("square.weights");
        var fs = new FaultyFileSystem { FailAfterBytes = 100 };

        Assert.Throws<IOException>(() => NetworkWeights.Save(new WeightsSquareNet(), path, WeightsFormat.Binary, fs));

        Assert.Empty(_dir.Files());
    }

    [Fact]
    public void Save_RenameAndCleanupBothFail_ReportsTheRenameAndKeepsOldFile()
    {
        string path = _dir.File("square.weights");
        new WeightsSquareNet().Save(path);
        byte[] previous = File.ReadAllBytes(path);
        var fs = new FaultyFileSystem { FailReplace = true, FailDelete = true };
        var net = new WeightsSquareNet();
        net.Initialize(99);

        var e = Assert.Throws<IOException>(() => NetworkWeights.Save(net, path, WeightsFormat.Binary, fs));

        // The first failure is the one reported; the temporary file the failed clean-up leaves is complete and hidden.
        Assert.Equal("injected: rename failed", e.Message);
        Assert.Equal(previous, File.ReadAllBytes(path));
        string temp = Assert.Single(fs.Created);
        Assert.Equal(_dir.Path, Path.GetDirectoryName(temp));
        Assert.StartsWith(".square.weights.", Path.GetFileName(temp), StringComparison.Ordinal);
        Assert.EndsWith(".tmp", temp, StringComparison.Ordinal);
        Assert.Equal(Encode(net, WeightsFormat.Binary), File.ReadAllBytes(temp));
    }

    [Fact]
    public void Save_CreateFails_DeletesNothing()
    {
        // CreateNew fails when the temporary name is taken: the clean-up must not delete a file this save did not create.
        string path = _dir.File("square.weights");
        var fs = new FaultyFileSystem { FailCreate = true };

        Assert.Throws<IOException>(() => NetworkWeights.Save(new WeightsSquareNet(), path, WeightsFormat.Binary, fs));

        Assert.Empty(fs.Created);
        Assert.Empty(fs.Deleted);
        Assert.Empty(_dir.Files());
    }

    [Fact]
    public void Save_MissingDirectory_ThrowsAndCreatesNothing()
    {
        string path = Path.Combine(_dir.Path, "absent", "square.weights");

        Assert.Throws<DirectoryNotFoundException>(() => new WeightsSquareNet().Save(path));

        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "absent")));
    }

    [Fact]
    public void Save_Succeeds_TemporaryFileIsRenamedNotCopied()
    {
        string path = _dir.File("square.weights");
        var fs = new FaultyFileSystem();
        var net = new WeightsSquareNet();

        NetworkWeights.Save(net, path, WeightsFormat.Binary, fs);

        string temp = Assert.Single(fs.Created);
        Assert.False(File.Exists(temp));
        Assert.Equal(["square.weights"], _dir.Files());
        Assert.Equal(Encode(net, WeightsFormat.Binary), File.ReadAllBytes(path));
    }
}
