import type { Command } from 'commander';

export function registerMonthly(program: Command): void {
  void program;
}
