import type { AvatarStore } from '../ports/avatar-store.js';
import type { UserRepository } from '../ports/user-repository.js';
import { avatarKeyOwner, avatarsPrefix } from '../user.js';

export interface ReconcileOptions {
  readonly now: Date;
  /** Objects younger than this are left alone, so uploads in progress are never touched. */
  readonly graceMs: number;
  /** Report what would be done, do nothing. */
  readonly dryRun: boolean;
  /** Objects listed, and users read, per request. */
  readonly pageSize: number;
  /** Told after each page, for progress logs. */
  readonly onPage?: (progress: Readonly<ReconcileReport>) => void;
}

export interface ReconcileReport {
  scanned: number;
  kept: number;
  /** Orphaned objects removed — or, in a dry run, that would be. */
  deleted: number;
  /** User records pointing to a missing object, set to no avatar — or, in a dry run, that would be. */
  repaired: number;
  errors: number;
}

type Ports = { users: UserRepository; avatars: AvatarStore };

/** How many object checks run at once: enough to be quick, few enough to stay under S3's limits. */
const checksAtOnce = 16;

const isCurrentAvatar = (key: string, users: ReadonlyMap<string, { avatar: { key: string } | null }>) => {
  const owner = avatarKeyOwner(key);
  return owner !== undefined && users.get(owner)?.avatar?.key === key;
};

async function ownersOf(ports: Ports, keys: readonly string[]) {
  const ids = [...new Set(keys.map(avatarKeyOwner).filter((id): id is string => id !== undefined))];
  return ports.users.findByIds(ids);
}

/**
 * Deletes avatar objects that no user references and that are older than the grace period.
 * Every page is re-checked against fresh records right before its delete, and deletes are
 * idempotent, so two runs at once, or a run killed and started again, end in the same state.
 */
async function deleteOrphanedAvatars(ports: Ports, options: ReconcileOptions, report: ReconcileReport) {
  const cutoff = options.now.getTime() - options.graceMs;
  let after: string | undefined;
  do {
    const page = await ports.avatars.list({
      prefix: avatarsPrefix,
      pageSize: options.pageSize,
      ...(after && { after }),
    });
    after = page.next;
    report.scanned += page.objects.length;
    try {
      const old = page.objects.filter((object) => object.lastModified.getTime() < cutoff).map((object) => object.key);
      const owners = await ownersOf(ports, old);
      let orphans = old.filter((key) => !isCurrentAvatar(key, owners));
      if (!options.dryRun && orphans.length > 0) {
        const fresh = await ownersOf(ports, orphans);
        orphans = orphans.filter((key) => !isCurrentAvatar(key, fresh));
        const { failed } = await ports.avatars.deleteMany(orphans);
        report.errors += failed.length;
        report.deleted += orphans.length - failed.length;
      } else {
        report.deleted += orphans.length;
      }
      report.kept += page.objects.length - orphans.length;
    } catch {
      report.errors += page.objects.length;
    }
    options.onPage?.(report);
  } while (after);
}

/**
 * Sets the avatar of users whose avatar object is missing to none, each checked again right
 * before, and only if the record still points to that object.
 */
async function repairMissingAvatars(ports: Ports, options: ReconcileOptions, report: ReconcileReport) {
  let after;
  do {
    const page = await ports.users.list({ limit: options.pageSize, ...(after && { after }) });
    after = page.next;
    const withAvatar = page.users.flatMap((user) => (user.avatar ? [{ id: user.id, key: user.avatar.key }] : []));
    for (let i = 0; i < withAvatar.length; i += checksAtOnce) {
      await Promise.all(
        withAvatar.slice(i, i + checksAtOnce).map(async ({ id, key }) => {
          try {
            if (await ports.avatars.exists(key)) return;
            if (options.dryRun) report.repaired += 1;
            else if (!(await ports.avatars.exists(key)) && (await ports.users.detachAvatar(id, key)))
              report.repaired += 1;
          } catch {
            report.errors += 1;
          }
        }),
      );
    }
    options.onPage?.(report);
  } while (after);
}

/** Brings avatar objects and user records back in line: orphans deleted, dangling records repaired. */
export async function reconcileAvatars(ports: Ports, options: ReconcileOptions): Promise<ReconcileReport> {
  const report: ReconcileReport = { scanned: 0, kept: 0, deleted: 0, repaired: 0, errors: 0 };
  await deleteOrphanedAvatars(ports, options, report);
  await repairMissingAvatars(ports, options, report);
  return report;
}
