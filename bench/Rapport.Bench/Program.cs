using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Rapport.Bench.CursorBenchmarks).Assembly).Run(args);
