using BenchmarkDotNet.Running;

// Kernels (BenchmarkDotNet):  dotnet run -c Release --project bench/Sunlight.Bench -- --filter '*' --join --job short
// Ledger end to end:           dotnet run -c Release --project bench/Sunlight.Bench -- ledger [--records N] [--proof-size N]
//   PostgreSQL too when SUNLIGHT_BENCH_POSTGRES holds a connection string to a database the bench may fill.
// Case-event intake end to end:  dotnet run -c Release --project bench/Sunlight.Bench -- intake [--events N] [--read-cases N]
// Due-instant evaluation:         dotnet run -c Release --project bench/Sunlight.Bench -- due [--cases N] [--midnight N]
// Demo-year replay and dashboard:  dotnet run -c Release --project bench/Sunlight.Bench -- dashboard [--users N] [--seconds N] [--warmup N] [--only path,path]
// Trading flags over a demo-ocds file:  dotnet run -c Release --project bench/Sunlight.Bench -- flags [--releases N] [--file F]
// Trading OCDS import:                   dotnet run -c Release --project bench/Sunlight.Bench -- trading-import [--releases N]
// Trading expert draw:                   dotnet run -c Release --project bench/Sunlight.Bench -- trading-draw [--experts N] [--draws N]
if (args.Length > 0 && args[0] == "flags")
{
    return await Sunlight.Bench.TradingBench.FlagsAsync(args[1..]);
}

if (args.Length > 0 && args[0] is "flags-parse" or "flags-run" or "flags-run-all")
{
    return Sunlight.Bench.TradingBench.Child(args);
}

if (args.Length > 0 && args[0] == "flags-read")
{
    return Sunlight.Bench.FlagsProfile.Read(args[1]);
}

if (args.Length > 0 && args[0] == "flags-profile")
{
    return Sunlight.Bench.FlagsProfile.Run(args[1]);
}

if (args.Length > 0 && args[0] == "trading-draw")
{
    return await Sunlight.Bench.DrawBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "trading-import")
{
    return await Sunlight.Bench.TradingBench.ImportAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "dashboard")
{
    return await Sunlight.Bench.IntakeBench.DashboardAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "due")
{
    return await Sunlight.Bench.IntakeBench.DueAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "intake")
{
    return await Sunlight.Bench.IntakeBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "ledger")
{
    return await Sunlight.Bench.LedgerBench.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Sunlight.Bench.CalendarBenchmarks).Assembly).Run(args);
return 0;
