// The Flex Consumption plan and the function app running Sluice as a custom handler (runtime "custom"). The package
// (artifacts/sluice-functions.zip from ./publish.sh) is deployed into the storage account's app-package container.
param prefix string
param suffix string
param location string
param zoneRedundant bool
param identityId string
param identityClientId string
param identityName string
param storageName string
param packageContainerUrl string
param insightsConnectionString string
param postgresHost string
param postgresDatabase string
param maximumInstanceCount int
param instanceMemoryMB int
param alwaysReadyInstances int
param perInstanceConcurrency int
param allowedOrigins array
@description('The subnet the app joins (private networking), or empty.')
param subnetId string
param sweepSchedule string
param statisticsSchedule string
param notifySchedule string
@description('The Sluice__Auth__* app settings: who callers are (never mode none here).')
param authSettings array
param rateLimitPermitsPerSecond int
param rateLimitBurst int
@description('Key Vault URI of the key of pre-signed URLs.')
param signedUrlSecretUri string

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: 'plan-${prefix}-${suffix}'
  location: location
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: {
    reserved: true
    zoneRedundant: zoneRedundant
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: 'func-${prefix}-${suffix}'
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    virtualNetworkSubnetId: empty(subnetId) ? null : subnetId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      cors: { allowedOrigins: allowedOrigins }
      // Replaced wholesale on every deployment: every setting lives here. Flex takes the runtime from
      // functionAppConfig, so FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION and WEBSITE_RUN_FROM_PACKAGE stay unset.
      appSettings: concat([
        { name: 'AzureWebJobsStorage__accountName', value: storageName }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        { name: 'AzureWebJobsDisableHomepage', value: 'true' }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        // Entra ID only: the password is an access token of the identity, whose display name is its PostgreSQL role.
        // Direct (5432, session pooling: LISTEN and prepared statements), one connection per concurrent request, so
        // maximumInstanceCount x perInstanceConcurrency must stay under the server's max_connections.
        { name: 'Sluice__Postgres', value: 'Host=${postgresHost};Port=5432;Database=${postgresDatabase};Username=${identityName};SSL Mode=Require;Maximum Pool Size=${perInstanceConcurrency}' }
        { name: 'Sluice__PostgresAuthentication', value: 'EntraId' }
        // Read by the timer functions' schedules (function.json: %SLUICE_SWEEP_SCHEDULE%, %SLUICE_STATISTICS_SCHEDULE%,
        // %SLUICE_NOTIFY_SCHEDULE%).
        { name: 'SLUICE_SWEEP_SCHEDULE', value: sweepSchedule }
        { name: 'SLUICE_STATISTICS_SCHEDULE', value: statisticsSchedule }
        { name: 'SLUICE_NOTIFY_SCHEDULE', value: notifySchedule }
        // Per instance: a project spread over N instances may reach N times the rate (README "Rate limits").
        { name: 'Sluice__RateLimits__PermitsPerSecond', value: string(rateLimitPermitsPerSecond) }
        { name: 'Sluice__RateLimits__Burst', value: string(rateLimitBurst) }
        // A reference the platform cannot resolve reaches the app as its own text, which the app does not take as a key.
        { name: 'Sluice__SignedUrls__SecretKey', value: '@Microsoft.KeyVault(SecretUri=${signedUrlSecretUri})' }
        // No Sluice__Notifications__AllowPrivateNetworks: subscriber URIs must not reach into the app's own network
        // (169.254.169.254 et al.), which is the default.
      ], authSettings)
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: packageContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      runtime: { name: 'custom', version: '1.0' }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: [{ name: 'http', instanceCount: alwaysReadyInstances }]
        triggers: { http: { perInstanceConcurrency: perInstanceConcurrency } }
      }
    }
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
