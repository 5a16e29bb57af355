import type { Command } from 'commander';
import { deadlineFor } from '../io/settings.js';
import { settingsOrPlan } from '../pipeline/settings.js';
import { applyPlan } from './apply.js';

/** The settings file could not be used: its problems were printed; exit 1, nothing written. */
export class SettingsError extends Error {}

/**
 * Every command that takes --data reads `<data>/ecocomp.json` before it runs (src/io/settings.ts).
 * A setting fills an option only where the command line did not give it: the command line wins.
 */
export function applySettings(program: Command): void {
  program.hook('preAction', async (_root, cmd) => {
    const opts = cmd.opts<{ data?: string; year?: string; color?: boolean }>();
    if (typeof opts.data !== 'string') return;
    const r = await settingsOrPlan(opts.data, cmd.name());
    if ('plan' in r) {
      await applyPlan(r.plan, { color: opts.color });
      throw new SettingsError('settings');
    }
    const { settings } = r;
    const unset = (key: string): boolean =>
      cmd.options.some((o) => o.attributeName() === key) && ['default', undefined].includes(cmd.getOptionValueSource(key));
    if (settings.org !== undefined && unset('org')) cmd.setOptionValueWithSource('org', settings.org, 'config');
    if (settings.deadline !== undefined && unset('deadline') && /^\d{4}$/.test(opts.year ?? '')) {
      cmd.setOptionValueWithSource('deadline', deadlineFor(settings.deadline, Number(opts.year)), 'config');
    }
  });
}
