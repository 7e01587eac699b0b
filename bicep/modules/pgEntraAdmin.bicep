// One Entra administrator of a PostgreSQL Flexible Server. A module because the administrator's resource name is
// its object id, which for a managed identity is known only during the deployment (BCP120 otherwise).
param serverName string
param objectId string
param principalName string
@allowed(['User', 'Group', 'ServicePrincipal'])
param principalType string

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2025-08-01' existing = {
  name: serverName
}

resource admin 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2025-08-01' = {
  parent: server
  name: objectId
  properties: {
    principalType: principalType
    principalName: principalName
    tenantId: tenant().tenantId
  }
}
