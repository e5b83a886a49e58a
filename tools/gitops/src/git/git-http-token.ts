/**
 * The environment for git with an HTTPS token for one server, given the way actions/checkout gives
 * it (an `http.<server>/.extraheader` with Basic x-access-token), but only in this process's git
 * children (GIT_CONFIG_COUNT/KEY/VALUE), never written to .git/config where later steps could read
 * it. Existing GIT_CONFIG_* entries are kept.
 */
export function withGitHttpToken(
  environment: Readonly<Record<string, string | undefined>>,
  serverUrl: string,
  token: string | undefined,
): Record<string, string | undefined> {
  if (!token) return { ...environment };
  const count = Number(environment.GIT_CONFIG_COUNT ?? '0') || 0;
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  return {
    ...environment,
    GIT_CONFIG_COUNT: String(count + 1),
    [`GIT_CONFIG_KEY_${count}`]: `http.${serverUrl.replace(/\/+$/, '')}/.extraheader`,
    [`GIT_CONFIG_VALUE_${count}`]: `AUTHORIZATION: basic ${basic}`,
  };
}
