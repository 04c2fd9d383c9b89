using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Pangolin.Extensions.Benchmarks -- --filter '*'
// Results are copied into docs/benchmarks.md (see that file for the machine and the command used).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
