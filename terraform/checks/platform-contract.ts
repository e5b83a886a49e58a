/**
 * What the rest of the repository builds against: clusters and the environments they host, the
 * namespace of an environment, the deployable apps and this repository's name.
 */
export const environmentsOfCluster: Readonly<Record<string, readonly string[]>> = {
  dev: ['dev', 'staging'],
  prod: ['prod'],
};

export const namespaceOf = (environment: string) => `users-${environment}`;

/** How env roots spell the namespace of `each.key`; must produce namespaceOf(environment). */
export const namespaceExpression = 'users-${each.key}';

/** One image repository each. */
export const deployableApps = ['api', 'avatar-sweeper'] as const;

/** ServiceAccount of the avatar-sweeper CronJob until its chart exists. */
export const sweeperServiceAccount = 'avatar-sweeper';

export const githubRepository = 'example-org/users-platform';

/** What an environment root applies to bootstrap Argo CD, relative to the repository (argocd/README.md). */
export const bootstrapManifestPaths = (cluster: string) => [
  'argocd/bootstrap/platform-project.yaml',
  `argocd/bootstrap/root-${cluster}.yaml`,
];
