import type { Command } from 'commander';

export function registerProgress(program: Command): void {
  void program;
}
