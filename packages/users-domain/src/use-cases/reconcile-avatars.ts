import type { AvatarStore, ListedObject } from '../ports/avatar-store.js';
import type { UserRepository } from '../ports/user-repository.js';
import { minimumSweepGraceSeconds, stagedUploadRetentionSeconds } from '../upload-lifetimes.js';
import { avatarKeyOwner, avatarsPrefix, stagedUploadsPrefix } from '../user.js';

export interface ReconcileOptions {
  readonly now: Date;
  /**
   * Avatar objects younger than this are left alone, and so are records whose avatar changed
   * within it. Refused below `minimumSweepGraceSeconds`, whatever the environment.
   */
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
  /**
   * Objects removed that a listing made right before their delete still showed — or, in a dry
   * run, that would be. A key another run removed first is not counted.
   */
  deleted: number;
  /** User records pointing to a missing object, set to no avatar — or, in a dry run, that would be. */
  repaired: number;
  errors: number;
}

/** A grace period the sweeper cannot run with: shorter than what an upload in progress may need. */
export class SweepGraceTooShortError extends Error {
  constructor(graceMs: number) {
    super(`The grace period (${graceMs / 1000} s) must be at least ${minimumSweepGraceSeconds} s.`);
    this.name = 'SweepGraceTooShortError';
  }
}

type Ports = { users: UserRepository; avatars: AvatarStore };
type Candidates = (objects: readonly ListedObject[]) => Promise<string[]>;

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
 * Walks a prefix a page at a time and removes the objects `candidates` picks and `recheck` still
 * picks right before the delete, among those a second listing of the same page still shows — so
 * the report counts only objects that existed, and two runs at once count each removal about once.
 * Deletes are idempotent: two runs at once, or a run killed and started again, end in one state.
 */
async function deleteUnwanted(
  ports: Ports,
  options: ReconcileOptions,
  report: ReconcileReport,
  prefix: string,
  candidates: Candidates,
  recheck: (keys: readonly string[]) => Promise<string[]>,
) {
  let after: string | undefined;
  do {
    const request = { prefix, pageSize: options.pageSize, ...(after && { after }) };
    const page = await ports.avatars.list(request);
    after = page.next;
    report.scanned += page.objects.length;
    try {
      let unwanted = await candidates(page.objects);
      if (!options.dryRun && unwanted.length > 0) {
        unwanted = await recheck(unwanted);
        const stillListed = new Set((await ports.avatars.list(request)).objects.map((object) => object.key));
        unwanted = unwanted.filter((key) => stillListed.has(key));
        const { failed } = await ports.avatars.deleteMany(unwanted);
        report.errors += failed.length;
        report.deleted += unwanted.length - failed.length;
      } else {
        report.deleted += unwanted.length;
      }
      report.kept += page.objects.length - unwanted.length;
    } catch {
      report.errors += page.objects.length;
    }
    options.onPage?.(report);
  } while (after);
}

/**
 * Avatar objects no user references, older than the grace period. Avatar keys are written only by
 * the request that then points a record at them — an upload streams to its key, so the object is
 * dated at most that request's duration (REQUEST_TIMEOUT_MS, a minute by default) before the
 * record update, far within the grace's floor of `minimumSweepGraceSeconds` — so an older
 * unreferenced one is garbage; the records are read again right before the delete, so an object
 * attached since the listing is kept.
 */
function deleteOrphanedAvatars(ports: Ports, options: ReconcileOptions, report: ReconcileReport) {
  const cutoff = options.now.getTime() - options.graceMs;
  const unreferenced = async (keys: readonly string[]) => {
    const owners = await ownersOf(ports, keys);
    return keys.filter((key) => !isCurrentAvatar(key, owners));
  };
  const old = (objects: readonly ListedObject[]) =>
    objects.filter((object) => object.lastModified.getTime() < cutoff).map((object) => object.key);
  return deleteUnwanted(ports, options, report, avatarsPrefix, (objects) => unreferenced(old(objects)), unreferenced);
}

/**
 * Staged direct uploads older than any upload token lives (plus a margin): no completion can read
 * them any more, and no record ever points at one.
 */
function deleteExpiredUploads(ports: Ports, options: ReconcileOptions, report: ReconcileReport) {
  const cutoff = options.now.getTime() - Math.max(options.graceMs, stagedUploadRetentionSeconds * 1000);
  const expired = async (objects: readonly ListedObject[]) =>
    objects.filter((object) => object.lastModified.getTime() < cutoff).map((object) => object.key);
  return deleteUnwanted(ports, options, report, stagedUploadsPrefix, expired, async (keys) => [...keys]);
}

/**
 * Sets the avatar of users whose avatar object is missing to none, each checked again right
 * before, and only if the record still points to that object. A record whose avatar changed
 * within the grace period is left alone: its object may be slow to appear, or on its way.
 */
async function repairMissingAvatars(ports: Ports, options: ReconcileOptions, report: ReconcileReport) {
  const cutoff = options.now.getTime() - options.graceMs;
  const settled = (updatedAt: string) => {
    const time = Date.parse(updatedAt);
    return Number.isFinite(time) && time < cutoff;
  };
  let after;
  do {
    const page = await ports.users.list({ limit: options.pageSize, ...(after && { after }) });
    after = page.next;
    const withAvatar = page.users.flatMap((user) =>
      user.avatar && settled(user.avatar.updatedAt) ? [{ id: user.id, key: user.avatar.key }] : [],
    );
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

/**
 * Brings avatar objects and user records back in line: orphaned avatar objects and expired staged
 * uploads deleted, dangling records repaired. @throws SweepGraceTooShortError before touching anything
 */
export async function reconcileAvatars(ports: Ports, options: ReconcileOptions): Promise<ReconcileReport> {
  if (!(options.graceMs >= minimumSweepGraceSeconds * 1000)) throw new SweepGraceTooShortError(options.graceMs);
  const report: ReconcileReport = { scanned: 0, kept: 0, deleted: 0, repaired: 0, errors: 0 };
  await deleteOrphanedAvatars(ports, options, report);
  await deleteExpiredUploads(ports, options, report);
  await repairMissingAvatars(ports, options, report);
  return report;
}
