// Pangolin.Extensions quick start: no servers to install.
//
//   dotnet run --project samples/QuickStart
//
// Starts the embedded Pangolin emulator, registers a SQLite connection the way pypangolin would (credentials
// Fernet-encrypted with a key from the QUICKSTART_KEY environment variable), then builds a host with
// AddPangolinConnections, injects the connection, runs a query and prints the result and the health report.
// With Pangolin__Uri (and QUICKSTART_KEY) set, the same program talks to that Pangolin server instead.
return await QuickStart.QuickStartApp.RunAsync(args, Console.Out);
