import type { Command } from '../cli/command.ts';
import { optionalString, requiredString } from '../cli/parse-options.ts';
import { reportPublish } from '../cli/report-publish.ts';
import {
  chooseDelivery,
  deliveryOptions,
  openRepository,
  pullRequestBranchOption,
  resolveImageTag,
} from '../cli/repository-options.ts';
import { parseEnvironment } from '../environments.ts';
import { exponentialBackoff } from '../git/backoff.ts';
import { assertAppName } from '../repository-layout.ts';
import { rollbackMessage } from '../values/commit-message.ts';
import { readDeployedTag } from '../values/plan-tag-changes.ts';
import { previousTag } from '../values/previous-tag.ts';
import { publishTagChanges } from '../values/publish-tag-changes.ts';

export const rollbackCommand: Command = {
  name: 'rollback',
  summary: 'the git side of a rollback: restore the previous (or a given) tag by a new commit',
  synopsis: ['--env <env> --app <app> [--to <sha>] [--push | --pr-branch <name>] [--github-output]'],
  description: [
    'Writes the tag that ran before back into deploy/values/<env>/<app>.yaml as a new commit; history is',
    "never rewritten. The previous tag is the newest earlier tag in the file's history that differs from the",
    'current one and was not itself rolled back from, so a second rollback goes further back. After a rollback',
    'in the Argo CD UI (which turns automated sync off), run this, then turn automated sync back on.',
  ],
  options: {
    env: { type: 'string', value: '<env>', description: 'dev, staging or prod' },
    app: { type: 'string', value: '<app>', description: 'the app' },
    to: { type: 'string', value: '<sha>', description: 'the tag to restore (default: the previous one)' },
    ...deliveryOptions,
    ...pullRequestBranchOption,
  },
  async run(values, context) {
    const environment = parseEnvironment(requiredString(values, 'env'));
    const app = assertAppName(requiredString(values, 'app'));
    const git = await openRepository(values, context);
    const given = optionalString(values, 'to');
    const to = given === undefined ? undefined : await resolveImageTag(git, given, 'to');
    const delivery = await chooseDelivery(git, values);
    const result = await publishTagChanges({
      git,
      delivery,
      resolveEdits: async (reader) => {
        await readDeployedTag(reader, { environment, app });
        return [{ environment, app, tag: to ?? (await previousTag(git, reader.commit, environment, app)) }];
      },
      message: rollbackMessage,
      backoff: exponentialBackoff({ baseMs: 200, maxMs: 3000, random: context.random }),
      sleep: context.sleep,
      log: context.stderr,
    });
    await reportPublish(result, delivery, values, context, 'Rolled back');
  },
};
