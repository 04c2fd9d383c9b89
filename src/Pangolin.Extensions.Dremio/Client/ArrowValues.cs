using Apache.Arrow;

namespace Pangolin.Extensions.Dremio;

/// <summary>Reads one value of an Arrow array as a .NET value, for <see cref="DremioFlightClient.ExecuteScalarAsync"/>.</summary>
internal static class ArrowValues
{
    public static object? Get(IArrowArray array, int index)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (array.IsNull(index))
        {
            return null;
        }

        return array switch
        {
            BooleanArray a => a.GetValue(index),
            Int8Array a => a.GetValue(index),
            Int16Array a => a.GetValue(index),
            Int32Array a => a.GetValue(index),
            Int64Array a => a.GetValue(index),
            UInt8Array a => a.GetValue(index),
            UInt16Array a => a.GetValue(index),
            UInt32Array a => a.GetValue(index),
            UInt64Array a => a.GetValue(index),
            FloatArray a => a.GetValue(index),
            DoubleArray a => a.GetValue(index),
            Decimal128Array a => a.GetValue(index),
            StringArray a => a.GetString(index),
            BinaryArray a => a.GetBytes(index).ToArray(),
            Date32Array a => a.GetDateTime(index),
            Date64Array a => a.GetDateTime(index),
            TimestampArray a => a.GetTimestamp(index),
            _ => throw new NotSupportedException(
                $"ExecuteScalarAsync does not convert Arrow values of type '{array.Data.DataType.Name}'; read the record batches from QueryAsync instead."),
        };
    }
}
