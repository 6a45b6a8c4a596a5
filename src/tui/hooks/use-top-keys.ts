import { useApp, useInput } from 'ink';
import { useEffect, useRef } from 'react';
import { keyAction, type UiAction, type UiState } from '../state/index.js';

/**
 * Binds the keys of KEY_HELP; `q` (or ctrl-c) leaves the app. The handler
 * reads the last drawn screen through a ref, since keys can arrive before
 * React has re-subscribed a handler made for the new screen.
 */
export function useTopKeys(ui: UiState, rowKeys: readonly string[], pageRows: number, dispatch: (action: UiAction) => void): void {
  const { exit } = useApp();
  const drawn = useRef({ ui, rowKeys, pageRows });
  drawn.current = { ui, rowKeys, pageRows };
  useInput((input, key) => {
    const action = keyAction(input, key, drawn.current.ui, drawn.current.rowKeys, drawn.current.pageRows);
    if (action) dispatch(action);
  });
  useEffect(() => {
    if (ui.quitting) exit();
  }, [ui.quitting, exit]);
}
