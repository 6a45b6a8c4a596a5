/** The figures of `kgo top --once` as text tables, drawn by the live screen's own components. */
import { Box, renderToString, Text } from 'ink';
import { GroupsTable, TopicsTable } from './components/index.js';
import { groupRows, topicRows, type TopState } from './state/index.js';

export function renderTopText(state: TopState, width = 100): string {
  const topics = topicRows(state, '');
  const groups = groupRows(state, '');
  return renderToString(
    <Box flexDirection="column">
      <TopicsTable rows={topics} selectedKey={null} sizesAvailable={state.sizesAvailable === true} height={topics.length + 2} width={width} />
      <Text> </Text>
      <GroupsTable rows={groups} selectedKey={null} height={groups.length + 2} width={width} />
      {state.sizesAvailable === false ? <Text>bytes/s unavailable: the cluster does not report partition sizes</Text> : null}
    </Box>,
    { columns: width },
  );
}
