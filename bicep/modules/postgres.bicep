// One pool: a PostgreSQL Flexible Server holding the event store and projections. General Purpose (high
// availability needs it), zone-redundant HA when asked (synchronous standby in another zone: no acknowledged
// message is lost with a zone), Entra ID authentication only, network access as parameters.
param prefix string
param suffix string
param location string
param skuName string
param version string
param storageSizeGB int
param zoneRedundant bool
param zones array
param geoRedundantBackup bool
param publicNetworkAccess bool
param firewallRules array
param adminGroupObjectId string
param adminGroupName string
param appPrincipalId string
param appPrincipalName string
param workspaceId string

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2025-08-01' = {
  name: 'psql-${prefix}-${suffix}'
  location: location
  sku: { name: skuName, tier: 'GeneralPurpose' }
  properties: {
    version: version
    availabilityZone: zones[0]
    highAvailability: zoneRedundant
      ? { mode: 'ZoneRedundant', standbyAvailabilityZone: zones[1] }
      : { mode: 'Disabled' }
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Disabled'
      tenantId: tenant().tenantId
    }
    storage: { storageSizeGB: storageSizeGB, autoGrow: 'Enabled' }
    backup: { backupRetentionDays: 35, geoRedundantBackup: geoRedundantBackup ? 'Enabled' : 'Disabled' }
    network: { publicNetworkAccess: publicNetworkAccess ? 'Enabled' : 'Disabled' }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2025-08-01' = {
  parent: server
  name: 'sluice'
  properties: { charset: 'UTF8', collation: 'en_US.utf8' }
}

// Child operations of a server must not overlap (ServerIsBusy): each waits for the one before.
resource adminGroup 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2025-08-01' = {
  parent: server
  name: adminGroupObjectId
  properties: {
    principalType: 'Group'
    principalName: adminGroupName
    tenantId: tenant().tenantId
  }
  dependsOn: [database]
}

module appAdmin 'pgEntraAdmin.bicep' = {
  name: 'pg-admin-${suffix}'
  params: {
    serverName: server.name
    objectId: appPrincipalId
    principalName: appPrincipalName
    principalType: 'ServicePrincipal'
  }
  dependsOn: [adminGroup]
}

@batchSize(1)
resource rules 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2025-08-01' = [for rule in firewallRules: {
  parent: server
  name: rule.name
  properties: { startIpAddress: rule.start, endIpAddress: rule.end }
  dependsOn: [appAdmin]
}]

// PgBouncer shields the server from the fan-out of many function instances; pg_stat_statements is allowed for the
// profiles the performance work relies on.
var settings = {
  'pgbouncer.enabled': 'true'
  'azure.extensions': 'PG_STAT_STATEMENTS'
}

@batchSize(1)
resource configuration 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2025-08-01' = [for setting in items(settings): {
  parent: server
  name: setting.key
  properties: { value: setting.value, source: 'user-override' }
  dependsOn: [rules]
}]

#disable-next-line use-recent-api-versions // categoryGroup needs the preview; the GA version is from 2016
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: server
  name: 'to-log-analytics'
  properties: {
    workspaceId: workspaceId
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
    metrics: [{ category: 'AllMetrics', enabled: true }]
  }
}

output id string = server.id
output host string = server.properties.fullyQualifiedDomainName
output database string = database.name
