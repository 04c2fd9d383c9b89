// A worker service that uses a named Pangolin connection on a schedule and stops gracefully.
//
//   dotnet run --project samples/Worker
//
await Worker.WorkerApp.Build(args).RunAsync();
