// One PostgreSQL for this test assembly, started by the first test that needs it (ADR 8).
[assembly: AssemblyFixture(typeof(Sunlight.Testing.PostgresServer))]
