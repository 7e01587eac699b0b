// One regional stamp of Sluice: the function app (Flex Consumption, custom handler), its identity, storage,
// PostgreSQL pool, Key Vault and monitoring. Deploy into a resource group:
//   az deployment group create -g <group> -f bicep/main.bicep -p bicep/<env>.bicepparam
targetScope = 'resourceGroup'

@description('Short lowercase name of the deployment, part of every resource name.')
@minLength(2)
@maxLength(10)
param prefix string = 'sluice'

@description('dev or prod: names, and the defaults the parameter files choose.')
@allowed(['dev', 'prod'])
param environment string

param location string = resourceGroup().location

@description('Zone redundancy for the plan, storage (ZRS) and PostgreSQL high availability. Needs a region with zones.')
param zoneRedundant bool = true

@description('Two distinct availability zones: the PostgreSQL primary and its standby.')
param postgresZones array = ['1', '2']

param postgresSkuName string = 'Standard_D2ds_v5'
param postgresVersion string = '17'
param postgresStorageSizeGB int = 128
param postgresGeoRedundantBackup bool = true

@description('Private networking: the app joins a virtual network and reaches PostgreSQL through a private endpoint; PostgreSQL takes no public traffic. Otherwise PostgreSQL is public behind postgresFirewallRules.')
param privateNetworking bool = true

@description('With public PostgreSQL: firewall rules [{ name, start, end }]. Flex Consumption has no fixed outbound addresses, so the app needs 0.0.0.0-0.0.0.0 (any Azure service).')
param postgresFirewallRules array = []

@description('With private networking: the virtual network and its two subnets (the app\'s, at least /27, and the private endpoints\').')
param networkAddressSpace string = '10.40.0.0/16'
param networkAppSubnet string = '10.40.0.0/24'
param networkEndpointSubnet string = '10.40.1.0/24'

@description('Key Vault purge protection: irreversible, and a purged-protected vault keeps its name for 90 days after deletion.')
param keyVaultPurgeProtection bool = true

@secure()
@description('Key of pre-signed URLs (Sluice:SignedUrls:SecretKey), written to Key Vault as signed-url-secret-key, which the app reads by reference. Empty leaves that secret as it is: set it once with az keyvault secret set; until it exists share is refused and no signed URL verifies.')
param signedUrlSecretKey string = ''

@description('NCRONTAB (six fields, UTC) of the timer functions: the expiry sweep, the planner-statistics check and the push-subscription delivery.')
param sweepSchedule string = '0 */1 * * * *'
param statisticsSchedule string = '0 */1 * * * *'
param notifySchedule string = '*/10 * * * * *'

@description('Object id of the Entra group that administers PostgreSQL.')
param postgresAdminGroupObjectId string

@description('Display name of that group (its PostgreSQL role name).')
param postgresAdminGroupName string

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Always-ready instances of the http group; at least 2 with zone redundancy.')
param alwaysReadyInstances int = 2

param perInstanceConcurrency int = 32

@description('Each project\'s request rate on each instance (Sluice__RateLimits__PermitsPerSecond); 0: no limit. README "Rate limits".')
@minValue(0)
param rateLimitPermitsPerSecond int = 0

@description('The burst a project may send at once (Sluice__RateLimits__Burst); 0: one second\'s worth of the rate.')
@minValue(0)
param rateLimitBurst int = 0

@description('Origins the platform admits for browser callers (it answers CORS preflight itself).')
param allowedOrigins array = []

param logRetentionInDays int = 30

@description('How callers prove who they are: jwt (Entra ID bearer tokens), keystone (X-Auth-Token), or both. Mode none, where any caller is any tenant, is for a loopback address only and is not offered here.')
@allowed(['jwt', 'keystone', 'jwt,keystone'])
param authMode string = 'jwt'

@description('jwt: the Entra ID directory (tenant) whose tokens are accepted.')
param entraTenantId string = tenant().tenantId

@description('jwt: the audience of the tokens, i.e. the API app registration\'s Application ID URI (api://...) or client id.')
param entraAudience string = ''

@description('jwt: the claim naming the project (Entra ID: tid, one project per directory) and the claim listing roles (app roles).')
param jwtProjectClaim string = 'tid'
param jwtRolesClaim string = 'roles'

@description('keystone: the identity endpoint (https://keystone.example.com:5000/v3), the service user and its project; the user\'s password is the Key Vault secret keystone-password.')
param keystoneUrl string = ''
param keystoneUsername string = 'sluice'
param keystoneProject string = 'service'

