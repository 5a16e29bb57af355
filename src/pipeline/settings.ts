import { readSettings, type SettingsResult } from '../io/settings.js';
import { EXIT, Steps, noFiles, type Plan } from './plan.js';

/** `<data>/ecocomp.json` (io/settings.ts), or the plan that lists its problems (exit 1, the command does not run). */
export async function settingsOrPlan(dataDir: string, command: string): Promise<{ settings: SettingsResult['settings'] } | { plan: Plan }> {
  const { settings, problems } = await readSettings(dataDir);
  if (!problems.length) return { settings };
  const steps = new Steps().problems('err', problems).err('设置文件有错误，未执行命令，未写出任何文件。');
  return { plan: noFiles(command, EXIT.INVALID_INPUT, steps, problems) };
}
