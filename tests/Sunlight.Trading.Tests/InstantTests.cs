using Sunlight.Trading.Ocds;

namespace Sunlight.Trading.Tests;

/// <summary>The fast reading of the common instant form answers exactly as the general one, or leaves the answer to it.</summary>
public sealed class InstantTests
{
    [Theory]
    [InlineData("2025-12-29T17:57:00+08:00")]
    [InlineData("2025-12-29T17:57:00Z")]
    [InlineData("2025-12-29T17:57:00z")]
    [InlineData("2024-02-29T23:59:59-13:59")]
    [InlineData("2023-02-29T00:00:00+08:00")]
    [InlineData("2025-13-01T00:00:00+08:00")]
    [InlineData("2025-12-31T24:00:00+08:00")]
    [InlineData("2025-12-31T23:60:00+08:00")]
    [InlineData("2025-12-31T23:59:60+08:00")]
    [InlineData("2025-12-31T23:59:59+14:00")]
    [InlineData("2025-12-31T23:59:59+15:00")]
    [InlineData("2025-12-31T23:59:59+08:60")]
    [InlineData("2025-12-31T23:59:59-00:00")]
    [InlineData("2025-12-31 23:59:59+08:00")]
    [InlineData("2025-12-31T23:59:59.5+08:00")]
    [InlineData("2025-12-31T23:59:59+0800")]
    [InlineData("0001-01-01T00:00:00+08:00")]
    [InlineData("9999-12-31T23:59:59-08:00")]
    [InlineData("2025-1２-31T23:59:59+08:00")]
    [InlineData("2025-00-10T10:00:00Z")]
    [InlineData("2025-01-00T10:00:00Z")]
    public void Fast_reading_agrees_with_the_general_one(string text)
    {
        var general = OcdsCheck.GeneralInstant(text);
        if (OcdsCheck.FastInstant(text) is { } fast)
        {
            Assert.True(general is { } g && g.EqualsExact(fast), $"{text}: fast {fast:o}, general {general:o}");
        }

        // The same reading straight from UTF-8 bytes (the flags' path).
        Assert.Equal(OcdsCheck.FastInstant(text), OcdsCheck.FastInstant<byte>(System.Text.Encoding.UTF8.GetBytes(text)));
        var answer = OcdsCheck.Instant(text);
        Assert.Equal(general.HasValue, answer.HasValue);
        Assert.True(general is null || general.Value.EqualsExact(answer!.Value));
    }

    [Fact]
    public void Fast_reading_agrees_on_every_day_and_many_offsets()
    {
        var random = new Random(7);
        for (var i = 0; i < 20_000; i++)
        {
            var text = $"{random.Next(1990, 2100):D4}-{random.Next(0, 14):D2}-{random.Next(0, 33):D2}T{random.Next(0, 25):D2}:{random.Next(0, 61):D2}:{random.Next(0, 61):D2}"
                + (random.Next(4) == 0 ? "Z" : $"{(random.Next(2) == 0 ? '+' : '-')}{random.Next(0, 16):D2}:{random.Next(0, 61):D2}");
            var general = OcdsCheck.GeneralInstant(text);
            var fast = OcdsCheck.FastInstant(text);
            Assert.Equal(fast, OcdsCheck.FastInstant<byte>(System.Text.Encoding.UTF8.GetBytes(text)));
            Assert.True(fast is null || (general is { } g && g.EqualsExact(fast.Value)), $"{text}: fast {fast:o}, general {general:o}");
        }
    }
}
