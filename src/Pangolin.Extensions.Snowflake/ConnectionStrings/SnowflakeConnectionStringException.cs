namespace Pangolin.Extensions.Snowflake.ConnectionStrings;

/// <summary>A value cannot be written into a Snowflake.Data connection string unchanged. The message names no value.</summary>
internal sealed class SnowflakeConnectionStringException : Exception
{
    public SnowflakeConnectionStringException()
    {
    }

    public SnowflakeConnectionStringException(string message)
        : base(message)
    {
    }

    public SnowflakeConnectionStringException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
