import { useApp, useInput } from 'ink';
import { useEffect } from 'react';
import { keyAction, type UiAction, type UiState } from '../state/index.js';

/** Binds the keys of KEY_HELP; `q` (or ctrl-c) leaves the app. */
export function useTopKeys(ui: UiState, rowKeys: readonly string[], pageRows: number, dispatch: (action: UiAction) => void): void {
  const { exit } = useApp();
  useInput((input, key) => {
    const action = keyAction(input, key, ui, rowKeys, pageRows);
    if (action) dispatch(action);
  });
  useEffect(() => {
    if (ui.quitting) exit();
  }, [ui.quitting, exit]);
}
