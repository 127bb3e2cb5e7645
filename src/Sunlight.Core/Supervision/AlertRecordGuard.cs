using System.Text.Json;
using Sunlight.Core.Accounts;
using Sunlight.Core.Ledger;

namespace Sunlight.Core.Supervision;

/// <summary>An alert's ledger records (raised, dismissed) are read only by those who may see the alert's rule.</summary>
internal sealed class AlertRecordGuard(AlertService alerts) : IRecordReadGuard
{
    public bool MayRead(Jurisdiction who, LedgerRecord record)
    {
        if (!record.Type.StartsWith("supervision.alert.", StringComparison.Ordinal))
        {
            return true;
        }

        using var body = JsonDocument.Parse(record.Body);
        return body.RootElement.TryGetProperty("rule", out var rule) && rule.GetString() is { } code ? alerts.MaySee(who, code) : true;
    }
}
