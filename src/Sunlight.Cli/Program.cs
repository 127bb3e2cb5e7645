using Sunlight.Cli;

return await SunlightCommands.Build().Parse(args).InvokeAsync();
