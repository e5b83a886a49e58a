import type { Delivery } from '../git/delivery.ts';
import { describeUnit } from '../values/deployment-unit.ts';
import type { PublishResult } from '../values/publish-unit-changes.ts';
import type { CommandContext, OptionValues } from './command.ts';
import { writeGithubOutputs } from './github-output.ts';
import { flag } from './parse-options.ts';

/** Says what a bump, promotion or rollback did, and hands the result to the workflow when asked. */
export async function reportPublish(
  result: PublishResult,
  delivery: Delivery,
  values: OptionValues,
  context: CommandContext,
  verb: string,
): Promise<void> {
  if (!result.commit) {
    context.stdout(`Nothing to commit: every unit already has that value (at ${result.revision.slice(0, 7)}).`);
  } else {
    for (const change of result.changes) {
      context.stdout(
        `${verb} ${change.app} in ${change.environment}: ${describeUnit(change.previous)} → ${describeUnit(change.unit)}`,
      );
    }
    const where =
      delivery.kind === 'local'
        ? 'committed on the current branch (not pushed)'
        : delivery.kind === 'push'
          ? `pushed to ${delivery.remote}/${delivery.branch}${result.attempts > 1 ? ` (attempt ${result.attempts})` : ''}`
          : `pushed as ${delivery.remote}/${delivery.branch}: open a pull request from it`;
    context.stdout(`Commit ${result.commit}, ${where}.`);
  }
  if (flag(values, 'github-output')) {
    await writeGithubOutputs(context.githubOutputFile, {
      changed: String(result.commit !== undefined),
      commit: result.commit ?? '',
      revision: result.revision,
      ...(delivery.kind === 'pull-request-branch' ? { branch: delivery.branch } : {}),
    });
  }
}
