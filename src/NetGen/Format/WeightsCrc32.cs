namespace NetGen
{
    /// <summary>
    /// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF), the checksum of
    /// NetGen's weights files. Written here once, without dependencies, so the generator (a compiler extension that may
    /// not load new assemblies) and the runtime compute it with the same code; a test checks it against
    /// System.IO.Hashing. Slicing by 4 keeps it at about a byte per cycle.
    /// </summary>
    internal static class WeightsCrc32
    {
        private static readonly uint[] Table = CreateTable();

        public static uint Compute(byte[] data, int offset, int count)
        {
            uint crc = 0xFFFFFFFFu;
            int i = offset, end = offset + count;
            for (; i + 4 <= end; i += 4)
            {
                crc ^= (uint)(data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
                crc = Table[(3 * 256) + (crc & 0xFF)] ^ Table[(2 * 256) + ((crc >> 8) & 0xFF)] ^
                      Table[256 + ((crc >> 16) & 0xFF)] ^ Table[crc >> 24];
            }

            for (; i < end; i++)
            {
                crc = Table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
            }

            return ~crc;
        }

        private static uint[] CreateTable()
        {
            var table = new uint[4 * 256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            for (int n = 0; n < 256; n++)
            {
                for (int slice = 1; slice < 4; slice++)
                {
                    uint previous = table[((slice - 1) * 256) + n];
                    table[(slice * 256) + n] = table[previous & 0xFF] ^ (previous >> 8);
                }
            }

            return table;
        }
    }
}
