import type { Command } from '../cli/command.ts';
import { affectedAppsCommand } from './affected-apps.ts';
import { bumpCommand } from './bump.ts';
import { promoteCommand } from './promote.ts';
import { rollbackCommand } from './rollback.ts';
import { statusCommand } from './status.ts';
import { verifyPromotionCommand } from './verify-promotion.ts';
import { waitCommand } from './wait.ts';

export const commands: readonly Command[] = [
  affectedAppsCommand,
  bumpCommand,
  promoteCommand,
  statusCommand,
  waitCommand,
  rollbackCommand,
  verifyPromotionCommand,
];
