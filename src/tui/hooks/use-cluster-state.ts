import { useEffect, useReducer, useRef, useState } from 'react';
import { systemClock, type Clock } from '../../common/index.js';
import { initialTopState, topReducer, type TopState } from '../state/index.js';
import { Poller, type TopSource } from '../sources/index.js';

export interface ClusterStateView {
  state: TopState;
  /** How long the poll in flight has been running (whole seconds matter), 0 when none. */
  pollWaitMs: number;
}

const WAIT_CHECK_MS = 1_000;

/** Polls `source` while mounted (not while paused) and folds the samples into TopState. */
export function useClusterState(source: TopSource, intervalMs: number, paused: boolean, clock: Clock = systemClock): ClusterStateView {
  const [state, dispatch] = useReducer(topReducer, intervalMs, initialTopState);
  const [pollWaitMs, setPollWaitMs] = useState(0);
  const poller = useRef<Poller | null>(null);

  useEffect(() => {
    const p = new Poller(source, { intervalMs, clock, onAction: dispatch });
    poller.current = p;
    p.start();
    // Sets state only when the whole seconds shown change: even an update React
    // bails out of ends in a commit, and Ink draws the whole screen on every commit.
    let shownSeconds = 0;
    const check = setInterval(() => {
      const since = p.waitingSinceMs();
      const waitMs = since === null ? 0 : clock.nowMs() - since;
      const seconds = Math.floor(waitMs / 1000);
      if (seconds === shownSeconds) return;
      shownSeconds = seconds;
      setPollWaitMs(waitMs);
    }, WAIT_CHECK_MS);
    return () => {
      clearInterval(check);
      p.stop();
      poller.current = null;
    };
  }, [source, intervalMs, clock]);

  useEffect(() => {
    poller.current?.setPaused(paused);
  }, [paused]);

  return { state, pollWaitMs };
}
