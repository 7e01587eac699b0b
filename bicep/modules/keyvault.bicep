// Secrets Sluice cannot avoid (the key of pre-signed URLs, third-party keys; later customer-managed keys). RBAC mode,
// purge protection on.
param prefix string
param suffix string
param location string
param purgeProtection bool
param principalId string
@secure()
@description('The key of pre-signed URLs; empty leaves the secret as it is (or absent).')
param signedUrlSecretKey string

var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: take('kv-${prefix}-${suffix}', 24)
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: purgeProtection ? true : null // it can be turned on, never off
    publicNetworkAccess: 'Enabled'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, principalId, keyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource signedUrlKey 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(signedUrlSecretKey)) {
  parent: vault
  name: 'signed-url-secret-key'
  properties: { value: signedUrlSecretKey }
}

output id string = vault.id
output uri string = vault.properties.vaultUri
@description('Versionless, so that a new version of the secret is picked up.')
output signedUrlSecretUri string = '${vault.properties.vaultUri}secrets/signed-url-secret-key'
