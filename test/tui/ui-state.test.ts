import { describe, expect, it } from 'vitest';
import { initialUiState, keyAction, selectedKey, uiReducer, type KeyPress, type UiAction, type UiState } from '../../src/tui/index.js';

const rows = ['orders', 'payments', 'audit'];
const press = (ui: UiState, input: string, key: KeyPress = {}, rowKeys = rows): UiState => {
  const action = keyAction(input, key, ui, rowKeys, 10);
  return action ? uiReducer(ui, action) : ui;
};
const run = (...actions: UiAction[]) => actions.reduce(uiReducer, initialUiState);

describe('key bindings and screen state', () => {
  it('moves the selection with arrows and j/k, staying within the rows', () => {
    let ui = press(initialUiState, 'j');
    expect(selectedKey(ui, rows)).toBe('payments');
    ui = press(ui, '', { downArrow: true });
    ui = press(ui, '', { downArrow: true });
    expect(selectedKey(ui, rows)).toBe('audit');
    ui = press(press(press(press(ui, 'k'), 'k'), 'k'), '', { upArrow: true });
    expect(selectedKey(ui, rows)).toBe('orders');
  });

  it('follows the selected row when the rows are re-sorted', () => {
    const ui = press(initialUiState, 'j');
    expect(selectedKey(ui, ['audit', 'payments', 'orders'])).toBe('payments');
    expect(selectedKey(ui, ['orders'])).toBe('orders');
  });

  it('drills into the selected topic or group with enter and comes back with esc', () => {
    let ui = press(press(initialUiState, 'j'), '', { return: true });
    expect(ui.drill).toEqual({ kind: 'topic', topic: 'payments' });
    ui = press(ui, '', { escape: true });
    expect(ui.drill).toBeNull();
    ui = press(press(ui, '', { tab: true }), '', { return: true }, ['billing']);
    expect(ui.drill).toEqual({ kind: 'group', groupId: 'billing' });
  });

  it('switches views with tab', () => {
    expect(press(initialUiState, '', { tab: true }).view).toBe('groups');
    expect(press(press(initialUiState, '', { tab: true }), '', { tab: true }).view).toBe('topics');
  });

  it('types a filter after /, keeps it on enter and clears it on esc', () => {
    let ui = press(initialUiState, '/');
    expect(ui.editingFilter).toBe(true);
    for (const ch of 'payq') ui = press(ui, ch);
    ui = press(ui, '', { backspace: true });
    expect(ui.filter).toBe('pay');
    expect(ui.quitting).toBe(false); // q went into the filter
    ui = press(ui, '', { return: true });
    expect([ui.editingFilter, ui.filter]).toEqual([false, 'pay']);
    ui = press(ui, '', { escape: true });
    expect(ui.filter).toBe('');
  });

  it('bounds the filter and drops control characters', () => {
    const ui = run({ type: 'filter-start' }, { type: 'filter-type', text: 'a\u001b[b'.repeat(100) });
    expect(ui.filter.length).toBe(100);
    expect(ui.filter).not.toContain('\u001b');
  });

  it('pauses with p and quits with q or ctrl-c', () => {
    expect(press(initialUiState, 'p').paused).toBe(true);
    expect(press(press(initialUiState, 'p'), 'p').paused).toBe(false);
    expect(press(initialUiState, 'q').quitting).toBe(true);
    expect(press(initialUiState, 'c', { ctrl: true }).quitting).toBe(true);
  });

  it('drops a move or enter meant for a screen that is no longer shown', () => {
    const onGroups = uiReducer(initialUiState, { type: 'switch-view' });
    expect(uiReducer(onGroups, { type: 'enter', rowKeys: ['orders'], screen: 'topics' }).drill).toBeNull();
    expect(uiReducer(onGroups, { type: 'move', delta: 1, rowKeys: ['a', 'b'], screen: 'topics' })).toBe(onGroups);
  });

  it('ignores enter when there is nothing to open', () => {
    expect(press(initialUiState, '', { return: true }, []).drill).toBeNull();
  });
});
