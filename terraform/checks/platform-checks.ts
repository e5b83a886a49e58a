import { addressOf, blocks, isRootDir, type TerraformTree } from './hcl-tree.js';
import { allStrings, isHclObject, nestedBlocks, stringOf, stringsOf } from './hcl-values.js';
import { violation, type Violation } from './violation.js';

const dirs = (tree: TerraformTree) => [...tree.dirs.values()];

const requiredLogTypes = ['api', 'audit', 'authenticator'];
const requiredAddons = ['eks-pod-identity-agent', 'metrics-server', 'vpc-cni', 'coredns', 'kube-proxy'];

/** The EKS cluster: private endpoint, control-plane logs, the add-ons the chart needs, a node group. */
export function checkCluster(tree: TerraformTree): Violation[] {
  const calls = dirs(tree).flatMap((dir) =>
    blocks(dir, 'module')
      .filter((call) => call.body.source === 'terraform-aws-modules/eks/aws')
      .map((call) => ({ dir, call })),
  );
  if (calls.length === 0) return [violation('eks', 'modules', 'no module calls terraform-aws-modules/eks/aws')];
  return calls.flatMap(({ dir, call }) => {
    const where = addressOf(dir, call);
    const logs = stringsOf(call.body.enabled_log_types);
    const addons = isHclObject(call.body.addons) ? Object.keys(call.body.addons) : [];
    const vpcCni = isHclObject(call.body.addons) ? call.body.addons['vpc-cni'] : undefined;
    const cniConfig = isHclObject(vpcCni) ? (stringOf(vpcCni.configuration_values) ?? '') : '';
    const accessPolicies = allStrings(dir.locals.access_entries).flatMap((text) =>
      [...text.matchAll(/cluster-access-policy\/(\w+)/g)].map(([, policy]) => policy ?? ''),
    );
    const nodeGroups = isHclObject(call.body.eks_managed_node_groups)
      ? Object.keys(call.body.eks_managed_node_groups)
      : [];
    return [
      ...(call.body.endpoint_private_access === true
        ? []
        : [violation('eks-private-endpoint', where, 'private endpoint access is off')]),
      ...requiredLogTypes
        .filter((type) => !logs.includes(type))
        .map((type) => violation('eks-logging', where, `control-plane log "${type}" is off`)),
      ...requiredAddons
        .filter((addon) => !addons.includes(addon))
        .map((addon) => violation('eks-addons', where, `add-on "${addon}" is missing`)),
      ...(/enableNetworkPolicy\s*=\s*"true"/.test(cniConfig)
        ? []
        : [
            violation(
              'eks-network-policy',
              where,
              'vpc-cni does not enforce NetworkPolicy (configuration_values enableNetworkPolicy = "true")',
            ),
          ]),
      ...accessPolicies
        .filter((policy) => policy !== 'AmazonEKSClusterAdminPolicy' && policy !== 'AmazonEKSViewPolicy')
        .map((policy) =>
          violation(
            'eks-access',
            where,
            `access entries grant ${policy}: admins get AmazonEKSClusterAdminPolicy, viewers AmazonEKSViewPolicy (no Secrets)`,
          ),
        ),
      ...(nodeGroups.length > 0 ? [] : [violation('eks-nodes', where, 'has no managed node group')]),
      ...(stringsOf(call.body.endpoint_public_access_cidrs).includes('0.0.0.0/0')
        ? [violation('eks-public-endpoint', where, 'public endpoint open to 0.0.0.0/0')]
        : []),
    ];
  });
}

/** Example roots never open the public endpoint to the world. */
export function checkPublicEndpointRanges(tree: TerraformTree): Violation[] {
  return dirs(tree)
    .filter(isRootDir)
    .filter((dir) => stringsOf(dir.exampleVars?.endpoint_public_access_cidrs).includes('0.0.0.0/0'))
    .map((dir) => violation('eks-public-endpoint', `${dir.path}/example.tfvars`, 'public endpoint open to 0.0.0.0/0'));
}

/** The VPC spans at least two availability zones, nodes in private subnets. */
export function checkNetwork(tree: TerraformTree): Violation[] {
  return dirs(tree).flatMap((dir) =>
    blocks(dir, 'module')
      .filter((call) => call.body.source === 'terraform-aws-modules/vpc/aws')
      .flatMap((call) => {
        const where = addressOf(dir, call);
        const zones = blocks(dir, 'variable').find((variable) => variable.name === 'availability_zone_count');
        const atLeastTwo = nestedBlocks(zones?.body, 'validation').some((validation) =>
          /var\.availability_zone_count\s*>=\s*2\b/.test(stringOf(validation.condition) ?? ''),
        );
        return [
          ...(atLeastTwo ? [] : [violation('network-zones', where, 'availability_zone_count is not validated >= 2')]),
          ...(call.body.private_subnets === undefined
            ? [violation('network-private-subnets', where, 'has no private subnets for the nodes')]
            : []),
        ];
      }),
  );
}
