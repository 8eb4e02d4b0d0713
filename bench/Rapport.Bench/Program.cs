using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// The generated benchmark project rebuilds the whole host; on a busy two-core machine that takes longer than BenchmarkDotNet's default two minutes.
var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
BenchmarkSwitcher.FromAssembly(typeof(Rapport.Bench.CursorBenchmarks).Assembly).Run(args, config);