var suffix = '${environment}-${uniqueString(resourceGroup().id, prefix)}'
var compactSuffix = '${environment}${uniqueString(resourceGroup().id, prefix)}'

var authModes = split(authMode, ',')
var authSettings = concat(
  [{ name: 'Sluice__Auth__Mode', value: authMode }],
  contains(authModes, 'jwt')
    ? [
        { name: 'Sluice__Auth__Jwt__Authority', value: '${az.environment().authentication.loginEndpoint}${entraTenantId}/v2.0' }
        { name: 'Sluice__Auth__Jwt__Audience', value: entraAudience }
        { name: 'Sluice__Auth__Jwt__ProjectClaim', value: jwtProjectClaim }
        { name: 'Sluice__Auth__Jwt__RolesClaim', value: jwtRolesClaim }
      ]
    : [],
  contains(authModes, 'keystone')
    ? [
        { name: 'Sluice__Auth__Keystone__Url', value: keystoneUrl }
        { name: 'Sluice__Auth__Keystone__Username', value: keystoneUsername }
        { name: 'Sluice__Auth__Keystone__Project', value: keystoneProject }
        { name: 'Sluice__Auth__Keystone__Password', value: '@Microsoft.KeyVault(SecretUri=${vault.outputs.uri}secrets/keystone-password/)' }
      ]
    : []
)

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-${prefix}-${suffix}'
    location: location
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    prefix: prefix
    suffix: suffix
    location: location
    retentionInDays: logRetentionInDays
    principalId: identity.outputs.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    prefix: prefix
    suffix: compactSuffix
    location: location
    skuName: zoneRedundant ? 'Standard_ZRS' : 'Standard_LRS'
    principalId: identity.outputs.principalId
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    prefix: prefix
    suffix: compactSuffix
    location: location
    purgeProtection: keyVaultPurgeProtection
    principalId: identity.outputs.principalId
    signedUrlSecretKey: signedUrlSecretKey
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    prefix: prefix
    suffix: suffix
    location: location
    skuName: postgresSkuName
    version: postgresVersion
    storageSizeGB: postgresStorageSizeGB
    zoneRedundant: zoneRedundant
    zones: postgresZones
    geoRedundantBackup: postgresGeoRedundantBackup
    publicNetworkAccess: !privateNetworking
    firewallRules: privateNetworking ? [] : postgresFirewallRules
    adminGroupObjectId: postgresAdminGroupObjectId
    adminGroupName: postgresAdminGroupName
    appPrincipalId: identity.outputs.principalId
    appPrincipalName: identity.outputs.name
    workspaceId: monitoring.outputs.workspaceId
  }
}

module network 'modules/network.bicep' = if (privateNetworking) {
  name: 'network'
  params: {
    prefix: prefix
    suffix: suffix
    location: location
    addressSpace: networkAddressSpace
    appSubnet: networkAppSubnet
    endpointSubnet: networkEndpointSubnet
    postgresServerId: postgres.outputs.id
  }
}

module app 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    prefix: prefix
    suffix: suffix
    location: location
    zoneRedundant: zoneRedundant
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    identityName: identity.outputs.name
    storageName: storage.outputs.name
    packageContainerUrl: storage.outputs.packageContainerUrl
    insightsConnectionString: monitoring.outputs.connectionString
    postgresHost: postgres.outputs.host
    postgresDatabase: postgres.outputs.database
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    alwaysReadyInstances: alwaysReadyInstances
    perInstanceConcurrency: perInstanceConcurrency
    allowedOrigins: allowedOrigins
    subnetId: privateNetworking ? network!.outputs.appSubnetId : ''
    sweepSchedule: sweepSchedule
    statisticsSchedule: statisticsSchedule
    notifySchedule: notifySchedule
    authSettings: authSettings
    rateLimitPermitsPerSecond: rateLimitPermitsPerSecond
    rateLimitBurst: rateLimitBurst
    signedUrlSecretUri: vault.outputs.signedUrlSecretUri
  }
}

@description('The Zaqar v2 endpoint: GET it for the version list, /v2/ping to check it.')
output endpoint string = 'https://${app.outputs.defaultHostName}'

output functionAppName string = app.outputs.name
output storageAccountName string = storage.outputs.name
output keyVaultUri string = vault.outputs.uri
output postgresHost string = postgres.outputs.host
