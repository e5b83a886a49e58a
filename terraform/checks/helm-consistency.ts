import { posix } from 'node:path';
import { blocks, localModulePath, type Block, type TerraformDir, type TerraformTree } from './hcl-tree.js';
import { isHclObject, stringsOf, type HclObject } from './hcl-values.js';
import type { DeployValues, Release } from './deploy-values.js';
import { environmentsOfCluster, namespaceExpression, namespaceOf, sweeperServiceAccount } from './platform-contract.js';
import { environmentRoots, platformOf } from './root-checks.js';
import { violation, type Violation } from './violation.js';

const imageRepository = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([a-z0-9._/-]+)$/;

/** The call of a local module (e.g. `modules/app-access`) in a directory (modules/platform). */
export const callOf = (dir: TerraformDir, module: string) =>
  blocks(dir, 'module').find((call) => localModulePath(dir, call) === `modules/${module}`);

/** One violation per argument of `call` that is not the expected expression. */
export const argumentsDiffer = (rule: string, where: string, call: Block, expected: Record<string, string>) =>
  Object.entries(expected)
    .filter(([argument, value]) => call.body[argument] !== value)
    .map(([argument, value]) =>
      violation(rule, where, `${argument} must be ${value}, is ${JSON.stringify(call.body[argument])}`),
    );

/** A root's variables that reach its composition module unchanged, so the checks can follow them there. */
export const passedThrough = (...names: string[]) => Object.fromEntries(names.map((name) => [name, `\${var.${name}}`]));

/** How each environment's names travel from var.environments into the module calls. */
const wiring: Record<string, Record<string, string>> = {
  'users-data': {
    for_each: '${var.environments}',
    table_name: '${each.value.users_table}',
    bucket_name: '${each.value.avatars_bucket}',
  },
  'app-access': {
    for_each: '${var.environments}',
    namespace: namespaceExpression,
    api_service_account: '${each.value.api_service_account}',
    sweeper_service_account: '${each.value.sweeper_service_account}',
  },
};

function checkWiring(tree: TerraformTree, root: TerraformDir): Violation[] {
  const platform = platformOf(tree, root);
  if (!platform) return [violation('helm-wiring', root.path, 'calls no composition module (modules/platform)')];
  return [
    ...argumentsDiffer(
      'helm-wiring',
      `${root.path}: module.${platform.call.name}`,
      platform.call,
      passedThrough('environments', 'cluster_name'),
    ),
    ...Object.entries(wiring).flatMap(([module, expected]) => {
      const call = callOf(platform.dir, module);
      if (!call) return [violation('helm-wiring', platform.dir.path, `does not call modules/${module}`)];
      return argumentsDiffer('helm-wiring', `${platform.dir.path}: module.${call.name}`, call, expected);
    }),
  ];
}

/** Terraform's value and the Helm value of one setting; a Helm value left unset is not compared. */
type Pair = [what: string, terraform: unknown, helm: string | undefined];

function checkImage(where: string, vars: HclObject, release: Release): Violation[] {
  const image = imageRepository.exec(release.imageRepository ?? '');
  if (!image) {
    return [
      violation('helm-image', where, `image.repository ${JSON.stringify(release.imageRepository)} is not an ECR URL`),
    ];
  }
  const [, account, region, repository = ''] = image;
  return [
    ...(account === vars.account_id
      ? []
      : [violation('helm-image', where, `image account ${account} is not account_id`)]),
    ...(region === vars.region ? [] : [violation('helm-image', where, `image region ${region} is not region`)]),
    ...(stringsOf(vars.ecr_repositories).includes(repository)
      ? []
      : [violation('helm-image', where, `image repository "${repository}" is not in ecr_repositories`)]),
  ];
}

function checkEnvironment(
  dir: TerraformDir,
  vars: HclObject,
  name: string,
  settings: HclObject,
  deploy: DeployValues,
): Violation[] {
  const releases = deploy.releases.filter((release) => release.environment === name);
  const api = releases.find((release) => release.app === 'api');
  if (!api)
    return [violation('helm-values', `${dir.path}/example.tfvars`, `deploy/values/${name}/api.yaml is missing`)];
  const sweeper = releases.find((release) => release.app === 'avatar-sweeper');
  const pairs: Pair[] = [
    ['api_service_account (api serviceAccount.name)', settings.api_service_account, api.serviceAccount],
    [
      'sweeper_service_account (avatar-sweeper serviceAccount.name)',
      settings.sweeper_service_account,
      sweeper?.serviceAccount ?? sweeperServiceAccount,
    ],
  ];
  for (const release of releases) {
    pairs.push(
      [`users_table (${release.app} aws.usersTable)`, settings.users_table, release.usersTable],
      [`avatars_bucket (${release.app} aws.avatarsBucket)`, settings.avatars_bucket, release.avatarsBucket],
      [`region (${release.app} aws.region)`, vars.region, release.region],
    );
  }
  const where = `${dir.path}/example.tfvars environments.${name}`;
  return [
    ...pairs
      .filter(([, terraform, helm]) => helm !== undefined && terraform !== helm)
      .map(([what, terraform, helm]) =>
        violation(
          'helm-values',
          where,
          `${what}: Terraform ${JSON.stringify(terraform)}, Helm ${JSON.stringify(helm)}`,
        ),
      ),
    ...releases.flatMap((release) =>
      release.imageRepository === undefined && release.app !== 'api'
        ? []
        : checkImage(`deploy/values/${name}/${release.app}.yaml`, vars, release),
    ),
  ];
}

