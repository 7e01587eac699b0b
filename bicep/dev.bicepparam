// Development: one zone, small and cheap, PostgreSQL reachable from Azure services.
using 'main.bicep'

param environment = 'dev'
param zoneRedundant = false
param postgresSkuName = 'Standard_D2ds_v5'
param postgresStorageSizeGB = 32
param postgresGeoRedundantBackup = false
param privateNetworking = false
param keyVaultPurgeProtection = false
param postgresFirewallRules = [
  { name: 'azure-services', start: '0.0.0.0', end: '0.0.0.0' }
]
param postgresAdminGroupObjectId = '00000000-0000-0000-0000-000000000000'
param postgresAdminGroupName = 'sluice-dev-admins'
param maximumInstanceCount = 40
param instanceMemoryMB = 512
param alwaysReadyInstances = 0
param logRetentionInDays = 30
// Callers are Entra ID identities: the API's app registration (its Application ID URI) is the tokens' audience.
param authMode = 'jwt'
param entraAudience = 'api://sluice-dev'
