using Microsoft.Extensions.Options;
using Sunlight.Core.Identifiers;
using Sunlight.Core.Ledger;
using Xunit;

namespace Sunlight.Core.Tests.Identifiers;

/// <summary>
/// Pseudonyms stand for people and accounts in subjects and URLs: HMAC-SHA256 under the node's key (values checked
/// against Python's hmac), one pseudonym for both forms of an ID number, the key kept in an owner-only file.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PseudonymTests
{
    private static readonly Pseudonyms Fixed = new([.. Enumerable.Range(0, 32).Select(i => (byte)i)]);

    [Fact]
    public void A_person_and_an_account_get_their_hmac_pseudonyms()
    {
        Assert.Equal("person:a66755453b106dce", Fixed.Person("11010519491231002X"));
        Assert.Equal("person:a66755453b106dce", Fixed.Person(" 11010519491231002x "));
        Assert.Equal("account:1c7d0df9fd52c560", Fixed.Account("6222 0210 0112 2334 455"));
        // The 15-digit form of a number is upgraded first: one person, one pseudonym.
        Assert.Equal(Fixed.Person(CitizenId.Upgrade15To18("110105491231002")), Fixed.Person("110105491231002"));
        Assert.Throws<ArgumentException>(() => Fixed.Person("1101051949"));
        Assert.Equal("110105********002X", Pseudonyms.Mask("11010519491231002X"));
    }

    [Fact]
    public void Without_a_configured_key_one_is_created_beside_the_ledger_key_readable_by_its_owner_only_and_kept()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("sunlight-pseudonym-").FullName;
        try
        {
            var ledger = new LedgerOptions { KeyFile = Path.Combine(folder, "ledger.key") };
            var first = Pseudonyms.Load(Options.Create(new SecurityOptions()), ledger).Person("11010519491231002X");
            Assert.Equal(first, Pseudonyms.Load(Options.Create(new SecurityOptions()), ledger).Person("11010519491231002X"));
            var file = Path.Combine(folder, "pseudonym.key");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
            Assert.Contains("chmod 600", Assert.Throws<InvalidOperationException>(() => Pseudonyms.Load(Options.Create(new SecurityOptions()), ledger)).Message, StringComparison.Ordinal);

            var configured = Pseudonyms.Load(Options.Create(new SecurityOptions { PseudonymKey = Convert.ToBase64String([.. Enumerable.Range(0, 32).Select(i => (byte)i)]) }), ledger);
            Assert.Equal("person:a66755453b106dce", configured.Person("11010519491231002X"));
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }
}
