import { addressOf, blocks, type TerraformTree } from './hcl-tree.js';
import { stringOf } from './hcl-values.js';
import { argumentsDiffer, callOf, passedThrough } from './helm-consistency.js';
import { environmentRoots, platformOf } from './root-checks.js';
import { violation, type Violation } from './violation.js';

const dirs = (tree: TerraformTree) => [...tree.dirs.values()];
const alarms = (tree: TerraformTree) =>
  dirs(tree).flatMap((dir) => blocks(dir, 'resource', 'aws_cloudwatch_metric_alarm').map((alarm) => ({ dir, alarm })));

/** Slugs of a Markdown file's headings, as GitHub makes them for `#anchors`. */
export function markdownAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const [, heading = ''] of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6}\s+(.+?)\s*$/gm)) {
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    let slug = base;
    for (let n = 1; anchors.has(slug); n++) slug = `${base}-${n}`;
    anchors.add(slug);
  }
  return anchors;
}

/** Every alarm's description links a heading that exists in docs/runbook.md. */
export function checkAlarmRunbooks(tree: TerraformTree, runbook: string | undefined): Violation[] {
  if (runbook === undefined) return [violation('alarm-runbook', 'docs/runbook.md', 'does not exist')];
  const anchors = markdownAnchors(runbook);
  return alarms(tree).flatMap(({ dir, alarm }) => {
    const anchor = /#([\w-]+)\s*$/.exec(stringOf(alarm.body.alarm_description) ?? '')?.[1];
    if (!anchor)
      return [
        violation('alarm-runbook', addressOf(dir, alarm), 'alarm_description ends with no #anchor of the runbook'),
      ];
    return anchors.has(anchor)
      ? []
      : [violation('alarm-runbook', addressOf(dir, alarm), `links #${anchor}, which is no heading of docs/runbook.md`)];
  });
}

/** Each environment root alarms (through modules/platform) on every environment's own table and bucket, linking this repository's runbook. */
export function checkAlarmWiring(tree: TerraformTree): Violation[] {
  return environmentRoots(tree).flatMap((root) => {
    const platform = platformOf(tree, root);
    const call = platform && callOf(platform.dir, 'alarms');
    const data = platform && callOf(platform.dir, 'users-data');
    if (!platform || !call || !data)
      return [violation('alarms-wiring', root.path, 'does not reach modules/alarms and modules/users-data')];
    return [
      ...argumentsDiffer(
        'alarms-wiring',
        `${root.path}: module.${platform.call.name}`,
        platform.call,
        passedThrough('environments', 'github_repository'),
      ),
      ...argumentsDiffer('alarms-wiring', `${platform.dir.path}: module.${call.name}`, call, {
        for_each: '${var.environments}',
        table_name: `\${module.${data.name}[each.key].table_name}`,
        bucket_name: `\${module.${data.name}[each.key].bucket_name}`,
        runbook_url: 'https://github.com/${var.github_repository}/blob/main/docs/runbook.md',
      }),
    ];
  });
}
