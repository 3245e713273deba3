/**
 * What every command returns, whatever front end asked: the terminal prints `text` (or `data`
 * as JSON with --json), the chat bots render `data` for their platform and fall back to `text`.
 */
export interface CommandView<T = unknown> {
  exitCode: 0 | 1 | 2;
  data: T;
  text: string;
}

export function view<T>(data: T, text: string, exitCode: 0 | 1 | 2 = 0): CommandView<T> {
  return { exitCode, data, text };
}
