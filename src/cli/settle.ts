import type { Command } from 'commander';

export function registerSettle(program: Command): void {
  void program;
}