/**
 * For each cluster root: the environments it hosts are the contract's, their namespaces are
 * users-<env>, and the table, bucket, service accounts, region and image of deploy/values/<env>/api.yaml
 * are the ones the example tfvars give the modules.
 */
export function checkHelmValues(tree: TerraformTree, deploy: DeployValues): Violation[] {
  const roots = environmentRoots(tree);
  const clusters = roots.map((dir) => posix.basename(dir.path));
  const missing = Object.keys(environmentsOfCluster)
    .filter((cluster) => !clusters.includes(cluster))
    .map((cluster) => violation('helm-clusters', 'envs', `has no root for cluster ${cluster}`));
  const provisioned = roots.flatMap((dir) =>
    isHclObject(dir.exampleVars?.environments) ? Object.keys(dir.exampleVars.environments) : [],
  );
  const unprovisioned = deploy.releases
    .filter((release) => !provisioned.includes(release.environment))
    .map((release) =>
      violation(
        'helm-clusters',
        `deploy/values/${release.environment}/${release.app}.yaml`,
        'no cluster root provisions this environment',
      ),
    );
  return [
    ...missing,
    ...unprovisioned,
    ...roots.flatMap((dir) => {
      const cluster = posix.basename(dir.path);
      const vars = dir.exampleVars;
      const expected = environmentsOfCluster[cluster];
      if (!vars || !expected)
        return [violation('helm-clusters', dir.path, 'is not a known cluster with an example.tfvars')];
      const environments = isHclObject(vars.environments) ? vars.environments : {};
      const names = Object.keys(environments).sort();
      const problems: Violation[] = [...checkWiring(tree, dir)];
      if (vars.cluster_name !== cluster)
        problems.push(violation('helm-clusters', dir.path, `cluster_name is not "${cluster}"`));
      if (names.join() !== [...expected].sort().join()) {
        problems.push(
          violation('helm-clusters', dir.path, `hosts ${names.join(', ')}, the contract says ${expected.join(', ')}`),
        );
      }
      for (const name of names) {
        const settings = environments[name];
        if (namespaceExpression.replace('${each.key}', name) !== namespaceOf(name)) {
          problems.push(violation('helm-namespace', dir.path, `namespace of ${name} is not ${namespaceOf(name)}`));
        }
        if (isHclObject(settings)) problems.push(...checkEnvironment(dir, vars, name, settings, deploy));
      }
      return problems;
    }),
  ];
}

/** Image repositories: one per deployable app, the same list in bootstrap (which creates them) and every cluster root. */
export function checkRegistries(tree: TerraformTree, deploy: DeployValues, apps: readonly string[]): Violation[] {
  const bootstrap = tree.dirs.get('bootstrap');
  const created = stringsOf(bootstrap?.exampleVars?.ecr_repositories);
  const problems = [...new Set([...apps, ...deploy.charts])]
    .filter((app) => !created.includes(app))
    .map((app) => violation('ecr-apps', 'bootstrap/example.tfvars', `creates no repository for app "${app}"`));
  for (const dir of environmentRoots(tree)) {
    const read = stringsOf(dir.exampleVars?.ecr_repositories);
    if (read.join() !== created.join()) {
      problems.push(
        violation(
          'ecr-apps',
          `${dir.path}/example.tfvars`,
          `ecr_repositories ${read.join(', ')} differ from bootstrap's`,
        ),
      );
    }
  }
  return problems;
}

/** Every root names the same GitHub repository, the one the chart's `home` points at. */
export function checkGithubRepository(tree: TerraformTree, deploy: DeployValues, repository: string): Violation[] {
  const home = deploy.chartHome?.replace(/^https:\/\/github\.com\//, '');
  const problems =
    home === repository
      ? []
      : [violation('github-repository', 'deploy/charts/api/Chart.yaml', `home is not ${repository}`)];
  for (const dir of tree.dirs.values()) {
    if (dir.exampleVars && dir.exampleVars.github_repository !== repository) {
      problems.push(
        violation('github-repository', `${dir.path}/example.tfvars`, `github_repository is not ${repository}`),
      );
    }
  }
  return problems;
}
