namespace Pangolin.Extensions.Cryptography;

/// <summary>
/// A base64 decoder that behaves like Python's <c>base64.urlsafe_b64decode</c> (non-validating
/// <c>binascii.a2b_base64</c>, CPython 3.11), which is what <c>cryptography.fernet</c> uses for both keys and tokens.
/// </summary>
/// <remarks>
/// <para>Rules mirrored from CPython's <c>binascii_a2b_base64_impl</c> with <c>strict_mode=False</c>:</para>
/// <list type="bullet">
/// <item>Both alphabets are accepted: <c>-</c>/<c>+</c> are 62 and <c>_</c>/<c>/</c> are 63.</item>
/// <item>Any other ASCII character (whitespace, newlines, punctuation) is skipped.</item>
/// <item>A <c>=</c> seen before the second character of a quantum is ignored. Once enough <c>=</c> complete a
/// quantum that holds 2 or 3 characters, decoding stops and the rest of the input is ignored.</item>
/// <item>Input that ends inside a quantum is an error: "incorrect padding" (2 or 3 characters), or an
/// impossible length (1 character). So unpadded input whose length is not a multiple of 4 is rejected.</item>
/// <item>Unused low bits of the last character are not checked.</item>
/// <item>Python rejects a <see cref="string"/> holding non-ASCII characters before decoding; so does this decoder.</item>
/// </list>
/// </remarks>
internal static class PythonBase64
{
    private const byte Invalid = 0xFF;

    private static ReadOnlySpan<byte> DecodeMap =>
    [
        // 0x00-0x2F: only '+' (0x2B), '-' (0x2D) and '/' (0x2F) are in the alphabet.
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 62, 0xFF, 62, 0xFF, 63,
        // 0x30-0x3F: '0'-'9'.
        52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        // 0x40-0x5F: 'A'-'Z', '_' (0x5F).
        0xFF, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
        15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 0xFF, 0xFF, 0xFF, 0xFF, 63,
        // 0x60-0x7F: 'a'-'z'.
        0xFF, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
        41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    ];

    /// <summary>The largest number of bytes <paramref name="charCount"/> characters can decode to.</summary>
    public static int GetMaxDecodedLength(int charCount) => (int)(((long)charCount + 3) / 4 * 3);

    /// <summary>
    /// Decodes <paramref name="text"/> like Python's <c>base64.urlsafe_b64decode</c>.
    /// </summary>
    /// <returns>
    /// <see langword="false"/> if Python would raise (bad padding, impossible length, non-ASCII) or if
    /// <paramref name="destination"/> is too small for the decoded bytes.
    /// </returns>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int bytesWritten)
    {
        ReadOnlySpan<byte> map = DecodeMap;
        int written = 0;
        int quadPosition = 0;
        int pads = 0;
        int leftChar = 0;
        bool done = false;

        // Python refuses non-ASCII text as a whole, even after a terminating pad sequence.
        if (!System.Text.Ascii.IsValid(text))
        {
            bytesWritten = 0;
            return false;
        }

        for (int i = 0; i < text.Length && !done; i++)
        {
            char c = text[i];
            if (c == '=')
            {
                if (quadPosition >= 2 && quadPosition + ++pads >= 4)
                {
                    done = true;
                }

                continue;
            }

            int value = map[c];
            if (value == Invalid)
            {
                continue;
            }

            pads = 0;
            switch (quadPosition)
            {
                case 0:
                    quadPosition = 1;
                    leftChar = value;
                    break;
                case 1:
                    if (written >= destination.Length)
                    {
                        bytesWritten = 0;
                        return false;
                    }

                    quadPosition = 2;
                    destination[written++] = (byte)((leftChar << 2) | (value >> 4));
                    leftChar = value & 0x0F;
                    break;
                case 2:
                    if (written >= destination.Length)
                    {
                        bytesWritten = 0;
                        return false;
                    }

                    quadPosition = 3;
                    destination[written++] = (byte)((leftChar << 4) | (value >> 2));
                    leftChar = value & 0x03;
                    break;
                default:
                    if (written >= destination.Length)
                    {
                        bytesWritten = 0;
                        return false;
                    }

                    quadPosition = 0;
                    destination[written++] = (byte)((leftChar << 6) | value);
                    leftChar = 0;
                    break;
            }
        }

        if (!done && quadPosition != 0)
        {
            bytesWritten = 0;
            return false;
        }

        bytesWritten = written;
        return true;
    }
}
