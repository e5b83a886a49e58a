import type { Command } from '../cli/command.ts';
import { requiredString, stringList } from '../cli/parse-options.ts';
import { reportPublish } from '../cli/report-publish.ts';
import { chooseDelivery, deliveryOptions, openRepository, resolveImageTag } from '../cli/repository-options.ts';
import { parseEnvironment } from '../environments.ts';
import { UsageError } from '../errors.ts';
import { exponentialBackoff } from '../git/backoff.ts';
import { assertAppName } from '../repository-layout.ts';
import { bumpMessage } from '../values/commit-message.ts';
import { publishTagChanges } from '../values/publish-tag-changes.ts';

export const bumpCommand: Command = {
  name: 'bump',
  summary: "set an app's image tag in one environment, by a commit",
  synopsis: ['--env <env> --app <app> --tag <sha> [--push] [--github-output]'],
  description: [
    'Sets image.tag in deploy/values/<env>/<app>.yaml, changing nothing else in the file, checks the chart',
    "defaults merged with it against the chart's values.schema.json, and commits with a message naming the",
    'app, the environment, the old and new tag and the source commit. A bump that changes nothing makes no commit.',
    'With --push the edit is made on the remote branch as it is now and pushed; when another push got there',
    'first, it fetches, re-applies the edit on the new head and retries with backoff (--attempts times).',
  ],
  options: {
    env: { type: 'string', value: '<env>', description: 'dev, staging or prod' },
    app: { type: 'string', value: '<app>', multiple: true, description: 'the app (several: one commit for all)' },
    tag: { type: 'string', value: '<sha>', description: 'the image tag: the commit SHA the image was built from' },
    ...deliveryOptions,
  },
  async run(values, context) {
    const environment = parseEnvironment(requiredString(values, 'env'));
    const apps = stringList(values, 'app').map(assertAppName);
    if (apps.length === 0) throw new UsageError('Missing --app <app>.');
    const git = await openRepository(values, context);
    const tag = await resolveImageTag(git, requiredString(values, 'tag'), 'tag');
    const delivery = await chooseDelivery(git, values);
    const result = await publishTagChanges({
      git,
      delivery,
      resolveEdits: async () => apps.map((app) => ({ environment, app, tag })),
      message: bumpMessage,
      backoff: exponentialBackoff({ baseMs: 200, maxMs: 3000, random: context.random }),
      sleep: context.sleep,
      log: context.stderr,
    });
    await reportPublish(result, delivery, values, context, 'Bumped');
  },
};
