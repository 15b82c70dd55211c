/** The variables apply and plan read both platforms' credentials from, by their default names. */
export function credentialsEnv(
  software: { readonly username: string; readonly password: string },
  cloud: { readonly accessKey: string; readonly secretKey: string },
): Record<string, string> {
  return {
    REDIS_SOFTWARE_USERNAME: software.username,
    REDIS_SOFTWARE_PASSWORD: software.password,
    REDISCLOUD_ACCESS_KEY: cloud.accessKey,
    REDISCLOUD_SECRET_KEY: cloud.secretKey,
  };
}
