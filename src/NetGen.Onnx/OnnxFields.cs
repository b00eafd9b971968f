namespace NetGen.Onnx
{
    /// <summary>
    /// The field numbers and enum values of the ONNX messages the exporter writes, as the public ONNX IR specification
    /// defines them. Only the fields NetGen uses are listed.
    /// </summary>
    internal static class OnnxFields
    {
        /// <summary>ModelProto: the file's top-level message.</summary>
        internal static class Model
        {
            public const int IrVersion = 1;
            public const int ProducerName = 2;
            public const int ProducerVersion = 3;
            public const int Domain = 4;
            public const int ModelVersion = 5;
            public const int DocString = 6;
            public const int Graph = 7;
            public const int OpsetImport = 8;
            public const int MetadataProps = 14;
        }

        /// <summary>OperatorSetIdProto.</summary>
        internal static class OperatorSetId
        {
            public const int Domain = 1;
            public const int Version = 2;
        }

        /// <summary>StringStringEntryProto (metadata).</summary>
        internal static class StringStringEntry
        {
            public const int Key = 1;
            public const int Value = 2;
        }

        /// <summary>GraphProto.</summary>
        internal static class Graph
        {
            public const int Node = 1;
            public const int Name = 2;
            public const int Initializer = 5;
            public const int DocString = 10;
            public const int Input = 11;
            public const int Output = 12;
        }

        /// <summary>NodeProto.</summary>
        internal static class Node
        {
            public const int Input = 1;
            public const int Output = 2;
            public const int Name = 3;
            public const int OpType = 4;
            public const int Attribute = 5;
            public const int DocString = 6;
        }

        /// <summary>AttributeProto.</summary>
        internal static class Attribute
        {
            public const int Name = 1;
            public const int F = 2;
            public const int I = 3;
            public const int Type = 20;

            /// <summary>AttributeProto.AttributeType.FLOAT.</summary>
            public const int TypeFloat = 1;

            /// <summary>AttributeProto.AttributeType.INT.</summary>
            public const int TypeInt = 2;
        }

        /// <summary>TensorProto.</summary>
        internal static class Tensor
        {
            public const int Dims = 1;
            public const int DataType = 2;
            public const int Name = 8;
            public const int RawData = 9;

            /// <summary>TensorProto.DataType.FLOAT.</summary>
            public const int TypeFloat = 1;

            /// <summary>TensorProto.DataType.DOUBLE.</summary>
            public const int TypeDouble = 11;
        }

        /// <summary>ValueInfoProto.</summary>
        internal static class ValueInfo
        {
            public const int Name = 1;
            public const int Type = 2;
            public const int DocString = 3;
        }

        /// <summary>TypeProto, with its <c>Tensor</c> member.</summary>
        internal static class Type
        {
            public const int TensorType = 1;
            public const int TensorElemType = 1;
            public const int TensorShape = 2;
        }

        /// <summary>TensorShapeProto, with its <c>Dimension</c> member.</summary>
        internal static class Shape
        {
            public const int Dim = 1;
            public const int DimValue = 1;
            public const int DimParam = 2;
        }
    }
}
