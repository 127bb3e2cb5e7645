using Sunlight.Server;

var app = SunlightApp.Build(args);
await SunlightApp.InitialiseAsync(app.Services, app.Configuration, Console.Out, CancellationToken.None);
SunlightApp.PrintWelcome(app, Console.Out);
await app.RunAsync();

/// <summary>Entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
