import { Text } from 'ink';
import { fit } from '../format.js';
import { KEY_HELP } from '../state/index.js';

export interface FooterProps {
  editingFilter: boolean;
  filter: string;
  width: number;
}

export function Footer({ editingFilter, filter, width }: FooterProps) {
  if (editingFilter) {
    return (
      <Text>
        <Text color="cyan">/{filter}</Text>
        <Text inverse> </Text>
        <Text dimColor> enter keep · esc clear</Text>
      </Text>
    );
  }
  return <Text dimColor>{fit(KEY_HELP.map(([key, what]) => `${key} ${what}`).join('  '), width)}</Text>;
}
