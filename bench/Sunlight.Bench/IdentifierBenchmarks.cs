using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Sunlight.Core.Identifiers;

namespace Sunlight.Bench;

/// <summary>ID-number and credit-code checks, run on every imported row. Baseline: SHA-256 of the same string.</summary>
[MemoryDiagnoser]
public class IdentifierBenchmarks
{
    private const string Id = "11010519491231002X";
    private const string Code = "91110000600037341L";
    private static readonly DateOnly Today = new(2026, 11, 26);

    [Benchmark(Baseline = true)]
    public byte[] Sha256OfTheString() => SHA256.HashData(Encoding.UTF8.GetBytes(Id));

    [Benchmark]
    public bool CitizenIdValidate() => CitizenId.Validate(Id, Today).Valid;

    [Benchmark]
    public bool CreditCodeValidate() => CreditCode.Validate(Code).Valid;
}
