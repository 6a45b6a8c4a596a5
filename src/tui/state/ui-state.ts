/**
 * What the user is looking at: the view, the drilled-in topic or group, the
 * selected row, the filter and whether updates are paused. Rows are selected
 * by key, not position, because rows sorted by rate move between samples.
 */
import { FILTER_CHARS_MAX } from './limits.js';

export type ViewName = 'topics' | 'groups';
export type Drill = { kind: 'topic'; topic: string } | { kind: 'group'; groupId: string } | null;
export type Screen = 'topics' | 'groups' | 'topic' | 'group';

export interface UiState {
  view: ViewName;
  drill: Drill;
  /** Key of the selected row on each screen. */
  selected: Readonly<Record<Screen, string | null>>;
  filter: string;
  editingFilter: boolean;
  paused: boolean;
  quitting: boolean;
}

export type UiAction =
  /** `screen` is the one `rowKeys` were read from; keys typed faster than the screen redraws are dropped. */
  | { type: 'move'; delta: number; rowKeys: readonly string[]; screen: Screen }
  | { type: 'enter'; rowKeys: readonly string[]; screen: Screen }
  | { type: 'back' }
  | { type: 'switch-view' }
  | { type: 'filter-start' }
  | { type: 'filter-type'; text: string }
  | { type: 'filter-erase' }
  | { type: 'filter-done' }
  | { type: 'filter-cancel' }
  | { type: 'toggle-pause' }
  | { type: 'quit' };

export const initialUiState: UiState = {
  view: 'topics',
  drill: null,
  selected: { topics: null, groups: null, topic: null, group: null },
  filter: '',
  editingFilter: false,
  paused: false,
  quitting: false,
};

export function currentScreen(ui: UiState): Screen {
  return ui.drill ? ui.drill.kind : ui.view;
}

/** The selected key if it is still on screen, else the first row's. */
export function selectedKey(ui: UiState, rowKeys: readonly string[]): string | null {
  const key = ui.selected[currentScreen(ui)];
  return key !== null && rowKeys.includes(key) ? key : (rowKeys[0] ?? null);
}

function select(ui: UiState, key: string | null): UiState {
  return { ...ui, selected: { ...ui.selected, [currentScreen(ui)]: key } };
}

export function uiReducer(ui: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'move': {
      if (action.rowKeys.length === 0 || action.screen !== currentScreen(ui)) return ui;
      const at = Math.max(0, action.rowKeys.indexOf(selectedKey(ui, action.rowKeys) ?? ''));
      const to = Math.min(action.rowKeys.length - 1, Math.max(0, at + action.delta));
      return select(ui, action.rowKeys[to]!);
    }
    case 'enter': {
      const key = selectedKey(ui, action.rowKeys);
      if (ui.drill || key === null || action.screen !== currentScreen(ui)) return ui;
      const drill: Drill = ui.view === 'topics' ? { kind: 'topic', topic: key } : { kind: 'group', groupId: key };
      return { ...select(ui, key), drill, filter: '', editingFilter: false };
    }
    case 'back':
      if (ui.drill) return { ...ui, drill: null };
      return ui.filter !== '' ? { ...ui, filter: '' } : ui;
    case 'switch-view':
      return { ...ui, view: ui.view === 'topics' ? 'groups' : 'topics', drill: null, filter: '', editingFilter: false };
    case 'filter-start':
      return { ...ui, editingFilter: true };
    case 'filter-type': {
      const text = action.text.replace(/[\u0000-\u001f\u007f]/g, '');
      return { ...ui, filter: (ui.filter + text).slice(0, FILTER_CHARS_MAX) };
    }
    case 'filter-erase':
      return { ...ui, filter: ui.filter.slice(0, -1) };
    case 'filter-done':
      return { ...ui, editingFilter: false };
    case 'filter-cancel':
      return { ...ui, editingFilter: false, filter: '' };
    case 'toggle-pause':
      return { ...ui, paused: !ui.paused };
    case 'quit':
      return { ...ui, quitting: true };
  }
}
