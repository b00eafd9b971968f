using System;

namespace NetGen.Onnx.Import
{
    /// <summary>Why the protocol-buffer wire format of a file could not be read.</summary>
    internal sealed class ProtoFormatException : Exception
    {
        public ProtoFormatException(string message, bool truncated)
            : base(message)
        {
            Truncated = truncated;
        }

        /// <summary>Whether a length or a value runs past the end of its enclosing message (the file was cut short).</summary>
        public bool Truncated { get; }
    }

    /// <summary>
    /// A forward-only reader of one protocol-buffer message held in <c>data[start..end)</c>: field keys, varints,
    /// fixed 32/64-bit values and length-delimited fields. Every read is bounds-checked against the message's end, so a
    /// corrupt or cut-off file fails with <see cref="ProtoFormatException"/> instead of reading past it; nested messages
    /// are new readers over a sub-range, so nothing recurses. Shared by the build-time importer and NetGen.Onnx
    /// (compiled into both), hence netstandard2.0 C# with no spans.
    /// </summary>
    internal struct ProtoReader
    {
        public const int WireVarint = 0;
        public const int WireFixed64 = 1;
        public const int WireLengthDelimited = 2;
        public const int WireFixed32 = 5;

        private readonly byte[] _data;
        private readonly int _end;
        private int _position;

        public ProtoReader(byte[] data, int start, int end)
        {
            if (start < 0 || end < start || end > data.Length)
            {
                throw new ProtoFormatException("a message's range lies outside the file", truncated: true);
            }

            _data = data;
            _position = start;
            _end = end;
        }

        public ProtoReader(byte[] data)
            : this(data, 0, data.Length)
        {
        }

        /// <summary>The offset of the next unread byte in the file.</summary>
        public int Position => _position;

        /// <summary>Whether the whole message has been read.</summary>
        public bool AtEnd => _position >= _end;

        /// <summary>Reads the next field's key; false at the end of the message.</summary>
        public bool Next(out int field, out int wireType)
        {
            if (_position >= _end)
            {
                field = 0;
                wireType = 0;
                return false;
            }

            ulong key = ReadVarint();
            wireType = (int)(key & 7);
            ulong number = key >> 3;
            if (number == 0 || number > 536870911)
            {
                throw new ProtoFormatException("a field number is 0 or out of range", truncated: false);
            }

            if (wireType is not (WireVarint or WireFixed64 or WireLengthDelimited or WireFixed32))
            {
                throw new ProtoFormatException($"field {number} has the unsupported wire type {wireType}", truncated: false);
            }

            field = (int)number;
            return true;
        }

        public ulong ReadVarint()
        {
            ulong value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (_position >= _end)
                {
                    throw new ProtoFormatException("a varint runs past the end of its message", truncated: true);
                }

                byte b = _data[_position++];
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }

            throw new ProtoFormatException("a varint is longer than 10 bytes", truncated: false);
        }

        public long ReadInt64() => (long)ReadVarint();

        public uint ReadFixed32()
        {
            Require(4);
            uint value = (uint)(_data[_position] | (_data[_position + 1] << 8) | (_data[_position + 2] << 16) | (_data[_position + 3] << 24));
            _position += 4;
            return value;
        }

        public ulong ReadFixed64()
        {
            ulong low = ReadFixed32();
            ulong high = ReadFixed32();
            return low | (high << 32);
        }

        /// <summary>Reads a length-delimited field's bounds: its content is <c>data[start..start+length)</c>, now skipped.</summary>
        public void ReadLengthDelimited(out int start, out int length)
        {
            ulong raw = ReadVarint();
            if (raw > (ulong)(_end - _position))
            {
                throw new ProtoFormatException("a length runs past the end of its message", truncated: true);
            }

            start = _position;
            length = (int)raw;
            _position += length;
        }

        /// <summary>A reader over the length-delimited field that comes next (a nested message).</summary>
        public ProtoReader ReadMessage()
        {
            ReadLengthDelimited(out int start, out int length);
            return new ProtoReader(_data, start, start + length);
        }

        public string ReadString()
        {
            ReadLengthDelimited(out int start, out int length);
            try
            {
                return Utf8.GetString(_data, start, length);
            }
            catch (ArgumentException)
            {
                throw new ProtoFormatException("a string is not valid UTF-8", truncated: false);
            }
        }

        /// <summary>Skips a field of the given wire type.</summary>
        public void Skip(int wireType)
        {
            switch (wireType)
            {
                case WireVarint:
                    ReadVarint();
                    break;
                case WireFixed64:
                    Require(8);
                    _position += 8;
                    break;
                case WireFixed32:
                    Require(4);
                    _position += 4;
                    break;
                default:
                    ReadLengthDelimited(out _, out _);
                    break;
            }
        }

        /// <summary>The file's bytes, for reading packed arrays found with <see cref="ReadLengthDelimited"/>.</summary>
        public byte[] Data => _data;

        private void Require(int count)
        {
            if (_end - _position < count)
            {
                throw new ProtoFormatException("a fixed-size value runs past the end of its message", truncated: true);
            }
        }

        private static readonly System.Text.UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    }
}
