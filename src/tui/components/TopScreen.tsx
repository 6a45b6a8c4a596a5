/** The whole screen for one state: header, the current table, status line and key help. */
import { Box } from 'ink';
import {
  currentScreen,
  groupPartitionRows,
  groupRows,
  partitionRows,
  selectedKey,
  topicRows,
  type TopState,
  type UiState,
} from '../state/index.js';
import { Footer } from './Footer.js';
import { GroupDetail } from './GroupDetail.js';
import { GroupsTable } from './GroupsTable.js';
import { Header } from './Header.js';
import { PartitionsTable } from './PartitionsTable.js';
import { StatusLine } from './StatusLine.js';
import { TopicsTable } from './TopicsTable.js';
import { groupPartitionKey } from '../state/index.js';

export interface TopScreenProps {
  state: TopState;
  ui: UiState;
  brokers: string;
  width: number;
  height: number;
  pollWaitMs: number;
}

/** Header, status line and footer. */
const CHROME_LINES = 3;

export function TopScreen({ state, ui, brokers, width, height, pollWaitMs }: TopScreenProps) {
  const bodyHeight = Math.max(3, height - CHROME_LINES);
  const sizesAvailable = state.sizesAvailable === true;
  return (
    <Box flexDirection="column" width={width}>
      <Header view={ui.view} drill={ui.drill} brokers={brokers} intervalMs={state.intervalMs} filter={ui.filter} width={width} />
      {/*
        Tables keep within bodyHeight themselves (clipping would cost a slice of every
        line on every frame). The height stays fixed: Ink's incremental redraw assumes
        the frame keeps its height.
      */}
      <Box height={bodyHeight} flexDirection="column">
        <Body state={state} ui={ui} width={width} height={bodyHeight} sizesAvailable={sizesAvailable} />
      </Box>
      <StatusLine
        health={state.health}
        sizesAvailable={state.sizesAvailable}
        paused={ui.paused}
        pollWaitMs={pollWaitMs}
        intervalMs={state.intervalMs}
        width={width}
      />
      <Footer editingFilter={ui.editingFilter} filter={ui.filter} width={width} />
    </Box>
  );
}

function Body({ state, ui, width, height, sizesAvailable }: { state: TopState; ui: UiState; width: number; height: number; sizesAvailable: boolean }) {
  switch (currentScreen(ui)) {
    case 'topics': {
      const rows = topicRows(state, ui.filter);
      const key = selectedKey(ui, rows.map((r) => r.topic));
      return <TopicsTable rows={rows} selectedKey={key} sizesAvailable={sizesAvailable} height={height} width={width} />;
    }
    case 'topic': {
      const rows = partitionRows(state.topics.get((ui.drill as { topic: string }).topic));
      const key = selectedKey(ui, rows.map((r) => String(r.partition)));
      return <PartitionsTable rows={rows} selectedKey={key} sizesAvailable={sizesAvailable} height={height} width={width} />;
    }
    case 'groups': {
      const rows = groupRows(state, ui.filter);
      const key = selectedKey(ui, rows.map((r) => r.groupId));
      return <GroupsTable rows={rows} selectedKey={key} height={height} width={width} />;
    }
    case 'group': {
      const group = state.groups.get((ui.drill as { groupId: string }).groupId);
      const rows = groupPartitionRows(group, ui.filter);
      const key = selectedKey(ui, rows.map(groupPartitionKey));
      return <GroupDetail group={group} rows={rows} selectedKey={key} height={height} width={width} />;
    }
  }
}
