import type { Command } from 'commander';
import { deadlineFor, readSettings } from '../io/settings.js';
import { makeTerminal, printProblems } from './terminal.js';

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
    const { settings, problems } = await readSettings(opts.data);
    if (problems.length) {
      const t = makeTerminal({ color: opts.color });
      printProblems(t, problems, { toStderr: true });
      t.err('设置文件有错误，未执行命令，未写出任何文件。');
      throw new SettingsError('settings');
    }
    const unset = (key: string): boolean =>
      cmd.options.some((o) => o.attributeName() === key) && ['default', undefined].includes(cmd.getOptionValueSource(key));
    if (settings.org !== undefined && unset('org')) cmd.setOptionValueWithSource('org', settings.org, 'config');
    if (settings.deadline !== undefined && unset('deadline') && /^\d{4}$/.test(opts.year ?? '')) {
      cmd.setOptionValueWithSource('deadline', deadlineFor(settings.deadline, Number(opts.year)), 'config');
    }
  });
}
