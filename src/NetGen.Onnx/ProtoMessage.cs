using System;
using System.IO;
using Google.Protobuf;

namespace NetGen.Onnx
{
    /// <summary>
    /// Builds one protobuf message field by field with <see cref="CodedOutputStream"/>: just enough of the wire format
    /// for ONNX's messages (varints, 32- and 64-bit floats, strings, bytes and nested messages). Repeated scalar fields
    /// are written unpacked, one tag per value, as proto2 (the ONNX schema's syntax) writes them.
    /// </summary>
    internal sealed class ProtoMessage
    {
        private readonly MemoryStream _buffer = new();
        private readonly CodedOutputStream _output;

        public ProtoMessage() => _output = new CodedOutputStream(_buffer, leaveOpen: true);

        /// <summary>An int32, int64 or enum field (varint).</summary>
        public ProtoMessage Int64(int field, long value)
        {
            _output.WriteTag(field, WireFormat.WireType.Varint);
            _output.WriteInt64(value);
            return this;
        }

        /// <summary>A <c>float</c> field (fixed 32 bits).</summary>
        public ProtoMessage Float(int field, float value)
        {
            _output.WriteTag(field, WireFormat.WireType.Fixed32);
            _output.WriteFloat(value);
            return this;
        }

        /// <summary>A <c>string</c> field (UTF-8, length-delimited).</summary>
        public ProtoMessage String(int field, string value)
        {
            _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            _output.WriteString(value);
            return this;
        }

        /// <summary>A <c>bytes</c> field (length-delimited).</summary>
        public ProtoMessage Bytes(int field, byte[] value)
        {
            _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            _output.WriteBytes(UnsafeByteOperations.UnsafeWrap(value));
            return this;
        }

        /// <summary>A nested message field (length-delimited).</summary>
        public ProtoMessage Message(int field, ProtoMessage value) => Bytes(field, value.ToArray());

        /// <summary>The encoded message.</summary>
        public byte[] ToArray()
        {
            _output.Flush();
            return _buffer.ToArray();
        }
    }
}
