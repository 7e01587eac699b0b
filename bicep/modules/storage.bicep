// Blob (the Flex deployment package, large payloads, the event archive) and Table (the catalog), zone-redundant,
// with shared keys off: the host, the app and the deployment pipeline all authenticate with Entra ID.
@description('Hyphens are dropped and letters lowered: storage account names allow only lowercase letters and digits.')
@minLength(2)
param prefix string
@minLength(2)
param suffix string
param location string
param skuName string
param principalId string

var roleIds = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: take('st${toLower(replace(prefix, '-', ''))}${suffix}', 24)
  location: location
  kind: 'StorageV2'
  sku: { name: skuName }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    encryption: {
      requireInfrastructureEncryption: true
      keySource: 'Microsoft.Storage'
      services: {
        blob: { enabled: true, keyType: 'Account' }
        table: { enabled: true, keyType: 'Account' }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: { enabled: true, days: 14 }
    containerDeleteRetentionPolicy: { enabled: true, days: 14 }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [for name in ['app-package', 'payloads', 'archive']: {
  parent: blobService
  name: name
  properties: { publicAccess: 'None' }
}]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource catalog 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = {
  parent: tableService
  name: 'sluicecatalog' // {Sluice:Catalog:TablePrefix}catalog, the prefix's default
}

// Archive tier is not offered on zone-redundant accounts: sealed event segments cool down to Cool, then Cold.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2025-06-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'archive-cools-down'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: { blobTypes: ['blockBlob'], prefixMatch: ['archive/'] }
            actions: {
              baseBlob: {
                tierToCool: { daysAfterModificationGreaterThan: 30 }
                tierToCold: { daysAfterModificationGreaterThan: 90 }
              }
            }
          }
        }
      ]
    }
  }
}

resource roles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for roleId in [roleIds.storageBlobDataOwner, roleIds.storageTableDataContributor]: {
  scope: storage
  name: guid(storage.id, principalId, roleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}]

output name string = storage.name
output packageContainerUrl string = '${storage.properties.primaryEndpoints.blob}${containers[0].name}'
