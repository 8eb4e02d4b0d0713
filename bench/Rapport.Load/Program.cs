using System.CommandLine;
using Rapport.Load.Generation;
using Rapport.Load.Raw;
using Rapport.Load.Running;

var root = new RootCommand("Rapport load tools: generate a large database, then drive a running node and measure it.");
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(RawIngestCommand.Create());
root.Subcommands.Add(Rapport.Load.ServiceStandards.SlaCommand.Create());
root.Subcommands.Add(Rapport.Load.Live.LiveCommand.Create());
root.Subcommands.Add(Rapport.Load.Knowledge.KnowledgeSearchCommand.Create());
root.Subcommands.Add(Rapport.Load.Chat.ChatCommand.Create());
root.Subcommands.Add(Rapport.Load.Chat.ChatVisitorsCommand.Create());
root.Subcommands.Add(Rapport.Load.Dashboards.DashboardsCommand.Create());
root.Subcommands.Add(Rapport.Load.Corpus.CorpusCommand.Create());
root.Subcommands.Add(Rapport.Load.Pages.PagesCommand.Create());
root.Subcommands.Add(Rapport.Load.Pages.ScreenshotsCommand.Create());
return await root.Parse(args).InvokeAsync();
