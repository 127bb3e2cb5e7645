namespace Sunlight.Services.Tests;

/// <summary>The services module's strings cover every event, state, action and outcome its pages name at run time.</summary>
public sealed class ServicesResourcesTests
{
    [Fact]
    public void Services_resources_cover_every_event_state_and_action_named_at_run_time()
    {
        var folder = Path.Combine(Processes.RepositoryRoot(), "src", "Sunlight.Services");
        var zh = ResourceFiles.Keys(Path.Combine(folder, "Resources", "ServicesResource.resx"));
        Assert.NotEmpty(ResourceFiles.Used(folder, "ServicesResource"));
        // Keys built at run time from data.
        Assert.All(Sunlight.Services.Cases.CaseTimeline.Types, t => Assert.Contains("Event_" + t, zh));
        Assert.All(Sunlight.Services.Cases.Workbench.Actions, a => Assert.Contains("Action_" + a, zh));
        Assert.All(new[] { "submitted", "accepted", "rejected", "awaiting-correction", "paused", "decided", "concluded", "delivered" }, st => Assert.Contains("State_" + st, zh));
        Assert.All(new[] { "approved", "denied", "penalty" }, o => Assert.Contains("Outcome_" + o, zh));
        Assert.All(new[] { "online", "window", "system" }, c => Assert.Contains("Channel_" + c, zh));
        Assert.All(new[] { "proven", "pending", "broken", "missing" }, p => Assert.Contains("Proof_" + p, zh));
        Assert.All(Sunlight.Services.Contracts.ItemCategories.All, c => Assert.Contains("Category_" + c, zh));
    }
}
