// Production: zone-redundant everywhere, PostgreSQL high availability across two zones, geo-redundant backups.
using 'main.bicep'

param environment = 'prod'
param zoneRedundant = true
param postgresZones = ['1', '2']
param postgresSkuName = 'Standard_D4ds_v5'
param postgresStorageSizeGB = 256
param postgresGeoRedundantBackup = true
param privateNetworking = true
param keyVaultPurgeProtection = true
param postgresAdminGroupObjectId = '00000000-0000-0000-0000-000000000000'
param postgresAdminGroupName = 'sluice-prod-admins'
// 40 instances x 32 connections each (perInstanceConcurrency) stays under the server's max_connections.
param maximumInstanceCount = 40
param instanceMemoryMB = 2048
param alwaysReadyInstances = 2
param perInstanceConcurrency = 32
param logRetentionInDays = 90
// Callers are Entra ID identities: the API's app registration (its Application ID URI) is the tokens' audience.
param authMode = 'jwt'
param entraAudience = 'api://sluice-prod'
