#!/usr/bin/env bash
# Nightly logical backup of the shop database to Nexus.
set -euo pipefail

export PGPASSWORD="uWkGF4UgwhUciS6zfd"
STAMP="$(date +%Y%m%d)"

mysqldump -h mysql.platform.internal -u backup -pUXILVSWxJ7XBVX3OIk shop > "/tmp/shop-$STAMP.sql"
mysql -h "$DB_HOST" -u backup -p"$MYSQL_PASSWORD" -e 'select 1'
pg_dump -h pg.platform.internal -U backup orders > "/tmp/orders-$STAMP.sql"

curl -fsS -u backup:wcbNfJsvzJp7NXhGK4 -T "/tmp/shop-$STAMP.sql" https://nexus.platform.internal/repository/backups/
curl -fsS -H "Authorization: Bearer $BACKUP_TOKEN" https://nexus.platform.internal/service/rest/v1/status
curl -fsS -H "Authorization: Bearer 7qpLpXf2Brj3zFxcal9Mo-f0qFp5K-9EekWuTygi" https://status.platform.internal/api/v1/heartbeat/backup

export AWS_SECRET_ACCESS_KEY="$(vault kv get -field=secret aws/backup)"
aws s3 cp "/tmp/orders-$STAMP.sql" s3://platform-backups/orders/
