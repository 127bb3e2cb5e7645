#!/usr/bin/env bash
# Adds a migration with the same name for both providers of one module:
#   ./scripts/add-migration.sh AddSomething            # Core
#   ./scripts/add-migration.sh AddSomething Services   # Sunlight.Services (ServicesDbContext)
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh MigrationName [Module]}
module=${2:-Core}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet ef migrations add "$name" --project "src/Sunlight.$module" --context "${module}SqliteDbContext" --output-dir Storage/Migrations/Sqlite
dotnet ef migrations add "$name" --project "src/Sunlight.$module" --context "${module}PostgresDbContext" --output-dir Storage/Migrations/Postgres
