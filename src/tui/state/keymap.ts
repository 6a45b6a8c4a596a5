/**
 * Keys to actions, apart from Ink so the bindings can be tested directly.
 * While a filter is being typed, printable keys go into it.
 */
import { currentScreen, type UiAction, type UiState } from './ui-state.js';

/** The subset of Ink's Key that the bindings read. */
export interface KeyPress {
  upArrow?: boolean;
  downArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  return?: boolean;
  escape?: boolean;
  tab?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
  meta?: boolean;
}

export const KEY_HELP: readonly (readonly [string, string])[] = [
  ['↑↓/jk', 'move'],
  ['enter', 'open'],
  ['esc', 'back'],
  ['tab', 'view'],
  ['/', 'filter'],
  ['p', 'pause'],
  ['q', 'quit'],
];

export function keyAction(input: string, key: KeyPress, ui: UiState, rowKeys: readonly string[], pageRows: number): UiAction | null {
  if (key.ctrl && input === 'c') return { type: 'quit' };
  if (ui.editingFilter) {
    if (key.return) return { type: 'filter-done' };
    if (key.escape) return { type: 'filter-cancel' };
    if (key.backspace || key.delete) return { type: 'filter-erase' };
    if (key.upArrow || key.downArrow || key.tab || key.ctrl || key.meta || input === '') return null;
    return { type: 'filter-type', text: input };
  }
  const screen = currentScreen(ui);
  if (key.upArrow || input === 'k') return { type: 'move', delta: -1, rowKeys, screen };
  if (key.downArrow || input === 'j') return { type: 'move', delta: 1, rowKeys, screen };
  if (key.pageUp) return { type: 'move', delta: -pageRows, rowKeys, screen };
  if (key.pageDown) return { type: 'move', delta: pageRows, rowKeys, screen };
  if (key.return) return { type: 'enter', rowKeys, screen };
  if (key.escape) return { type: 'back' };
  if (key.tab) return { type: 'switch-view' };
  if (input === '/') return { type: 'filter-start' };
  if (input === 'p') return { type: 'toggle-pause' };
  if (input === 'q') return { type: 'quit' };
  return null;
}
