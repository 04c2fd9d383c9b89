// Minimal API with two keyed Pangolin connections (PostgreSQL and MySQL) and health endpoints.
//
//   dotnet run --project samples/WebApi
//
// Configure Pangolin and the two connections in appsettings.json (or environment variables such as
// Pangolin__Uri and ORDERS_KEY); see docs/configuration.md.
await WebApi.WebApiApp.Build(args).RunAsync();

namespace WebApi
{
    /// <summary>Exposed for the sample's test.</summary>
    public partial class Program;
}
