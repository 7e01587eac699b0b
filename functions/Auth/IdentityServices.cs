using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Sluice.Functions.Auth;

internal static class IdentityServices
{
    /// <summary>The <see cref="Authenticator"/> of the modes <paramref name="options"/> names (already parsed as valid).</summary>
    public static IServiceCollection AddSluiceIdentity(this IServiceCollection services, AuthOptions options, AuthModes modes)
    {
        if (modes.HasFlag(AuthModes.Keystone))
        {
            services.AddSingleton(services => ActivatorUtilities.CreateInstance<KeystoneTokens>(services, options.Keystone));
        }
        if (modes.HasFlag(AuthModes.Jwt))
        {
            services.AddAuthentication().AddJwtBearer(bearer => JwtTokens.Configure(bearer, options.Jwt));
            services.AddSingleton(services => ActivatorUtilities.CreateInstance<JwtTokens>(services, options.Jwt));
        }
        if (modes.HasFlag(AuthModes.Anonymous)) services.AddHostedService<AnonymousGuard>();
        services.AddSingleton(services => new Authenticator(modes, options,
            services.GetService<KeystoneTokens>(), services.GetService<JwtTokens>()));
        return services;
    }
}
