namespace Sunlight.Server.Tests;

/// <summary>A module's settings are checked when the node starts: a wrong value stops it and names the key.</summary>
public sealed class SettingsTests
{
    private sealed class WrongSettingNode : SqliteNode
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Sunlight:Supervision:DashboardSeconds"] = "0" };
    }

    [Fact]
    public async Task A_setting_out_of_range_stops_the_node_at_start_and_names_its_key()
    {
        var node = new WrongSettingNode();
        try
        {
            var e = await Assert.ThrowsAnyAsync<Exception>(async () => await node.InitializeAsync());
            var messages = string.Join(" | ", Flatten(e).Select(x => x.Message));
            Assert.Contains("Sunlight:Supervision:DashboardSeconds", messages, StringComparison.Ordinal);
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            yield return x;
            if (x is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }
}
