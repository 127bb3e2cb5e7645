using BenchmarkDotNet.Running;

// Run in Release: dotnet run -c Release --project bench/Sunlight.Bench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Sunlight.Bench.CalendarBenchmarks).Assembly).Run(args);
