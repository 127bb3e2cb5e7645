#!/usr/bin/env bash
# Adds a migration with the same name for both providers of Core: ./scripts/add-migration.sh AddSomething
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh MigrationName}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet ef migrations add "$name" --project src/Sunlight.Core --context CoreSqliteDbContext --output-dir Storage/Migrations/Sqlite
dotnet ef migrations add "$name" --project src/Sunlight.Core --context CorePostgresDbContext --output-dir Storage/Migrations/Postgres
